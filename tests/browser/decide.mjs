// decide.html in headless Chromium, opened from file://. Driven by tests/decide_browser.rs:
//   node decide.mjs <site folder> <cases JSON> <phone JSON>
// where each case is {answers: [answer indexes], outcome: "<id>", tier: "<tier>"}, computed by
// the Rust model (backguide::decision::walk), and the phone JSON is {redFlags: [{index, outcome}],
// scenarios: [case with an id]}: the first question's red-flag answers, each to be tapped once,
// and reader scenarios (tests/clinical_scenarios.yaml) to tap through at 390x844.
// Set SCREENSHOT_DIR to keep 360 px screenshots.
import { launch, fail } from './chromium.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [siteArg, casesArg, phoneArg] = process.argv.slice(2);
const site = resolve(siteArg);
const cases = JSON.parse(casesArg);
const phone = JSON.parse(phoneArg);
const start = pathToFileURL(join(site, 'decide.html')).href;
const shots = process.env.SCREENSHOT_DIR;
const TIER_WORDS = {
  emergency: 'Emergency', urgent: 'Urgent', routine: 'Not an emergency', 'self-care': 'Self-care',
};

function check(ok, message) {
  if (!ok) throw new Error(message);
}

// Fail on any request to another host, any script error, and any HTML built from a string.
async function watch(page, problems) {
  page.on('request', (r) => {
    if (!r.url().startsWith('file://')) problems.push(`request to another host: ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.addInitScript(() => {
    const trap = (proto, name) => {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (d && d.set) {
        Object.defineProperty(proto, name, {
          ...d, set(v) { window.__htmlWrites = (window.__htmlWrites || 0) + 1; d.set.call(this, v); },
        });
      }
    };
    trap(Element.prototype, 'innerHTML');
    trap(Element.prototype, 'outerHTML');
    const insert = Element.prototype.insertAdjacentHTML;
    Element.prototype.insertAdjacentHTML = function (...a) {
      window.__htmlWrites = (window.__htmlWrites || 0) + 1;
      return insert.apply(this, a);
    };
    const write = Document.prototype.write;
    Document.prototype.write = function (...a) {
      window.__htmlWrites = (window.__htmlWrites || 0) + 1;
      return write.apply(this, a);
    };
  });
}

// What the page shows now.
function screen(page) {
  return page.evaluate(() => {
    const s = document.querySelector('#decide-app .decide-screen');
    const heading = s.querySelector('.decide-heading');
    const label = s.querySelector('.tier-label');
    const why = s.querySelector('[data-why-path]');
    return {
      node: s.getAttribute('data-node'),
      heading: heading.textContent.trim(),
      focused: document.activeElement === heading,
      status: document.getElementById('decide-status').textContent,
      hash: location.hash,
      progress: (s.querySelector('.decide-progress') || {}).textContent || null,
      tier: label ? label.textContent.trim() : null,
      why: why && !why.hidden ? [...why.querySelectorAll('li')].map((li) => li.textContent.trim()) : null,
      watch: !!s.querySelector('[data-decide-watch]'),
      urgent: [...s.querySelectorAll('[data-decide-urgent-signs] li')].map((li) => li.textContent.trim()),
      links: [...s.querySelectorAll('.decide-result a')].map((a) => a.getAttribute('href'))
        .filter((h) => !h.startsWith('tel:')),
      tel: [...s.querySelectorAll('.decide-result a[href^="tel:"]')].map((a) => a.getAttribute('aria-label')),
      back: (() => { const b = s.querySelector('.decide-back'); return b && !b.hidden ? b.getAttribute('href') : null; })(),
      notice: !document.querySelector('[data-decide-notice]').hidden,
      extraHidden: document.querySelector('[data-decide-extra]').hidden,
      htmlWrites: window.__htmlWrites || 0,
    };
  });
}

// Answer, then wait for the screen itself to change: the hash changes first, and the page
// redraws only when the hashchange event runs, a moment later.
async function answer(page, index) {
  const status = () => document.getElementById('decide-status').textContent;
  const before = await page.evaluate(status);
  await page.locator('#decide-app .decide-answer').nth(index).click();
  await page.waitForFunction((b) => document.getElementById('decide-status').textContent !== b, before);
}

// Run an action that changes the hash, and wait until the page has redrawn for it.
async function redraw(page, action) {
  const before = await page.evaluate(() => document.getElementById('decide-status').textContent);
  await action();
  await page.waitForFunction((b) => document.getElementById('decide-status').textContent !== b, before);
}

// Tap an answer on a touch screen, then wait for the redraw, as `answer` does for a click.
async function tap(page, index) {
  const before = await page.evaluate(() => document.getElementById('decide-status').textContent);
  await page.locator('#decide-app .decide-answer').nth(index).tap();
  await page.waitForFunction((b) => document.getElementById('decide-status').textContent !== b, before);
}

async function shot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

const browser = await launch();
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await watch(page, problems);

  // The first question, before any answer: no Back, no Start again, focus left alone.
  await page.goto(start);
  let s = await screen(page);
  check(s.progress && s.progress.startsWith('Question 1 of up to'), `progress: ${s.progress}`);
  check(!s.back && !s.focused && !s.notice, `the first screen: ${JSON.stringify(s)}`);
  for (const box of await page.locator('#decide-app .decide-answer').all()) {
    const b = await box.boundingBox();
    check(b.height >= 44 && b.width >= 44, `an answer is ${b.width}x${b.height} px, under 44 px`);
  }
  await shot(page, 'question-1');

  // One path per tier, each compared with the outcome the Rust model computes.
  for (const c of cases) {
    await page.goto(start);
    for (const [i, index] of c.answers.entries()) {
      await answer(page, index);
      s = await screen(page);
      check(s.focused, `focus moves to the heading after answer ${i + 1}: ${JSON.stringify(s)}`);
      check(s.status.includes(s.heading), `the live region tells screen readers: ${s.status}`);
      if (i + 1 < c.answers.length) {
        check(s.progress.startsWith(`Question ${i + 2} of up to`), `progress: ${s.progress}`);
      }
    }
    check(s.node === c.outcome, `answers ${c.answers}: the browser shows ${s.node}, the model ${c.outcome}`);
    check(s.tier === TIER_WORDS[c.tier], `the tier in words: ${s.tier} for ${c.tier}`);
    check(s.why && s.why.length > 0, `"Why this result" lists what the reader said: ${s.why}`);
    check(s.watch === (c.tier !== 'emergency'), `the red flags repeat on a ${c.tier} result: ${s.watch}`);
    check(s.extraHidden === (c.tier === 'emergency'), 'nothing else on an emergency result');
    // The signs that need help today, which the script lists from the tree's data, are the
    // ones the result's own page lists; an urgent or emergency result does not list them.
    const own = readFileSync(join(site, `decide/${c.outcome}.html`), 'utf8');
    const block = own.match(/<div data-decide-urgent-signs>[\s\S]*?<ul>([\s\S]*?)<\/ul>/);
    const expected = block ? [...block[1].matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1].replace(/&amp;/g, '&')) : [];
    check(JSON.stringify(s.urgent) === JSON.stringify(expected),
      `the "get help today" signs on a ${c.tier} result: ${JSON.stringify(s.urgent)}, its page lists ${JSON.stringify(expected)}`);
    if (c.tier === 'routine' || c.tier === 'self-care') check(s.urgent.length > 0, `a ${c.tier} result lists the urgent signs`);
    check(s.links.length > 0, 'links into the guide');
    if (c.tier === 'emergency') {
      check(s.tel.length > 0 && s.tel.every((l) => l && l.startsWith('Call ')), `tappable numbers with labels: ${s.tel}`);
    }
    for (const href of s.links) {
      check(existsSync(join(site, href.split('#')[0])), `the link ${href} names a file of the site`);
    }
    await shot(page, `outcome-${c.tier}`);
  }

  // Back, browser Back and Forward, and reload, on the last case's path.
  const last = cases[cases.length - 1];
  const outcomeHash = s.hash;
  await redraw(page, () => page.locator('#decide-app .decide-back').click());
  await page.waitForFunction((h) => location.hash !== h, outcomeHash);
  s = await screen(page);
  check(s.progress !== null && s.focused, `Back shows the last question: ${JSON.stringify(s)}`);
  const questionHash = s.hash;
  await redraw(page, () => page.goBack());
  await page.waitForFunction((h) => location.hash === h, outcomeHash);
  check((await screen(page)).node === last.outcome, 'browser Back returns to the result');
  await redraw(page, () => page.goForward());
  await page.waitForFunction((h) => location.hash === h, questionHash);
  check((await screen(page)).progress !== null, 'browser Forward returns to the question');
  await page.goto(start + outcomeHash);
  await page.reload();
  s = await screen(page);
  check(s.node === last.outcome && s.focused, `a reload with the hash shows the result: ${JSON.stringify(s)}`);
  check(s.why.length > 0, 'and its reasons');

  // Start again.
  await redraw(page, () => page.locator('#decide-app [data-decide-restart]').first().click());
  await page.waitForFunction(() => location.hash === '');
  s = await screen(page);
  check(s.progress.startsWith('Question 1 of'), `Start again shows the first question: ${s.progress}`);

  // Keyboard: Tab to the first answer and press Enter.
  await page.locator('#decide-app .decide-answer').first().focus();
  await redraw(page, () => page.keyboard.press('Enter'));
  await page.waitForFunction(() => location.hash !== '');
  check((await screen(page)).focused, 'the keyboard answers too');

  // The skip link jumps to #main: the answers so far stay, and no notice is shown.
  const answered = await page.evaluate(() => location.hash);
  const before = await screen(page);
  await page.evaluate(() => { location.hash = '#main'; });
  await page.waitForFunction(() => location.hash === '#main');
  await page.waitForTimeout(200); // time for a hashchange handler to run, had it redrawn
  s = await screen(page);
  check(s.node === before.node && !s.notice, `the skip link keeps the question (${answered}): ${JSON.stringify(s)}`);

  // An unknown id, an answer out of range, and a prototype key are ignored safely.
  for (const bad of ['#nowhere=1', '#emergency-signs=99', '#__proto__=0', '#emergency-signs=8&constructor=0', '#%E0%A4%A']) {
    await page.goto(start + bad);
    s = await screen(page);
    check(s.progress.startsWith('Question 1 of') && s.notice, `${bad}: back to the start with a notice`);
  }
  const writes = (await screen(page)).htmlWrites;
  check(writes === 0, `the script built HTML from strings ${writes} times`);
  await context.close();

  // Without JavaScript the same answers are links to decide/<id>.html.
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const p2 = await plain.newPage();
  await watch(p2, problems);
  await p2.goto(start);
  for (const index of cases[0].answers) {
    await Promise.all([p2.waitForNavigation(), p2.locator('.decide-answer').nth(index).click()]);
  }
  check(p2.url().endsWith(`/decide/${cases[0].outcome}.html`), `without JavaScript: ${p2.url()}`);
  check((await p2.locator('h1').textContent()).length > 0, 'the result page has its heading');
  await shot(p2, 'no-js-outcome');
  await plain.close();

  // A phone, 390x844 with touch: one tap on each red-flag answer of the first question reaches
  // the emergency result; then reader scenarios, tapped answer by answer.
  const mobile = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const p3 = await mobile.newPage();
  await watch(p3, problems);
  check(phone.redFlags.length >= 8, `only ${phone.redFlags.length} red-flag answers on the first question`);
  for (const flag of phone.redFlags) {
    await p3.goto(start);
    const label = (await p3.locator('#decide-app .decide-answer').nth(flag.index).textContent()).trim();
    await tap(p3, flag.index);
    s = await screen(p3);
    check(s.node === flag.outcome && s.tier === TIER_WORDS.emergency,
      `one tap on "${label}" shows ${s.node} (${s.tier}), not the emergency result ${flag.outcome}`);
    check(s.why && s.why.length === 1, `"Why this result" names the one sign tapped: ${s.why}`);
    check(s.tel.length > 0, `a number to tap in the result: ${s.tel}`);
  }
  await shot(p3, 'phone-red-flag');
  for (const c of phone.scenarios) {
    await p3.goto(start);
    for (const index of c.answers) await tap(p3, index);
    s = await screen(p3);
    check(s.node === c.outcome && s.tier === TIER_WORDS[c.tier],
      `scenario ${c.id}: the page shows ${s.node} (${s.tier}), expected ${c.outcome} (${c.tier})`);
  }
  await mobile.close();
} catch (e) {
  fail(e.message);
} finally {
  await browser.close();
}
for (const p of problems) fail(p);
if (!process.exitCode) console.log(`decide.mjs: ${cases.length} paths, Back, Forward, reload, Start again, bad hashes, no-JS, ${phone.redFlags.length} one-tap red flags and ${phone.scenarios.length} scenarios on a phone all pass`);
