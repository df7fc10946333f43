// The single-file guide in headless Chromium, opened from file:// with nothing beside it.
//
//   node single.mjs SINGLE_FILE.html
//
// The file is copied alone into an empty folder first, so a reference to any other file fails.
// Its search finds "sciatica" and the result jumps to a place in the same file; when the file
// holds the decision tool, answering its questions reaches an outcome, and Back steps back
// through the questions. On a phone the contents start folded, so the first page starts on the
// first screen; the tool's own steps (its pages) are hidden unless a link leads to one, with
// or without JavaScript. No request is made except for the file itself, and no script fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node single.mjs SINGLE_FILE.html');
  process.exit(2);
}
const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'backguide-single-'));
const copy = path.join(alone, 'guide.html');
fs.copyFileSync(file, copy);
const url = pathToFileURL(copy).href;

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const requests = [];
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);

  // The contents are folded to one line, so the first page comes straight after the header
  // and the emergency box that every page has.
  const first = await page.evaluate(() => {
    const h = document.querySelector('.single-part h1');
    const c = document.querySelector('#contents').getBoundingClientRect();
    return { top: h.getBoundingClientRect().top, text: h.textContent, contents: c.height,
      open: document.querySelector('#contents details').open };
  });
  console.log(`first page heading "${first.text}" at y=${Math.round(first.top)}; contents ${Math.round(first.contents)} px high`);
  if (first.open) fail('the contents are not folded');
  if (first.contents > 80) fail(`the folded contents are ${first.contents} px high`);

  // The tool's steps, as parts of the file, are hidden: scrolling never shows a result out of
  // its context.
  const shownSteps = await page.$$eval('.single-step', (els) => els.filter((e) => e.offsetHeight > 0).length);
  const steps = await page.$$eval('.single-step', (els) => els.length);
  if (!steps) fail('the file has no decision steps (.single-step)');
  if (shownSteps) fail(`${shownSteps} of ${steps} decision steps are shown without being asked for`);

  // Search: "sciatica" finds the page about pain down the leg, inside this file.
  const box = page.locator('#search-input');
  if (!(await box.isVisible())) fail('the search box is not visible');
  await box.focus();
  await box.pressSequentially('sciatica', { delay: 10 });
  await page.waitForFunction(() => document.querySelectorAll('#search-results a').length > 0,
    null, { timeout: 5000 }).catch(() => fail('"sciatica": no results'));
  const hrefs = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
  console.log(`"sciatica": ${hrefs.join(', ')}`);
  if (hrefs[0] !== '#warning-signs-pain-down-the-leg') fail(`"sciatica": first result ${hrefs[0]}`);
  for (const h of hrefs) {
    if (!h.startsWith('#')) fail(`result ${h} leaves the file`);
    else if (!(await page.$(`[id="${h.slice(1)}"]`))) fail(`result ${h} has no target in the file`);
  }
  await page.locator('#search-results a').first().click();
  if (new URL(page.url()).hash !== hrefs[0]) fail(`clicking the result went to ${page.url()}`);
  const inView = await page.evaluate((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return r.top < window.innerHeight && r.bottom > 0;
  }, hrefs[0].slice(1));
  if (!inView) fail('the result\'s part is not scrolled into view');

  // The decision tool, when the file has one: answer "No" (or the first answer) until an
  // outcome shows. Its answers live in its own state, so the file's other links keep working.
  const app = await page.$('#decide-app');
  if (app) {
    await page.goto(url);
    let outcome = null;
    const asked = [];
    for (let step = 0; step < 20 && !outcome; step += 1) {
      outcome = await page.evaluate(() => {
        const r = document.querySelector('#decide-app .decide-result');
        return r ? document.querySelector('#decide-app .decide-heading').textContent : null;
      });
      if (outcome) break;
      asked.push(await page.locator('#decide-app .decide-heading').textContent());
      const answers = page.locator('#decide-app a.decide-answer');
      if (!(await answers.count())) break;
      const no = answers.filter({ hasText: /^(No\b|None of these)/ });
      await ((await no.count()) ? no.first() : answers.first()).click();
    }
    if (!outcome) fail(`the decision tool did not reach an outcome after: ${asked.join(' / ')}`);
    else console.log(`decision tool: ${asked.length} questions, then "${outcome}"`);
    if (asked.length < 2) fail('the decision tool did not move past its first question');
    // Back steps back through the tool, one question at a time, and stays in the file.
    await page.goBack();
    const back1 = await page.locator('#decide-app .decide-heading').textContent();
    if (back1 !== asked[asked.length - 1]) fail(`Back showed "${back1}", expected "${asked[asked.length - 1]}"`);
    await page.goBack();
    const back2 = await page.locator('#decide-app .decide-heading').textContent();
    if (asked.length >= 2 && back2 !== asked[asked.length - 2]) fail(`a second Back showed "${back2}", expected "${asked[asked.length - 2]}"`);
    if (!page.url().startsWith(url)) fail(`Back left the file: ${page.url()}`);
    console.log(`Back: "${back1}", then "${back2}"`);
    await page.goForward();
    await page.goForward();
    const again = await page.evaluate(() => document.querySelector('#decide-app .decide-heading').textContent);
    if (again !== outcome) fail(`Forward twice showed "${again}", expected "${outcome}"`);
    const notice = await page.locator('[data-decide-notice]').isVisible();
    if (notice) fail('the decision tool shows its "did not match" notice');
    // A link to another page of the file scrolls there and leaves the tool's answer alone.
    await page.locator('#contents summary').click();
    await page.locator('#contents a').first().click();
    const after = await page.evaluate(() => document.querySelector('#decide-app .decide-heading').textContent);
    if (after !== outcome) fail(`following a contents link changed the tool to "${after}"`);
    if (await page.locator('[data-decide-notice]').isVisible()) fail('a contents link made the tool complain');
  } else {
    fail('the file has no decision tool (#decide-app)');
  }

  // Without JavaScript the tool moves by links between its steps: only the step a link leads
  // to is shown.
  const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const plain = await nojs.newPage();
  await plain.goto(url);
  const answer = plain.locator('#decide-app a.decide-answer').filter({ hasText: /^None of these/ }).first();
  const target = await answer.getAttribute('href');
  await answer.click();
  const shown = await plain.$$eval('.single-step', (els) => els.filter((e) => e.offsetHeight > 0).map((e) => '#' + e.id));
  if (shown.length !== 1 || shown[0] !== target) fail(`without JavaScript, answering showed ${JSON.stringify(shown)}, expected [${target}]`);
  else console.log(`without JavaScript: only ${target} is shown`);
  await nojs.close();

  if (requests.length) fail(`requests other than the file itself: ${requests.join(', ')}`);
  if (errors.length) fail(`script errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  fs.rmSync(alone, { recursive: true, force: true });
}
if (!process.exitCode) console.log('single file: ok');
