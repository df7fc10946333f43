// The section row on a phone scrolls sideways; a fade at its right edge says so (issue 12).
// At 360 x 640, light and dark, with reduced motion, with JavaScript on and off:
//  - the row is wider than the screen (so there is something to hint at);
//  - with a link running past the right edge, the last few pixels at the edge show none of the
//    link's ink (its text and underline fade into the header's colour): the hint shows;
//  - scrolled to the end, the right end of the last link's text keeps its ink: the hint is gone.
// Pixels are read from screenshots, drawn into a canvas in a blank page.
//
//   node nav-scroll.mjs SITE_DIR PAGE...
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [siteDir, ...pages] = process.argv.slice(2);
if (!siteDir || !pages.length) {
  console.error('usage: node nav-scroll.mjs SITE_DIR PAGE...');
  process.exit(2);
}
const WIDTH = 360;
const STRIP = 5;

const browser = await launch();
const reader = await browser.newPage();
// How many pixels of a PNG differ clearly from the colour `rgb` ([r, g, b]).
async function inkPixels(png, rgb) {
  return reader.evaluate(async ({ url, rgb }) => {
    const img = new Image();
    img.src = url;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) > 90) n += 1;
    }
    return n;
  }, { url: `data:image/png;base64,${png.toString('base64')}`, rgb });
}

try {
  for (const colorScheme of ['light', 'dark']) {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({
        viewport: { width: WIDTH, height: 640 }, deviceScaleFactor: 1, colorScheme, reducedMotion: 'reduce', javaScriptEnabled,
      });
      await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      for (const rel of pages) {
        const label = `${rel} (${colorScheme}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`;
        const page = await context.newPage();
        await page.goto(pathToFileURL(path.resolve(siteDir, rel)).href, { waitUntil: 'load' });
        // Put the middle of a plain (underlined) link on the row's right edge.
        const row = await page.evaluate((WIDTH) => {
          const ul = document.querySelector('.site-nav ul');
          const links = [...ul.querySelectorAll('li:not(.decide-link) a')];
          const bg = getComputedStyle(document.querySelector('.site-header')).backgroundColor.match(/\d+/g).slice(0, 3).map(Number);
          const out = { scrollWidth: ul.scrollWidth, clientWidth: ul.clientWidth, bg };
          const link = links[Math.floor(links.length / 2)];
          ul.scrollLeft = link.offsetLeft - ul.offsetLeft + link.offsetWidth / 2 - WIDTH;
          const r = link.getBoundingClientRect();
          out.straddle = { text: link.textContent, left: r.left, right: r.right, top: r.top, height: r.height };
          return out;
        }, WIDTH);
        if (row.scrollWidth <= row.clientWidth + 1) { fail(`${label}: the section row is not wider than the screen; nothing to hint at`); await page.close(); continue; }
        const s = row.straddle;
        if (!(s.left < WIDTH - STRIP && s.right > WIDTH)) { fail(`${label}: could not put "${s.text}" across the edge (${s.left}-${s.right})`); await page.close(); continue; }
        const edge = await page.screenshot({ clip: { x: WIDTH - STRIP, y: s.top, width: STRIP, height: s.height } });
        const atEdge = await inkPixels(edge, row.bg);
        // Scrolled to the end: the last link's own right end.
        const last = await page.evaluate(() => {
          const ul = document.querySelector('.site-nav ul');
          ul.scrollLeft = ul.scrollWidth;
          const a = [...ul.querySelectorAll('a')].pop();
          const text = document.createRange();
          text.selectNodeContents(a);
          const r = text.getBoundingClientRect();
          return { text: a.textContent, right: r.right, top: r.top, height: r.height, scrolled: ul.scrollLeft };
        });
        const end = await page.screenshot({ clip: { x: Math.floor(last.right) - STRIP - 2, y: last.top, width: STRIP, height: last.height } });
        const atEnd = await inkPixels(end, row.bg);
        console.log(`${label}: row ${row.scrollWidth}px in ${row.clientWidth}px; "${s.text}" across the edge: ${atEdge} ink pixels in the last ${STRIP}px; scrolled to the end (${last.scrolled}px), the text of "${last.text}" ends at ${Math.round(last.right)}px with ${atEnd} ink pixels in its last ${STRIP}px`);
        if (atEdge > 2) fail(`${label}: no fade at the right edge: "${s.text}" shows ${atEdge} pixels of ink in the last ${STRIP}px`);
        if (last.right > WIDTH) fail(`${label}: scrolled to the end, "${last.text}" still runs past the edge (${last.right}px)`);
        if (atEnd < 3) fail(`${label}: scrolled to the end, the fade still covers "${last.text}" (${atEnd} ink pixels in its last ${STRIP}px)`);
        await page.close();
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
