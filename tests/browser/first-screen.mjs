// What a reader on a phone sees before scrolling, at 390 x 844, from file://, with JavaScript on
// and off (issue 9):
//  - every page checked: the whole emergency box (its heading, every sign and a tappable number)
//    and the page's own title (h1) end inside the first screen;
//  - decide.html: its first question, at least its first answer and a tel: link are inside the
//    first screen.
//
//   node first-screen.mjs SITE_DIR PAGE...
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [siteDir, ...pages] = process.argv.slice(2);
if (!siteDir || !pages.length) {
  console.error('usage: node first-screen.mjs SITE_DIR PAGE...');
  process.exit(2);
}
const WIDTH = 390;
const HEIGHT = 844;

// Runs in the page: the bottom edge of what must be on the first screen, by name.
function bottoms() {
  const bottom = (el) => (el ? Math.round(el.getBoundingClientRect().bottom) : null);
  const visible = (el) => el && el.getClientRects().length > 0;
  const tel = [...document.querySelectorAll('a[href^="tel:"]')].find(visible);
  const out = {
    'the emergency box': bottom(document.querySelector('.emergency')),
    'a tel: link': bottom(tel),
    'the page title (h1)': bottom([...document.querySelectorAll('main h1')].find(visible)),
  };
  if (document.querySelector('#decide-app')) {
    out['the first answer'] = bottom(document.querySelector('#decide-app .decide-answer'));
  }
  return out;
}

const browser = await launch();
try {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({
      viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1, javaScriptEnabled,
    });
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    for (const rel of pages) {
      const label = `${rel} (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`;
      const page = await context.newPage();
      await page.goto(pathToFileURL(path.resolve(siteDir, rel)).href, { waitUntil: 'load' });
      const found = await page.evaluate(bottoms);
      const parts = Object.entries(found).map(([what, y]) => `${what} ends at ${y}px`);
      console.log(`${label}: ${parts.join(', ')}`);
      for (const [what, y] of Object.entries(found)) {
        if (y === null) fail(`${label}: no ${what}`);
        else if (y > HEIGHT) fail(`${label}: ${what} ends at ${y}px, below the first screen (${HEIGHT}px)`);
      }
      if (process.env.SCREENSHOT_DIR) {
        const name = `first-screen-${rel.replace(/[/.]/g, '-')}-js-${javaScriptEnabled ? 'on' : 'off'}.png`;
        await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, name) });
      }
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
}
