// The single-file guide in headless Chromium, opened from file:// with nothing beside it.
//
//   node single.mjs SINGLE_FILE.html
//
// The file is copied alone into an empty folder first, so a reference to any other file fails.
// Its search finds "sciatica" and the result jumps to a place in the same file; when the file
// holds the decision tool, answering its questions reaches an outcome. No request is made
// except for the file itself, and no script fails.
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

  // The decision tool, when the file has one: answer until an outcome shows.
  const app = await page.$('#decide-app');
  if (app) {
    await page.goto(url);
    await page.locator('#decide-app').scrollIntoViewIfNeeded();
    let outcome = false;
    for (let step = 0; step < 20 && !outcome; step += 1) {
      outcome = await page.evaluate(() => !!document.querySelector('#decide-app [data-outcome], #decide-app .decide-outcome'));
      if (outcome) break;
      const answer = page.locator('#decide-app button, #decide-app a[data-answer]').first();
      if (!(await answer.count())) break;
      await answer.click();
    }
    if (!outcome) fail('the decision tool did not reach an outcome');
    else console.log('decision tool: reached an outcome');
  } else {
    console.log('decision tool: not in this file');
  }

  if (requests.length) fail(`requests other than the file itself: ${requests.join(', ')}`);
  if (errors.length) fail(`script errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  fs.rmSync(alone, { recursive: true, force: true });
}
if (!process.exitCode) console.log('single file: ok');
