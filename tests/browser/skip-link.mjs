// The skip link, used from the keyboard (issue 12): Tab to it, Enter, and focus moves to <main>;
// only the link shows focus, never the whole of <main> (no yellow background, no frame).
//
//   node skip-link.mjs SITE_DIR PAGE...
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [siteDir, ...pages] = process.argv.slice(2);
if (!siteDir || !pages.length) {
  console.error('usage: node skip-link.mjs SITE_DIR PAGE...');
  process.exit(2);
}
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  for (const rel of pages) {
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.resolve(siteDir, rel)).href, { waitUntil: 'load' });
    await page.keyboard.press('Tab');
    const link = await page.evaluate(() => {
      const a = document.activeElement;
      const box = a.getBoundingClientRect();
      return { cls: a.className, href: a.getAttribute('href'), onScreen: box.left >= 0 && box.width > 0 };
    });
    if (!/skip-link/.test(link.cls)) { fail(`${rel}: the first Tab reaches "${link.cls}", not the skip link`); continue; }
    if (!link.onScreen) fail(`${rel}: the focused skip link is off the screen`);
    await page.keyboard.press('Enter');
    const main = await page.evaluate(() => {
      const m = document.querySelector('main');
      const s = getComputedStyle(m);
      return {
        focused: document.activeElement === m || m.contains(document.activeElement),
        outline: s.outlineStyle, outlineWidth: s.outlineWidth, background: s.backgroundColor,
        bodyBackground: getComputedStyle(document.body).backgroundColor,
      };
    });
    console.log(`${rel}: ${JSON.stringify(main)}`);
    if (!main.focused) fail(`${rel}: Enter on the skip link did not move focus into <main>`);
    if (main.outline !== 'none' && main.outlineWidth !== '0px') fail(`${rel}: <main> shows a ${main.outlineWidth} ${main.outline} frame when the skip link is used`);
    if (main.background !== 'rgba(0, 0, 0, 0)' && main.background !== main.bodyBackground) fail(`${rel}: <main> turns ${main.background} when the skip link is used`);
    await page.close();
  }
} finally {
  await browser.close();
}
