// The site's search in headless Chromium, opened from file://.
//
//   node search.mjs SITE_DIR
//
// From a page in a sub-folder: the index is not loaded until the search box is first used; the
// words "sciatica", "ice" and "deadlift" find the right pages; results are links with a title
// and a snippet that lead to real pages; the count is announced in a live region, and it is the
// true count, saying when only the best 10 are shown ("numb"); "A&E" finds the emergency result;
// the arrow keys reach the results; a search that finds nothing says so and offers the decision
// page and the emergency numbers; no request leaves file://. Without JavaScript the box is
// hidden, and a note says search needs JavaScript and links to the section list.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';
import { injectAxe } from './axe-helpers.mjs';

const [siteDir] = process.argv.slice(2);
if (!siteDir) {
  console.error('usage: node search.mjs SITE_DIR');
  process.exit(2);
}
const start = pathToFileURL(path.resolve(siteDir, 'causes/doms.html')).href;

// What each word must find: pages that must be among the results, and the page that must come first.
const EXPECT = {
  sciatica: { first: 'warning-signs/pain-down-the-leg.html', includes: ['glossary.html#sciatica'] },
  'A&E': { first: 'decide/emergency.html', includes: [] },
  ice: { first: 'recovery/cold-and-heat.html', includes: [] },
  deadlift: { first: null, includes: ['prevention/good-form.html', 'causes/poor-form.html'] },
};

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const offHost = [];
  page.on('request', (r) => { if (!r.url().startsWith('file://')) offHost.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(start);

  const box = page.locator('#search-input');
  if (!(await box.isVisible())) fail('the search box is not visible with JavaScript on');
  const label = await page.locator('label[for="search-input"]').textContent();
  if (!label || !label.trim()) fail('the search box has no label');
  const early = await page.evaluate(() => typeof window.BACKGUIDE_SEARCH !== 'undefined'
    || typeof window.BACKGUIDE_SEARCHER !== 'undefined'
    || !!document.querySelector('script[src*="search-index"], script[src*="search-engine"]'));
  if (early) fail('the search or its index was loaded before the search box was used');

  for (const [word, want] of Object.entries(EXPECT)) {
    await box.fill('');
    // The previous word's results must be gone first, or they could be read as this word's.
    await page.waitForFunction(() => document.querySelectorAll('#search-results a').length === 0,
      null, { timeout: 5000 }).catch(() => fail(`"${word}": the old results stayed after clearing the box`));
    await box.focus();
    await box.pressSequentially(word, { delay: 10 });
    await page.waitForFunction(() => document.querySelectorAll('#search-results a').length > 0,
      null, { timeout: 5000 }).catch(() => fail(`"${word}": no results`));
    const results = await page.$$eval('#search-results a', (as) => as.map((a) => ({
      href: a.getAttribute('href'),
      url: a.href,
      title: a.querySelector('.search-title')?.textContent || '',
      snippet: a.querySelector('.search-snippet')?.textContent || '',
    })));
    const hrefs = results.map((r) => r.href.replace(/^\.\.\//, ''));
    console.log(`"${word}": ${hrefs.join(', ')}`);
    if (want.first && hrefs[0] !== want.first) fail(`"${word}": first result ${hrefs[0]}, expected ${want.first}`);
    for (const h of want.includes) if (!hrefs.includes(h)) fail(`"${word}": ${h} is not among the results`);
    for (const r of results) {
      if (!r.title.trim() || !r.snippet.trim()) fail(`"${word}": result ${r.href} lacks a title or snippet`);
      if (!r.href.startsWith('../')) fail(`"${word}": result ${r.href} is not relative to this page`);
    }
    const status = await page.locator('#search-status').textContent();
    const live = await page.locator('#search-status').getAttribute('aria-live');
    if (live !== 'polite' || !/\d+ pages? found/.test(status)) fail(`"${word}": status "${status}" (aria-live ${live})`);
  }

  // Accessible with results shown, in light and dark mode (axe-core, WCAG 2.x A and AA).
  await injectAxe(page);
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const violations = await page.evaluate(async () => (await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    if (violations.length) fail(`axe (${colorScheme}) with results shown: ${violations.join('; ')}`);
  }

  // Keyboard: arrow down from the box reaches the first result, Enter follows it to a real page.
  await box.fill('');
  await box.pressSequentially('ice', { delay: 10 });
  await page.waitForSelector('#search-results a');
  await box.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
  if (!focused || !focused.includes('cold-and-heat')) fail(`ArrowDown focused ${focused}`);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const h1 = await page.locator('h1').textContent();
  if (!/cold/i.test(h1)) fail(`Enter on the result opened "${h1}"`);

  // A word that is nowhere says so, and offers the decision page and the emergency numbers.
  // On the new page the index may still be loading ("Loading the search…"): wait for the answer.
  await page.locator('#search-input').fill('zzzzqqq');
  await page.waitForFunction(() => /no pages/i.test(document.getElementById('search-status').textContent),
    null, { timeout: 5000 }).catch(() => {});
  const none = await page.locator('#search-status').textContent();
  if (!/no pages/i.test(none)) fail(`no-match status is "${none}"`);
  const help = page.locator('.search-none');
  if (!(await help.isVisible())) fail('no help is shown when nothing is found');
  const decide = await help.locator('a[href$="decide.html"]').count();
  if (decide !== 1) fail('the no-result help does not link to the decision page');
  const helpText = await help.textContent();
  if (!/999/.test(helpText)) fail(`the no-result help has no emergency number: "${helpText}"`);
  for (const tel of await help.locator('a[href^="tel:"]').all()) {
    const href = await tel.getAttribute('href');
    if (!/^tel:\d+$/.test(href)) fail(`emergency link ${href} is not a tel: number`);
  }
  // Words too common to search for say so too, instead of a blank status.
  await page.locator('#search-input').fill('the');
  const common = await page.locator('#search-status').textContent();
  if (!/too short or too common/.test(common) || !(await help.isVisible())) fail(`"the": status "${common}"`);
  // A real word clears the help again.
  await page.locator('#search-input').fill('ice');
  await page.waitForSelector('#search-results a');
  if (await help.isVisible()) fail('the no-result help stays with results shown');

  // "numb" is on more than 10 pages: the status gives the true number and says 10 are shown.
  await page.locator('#search-input').fill('numb');
  await page.waitForSelector('#search-results a');
  const shown = await page.locator('#search-results a').count();
  const numb = await page.locator('#search-status').textContent();
  const count = Number((/(\d+) pages found/.exec(numb) || [])[1]);
  if (!(count > 10) || shown !== 10 || !/best 10 are shown/.test(numb)) {
    fail(`"numb": ${shown} shown, status "${numb}"`);
  }

  if (offHost.length) fail(`requests left file://: ${offHost.join(', ')}`);
  if (errors.length) fail(`script errors: ${errors.join('; ')}`);

  // Without JavaScript: no search box, but a note that says why, linking to the section list.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(start);
  if (await plain.locator('.site-search').isVisible()) fail('the search box shows without JavaScript');
  const sections = await plain.locator('.site-nav a').count();
  if (sections < 5) fail(`without JavaScript only ${sections} section links`);
  const note = plain.locator('.search-nojs');
  if (!(await note.isVisible()) || !/needs JavaScript/.test(await note.textContent())) {
    fail('without JavaScript nothing says that search needs it');
  }
  await note.locator('a').click();
  if (!(await plain.locator('#sections').isVisible())) fail('the no-JavaScript note does not lead to the section list');
  await noJs.close();
} finally {
  await browser.close();
}
if (!process.exitCode) console.log('search: ok');
