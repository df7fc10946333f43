// Smoke test of the built guide in headless Chromium, from file://, on a 360 x 740 phone screen.
//
//   node smoke.mjs SITE_DIR [SCREENSHOT_DIR]
//
// For the home page, a topic and the causes index (which has the timeline), with JavaScript on
// and off: no sideways scrolling, every link and button in the header, emergency box and main
// at least 44px tall (links inside a sentence are exempt, as in WCAG 2.5.8, and listed as
// notes), no request to any host, no console error, and the emergency box visible with its
// heading on the first screen. Screenshots go to SCREENSHOT_DIR (default /tmp), never into the
// repository.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [siteDir, shotDir = '/tmp'] = process.argv.slice(2);
if (!siteDir) {
  console.error('usage: node smoke.mjs SITE_DIR [SCREENSHOT_DIR]');
  process.exit(2);
}
const WIDTH = 360;
const HEIGHT = 740;
const PAGES = ['index.html', 'causes/doms.html', 'causes/index.html'];

// Runs in the page: links and buttons in the header, emergency box and main, with their size.
function measureTargets() {
  const selector = 'a[href], button, summary, [role="button"], input:not([type="hidden"]), select';
  const regions = document.querySelectorAll('header, .emergency, main');
  const seen = new Set();
  const out = [];
  for (const region of regions) {
    for (const el of region.querySelectorAll(selector)) {
      if (seen.has(el)) continue;
      seen.add(el);
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not displayed
      // WCAG 2.5.8 exempts a link inside a sentence: an inline link in a block with other text.
      let block = el.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      const ownText = el.textContent.trim();
      const blockText = block ? block.textContent.replace(/\s+/g, ' ').trim() : '';
      const inline = getComputedStyle(el).display === 'inline' && blockText.length > ownText.length;
      const where = el.closest('header') ? 'header' : el.closest('.emergency') ? 'emergency box' : 'main';
      out.push({
        where,
        text: ownText.replace(/\s+/g, ' ').slice(0, 50) || el.outerHTML.slice(0, 60),
        height: Math.round(r.height * 10) / 10,
        width: Math.round(r.width * 10) / 10,
        inline,
      });
    }
  }
  return out;
}

// Runs in the page: elements wider than the screen, to say what causes sideways scrolling.
function overflowing(width) {
  return [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''}`
      + ` (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
}

const browser = await launch();
try {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({
      viewport: { width: WIDTH, height: HEIGHT },
      deviceScaleFactor: 1,
      javaScriptEnabled,
    });
    // Every request must be a file of the site: anything else is aborted and reported.
    const offsite = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    for (const rel of PAGES) {
      const label = `${rel} (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`;
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => { if (!r.url().startsWith('file:')) offsite.push(r.url()); });
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
      await page.goto(pathToFileURL(path.resolve(siteDir, rel)).href, { waitUntil: 'load' });

      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > WIDTH) {
        const wide = await page.evaluate(overflowing, WIDTH);
        fail(`${label}: scrolls sideways (${scrollWidth}px wide at ${WIDTH}px): ${wide.join(', ')}`);
      }

      const targets = await page.evaluate(measureTargets);
      if (targets.length < 5) fail(`${label}: only ${targets.length} links found; is the page empty?`);
      const small = targets.filter((t) => t.height < 44);
      for (const t of small.filter((t) => !t.inline)) {
        fail(`${label}: tap target ${t.height}px tall in the ${t.where}: "${t.text}"`);
      }
      const notes = small.filter((t) => t.inline);
      if (notes.length && javaScriptEnabled) {
        console.log(`note ${label}: ${notes.length} links inside sentences are under 44px (exempt): `
          + notes.map((t) => `"${t.text}" ${t.height}px`).join(', '));
      }

      // The emergency box is there and on the first screen, with JavaScript or without.
      const box = page.locator('.emergency').first();
      const heading = page.locator('.emergency .emergency-heading');
      if (!(await box.isVisible()) || !(await heading.first().isVisible())) {
        fail(`${label}: the emergency box is not visible`);
      } else {
        const b = await box.boundingBox();
        const h = await heading.first().boundingBox();
        if (h.y + h.height > HEIGHT) {
          fail(`${label}: the emergency heading is not on the first screen (it ends at ${Math.round(h.y + h.height)}px)`);
        }
        console.log(`${label}: emergency box at y = ${Math.round(b.y)}px, ${Math.round(b.height)}px tall`);
      }

      for (const e of errors) fail(`${label}: ${e}`);
      const name = `backguide-smoke-${rel.replace(/[/.]/g, '-')}-js-${javaScriptEnabled ? 'on' : 'off'}.png`;
      await page.screenshot({ path: path.join(shotDir, name), fullPage: true });
      await page.screenshot({ path: path.join(shotDir, name.replace('.png', '-first-screen.png')) });
      console.log(`${label}: ${targets.length} tap targets checked, screenshot ${path.join(shotDir, name)}`);
      await page.close();
    }
    for (const url of new Set(offsite)) fail(`request to another host: ${url}`);
    await context.close();
  }
} finally {
  await browser.close();
}
