// What a reader on a phone sees before scrolling, from file://, with JavaScript on and off, at
// 390 x 844 and 360 x 640 (issues 9 and 12):
//  - every page checked: the emergency box ends inside the first screen with a tappable number
//    (tel:) in it, and so do the page's own title (h1) and the first line of its lead paragraph;
//    on a warning sign whose card comes straight after the lead, the card's first line too;
//  - the emergency signs are one tap away: a tap on the box's summary shows every one of them;
//  - the decision pages: the question and at least its first answer, or the title and the first
//    line after it, are inside the first screen;
//  - every control in the header, the emergency box and the breadcrumbs, and the first answer,
//    is at least 44 x 44 CSS px;
//  - on a desktop (1280 x 800) the signs show without a tap.
// It prints how much of the first screen the header and the emergency box take.
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
const PHONES = [{ width: 390, height: 844 }, { width: 360, height: 640 }];
const DESKTOP = { width: 1280, height: 800 };
const TARGET = 44;

// Runs in the page: the bottom edge of what must be on the first screen, by name, and the tap
// targets that are too small.
function measure(TARGET) {
  const visible = (el) => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const bottom = (el) => (visible(el) ? Math.round(el.getBoundingClientRect().bottom) : null);
  // The bottom of an element's first line of text.
  const firstLine = (el) => {
    if (!visible(el)) return null;
    const s = getComputedStyle(el);
    const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.6;
    return Math.round(el.getBoundingClientRect().top + parseFloat(s.paddingTop) + parseFloat(s.borderTopWidth) + line);
  };
  const box = document.querySelector('.emergency');
  const tel = [...(box ? box.querySelectorAll('a[href^="tel:"]') : [])].find(visible);
  const out = {
    'the emergency box': bottom(box),
    'a tel: link in the emergency box': bottom(tel),
    'the page title (h1)': bottom([...document.querySelectorAll('main h1')].find(visible)),
  };
  const lead = [...document.querySelectorAll('main .lead')].find(visible);
  const h1 = [...document.querySelectorAll('main h1')].find(visible);
  const answer = [...document.querySelectorAll('main .decide-answer')].find(visible);
  if (answer) {
    out['the first answer'] = bottom(answer);
  } else if (lead) {
    out['the first line of the lead'] = firstLine(lead);
  } else if (h1) {
    let next = h1.nextElementSibling;
    while (next && !visible(next)) next = next.nextElementSibling;
    out['the first line after the title'] = firstLine(next);
  }
  const card = lead && lead.nextElementSibling;
  if (card && card.classList.contains('care-card')) out['the first line of the care card'] = firstLine(card);
  const small = [];
  for (const el of document.querySelectorAll(
    '.site-header a, .site-header input, .emergency a, .emergency summary, .breadcrumbs a, main .decide-answer')) {
    if (!visible(el) || el.closest('.search-nojs')) continue;
    const r = el.getBoundingClientRect();
    if (r.width < TARGET - 0.5 || r.height < TARGET - 0.5) small.push(`"${el.textContent.trim()}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  const header = document.querySelector('.site-header');
  return { out, small, top: Math.round((box || header).getBoundingClientRect().bottom) };
}

// Runs in the page: the emergency signs a reader can see.
function signsShown() {
  const list = [...document.querySelectorAll('.emergency .emergency-signs li')];
  return { total: list.length, shown: list.filter((li) => li.getClientRects().length > 0 && li.getBoundingClientRect().height > 0).length };
}

const browser = await launch();
try {
  for (const viewport of PHONES) {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, javaScriptEnabled });
      await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      const shares = [];
      for (const rel of pages) {
        const label = `${rel} at ${viewport.width}x${viewport.height} (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`;
        const page = await context.newPage();
        await page.goto(pathToFileURL(path.resolve(siteDir, rel)).href, { waitUntil: 'load' });
        const { out, small, top } = await page.evaluate(measure, TARGET);
        shares.push(top / viewport.height);
        const parts = Object.entries(out).map(([what, y]) => `${what} ends at ${y}px`);
        console.log(`${label}: header and emergency box ${top}px (${Math.round((100 * top) / viewport.height)}%), ${parts.join(', ')}`);
        for (const [what, y] of Object.entries(out)) {
          if (y === null) fail(`${label}: no ${what}`);
          else if (y > viewport.height) fail(`${label}: ${what} ends at ${y}px, below the first screen (${viewport.height}px)`);
        }
        if (small.length) fail(`${label}: tap targets under ${TARGET}x${TARGET}px: ${small.join('; ')}`);
        const summary = page.locator('.emergency-details > summary');
        if (await summary.count()) {
          await summary.click();
          const { total, shown } = await page.evaluate(signsShown);
          if (!total || shown !== total) fail(`${label}: after a tap on the summary ${shown} of ${total} emergency signs show`);
        }
        if (process.env.SCREENSHOT_DIR) {
          const name = `first-screen-${viewport.width}-${rel.replace(/[/.]/g, '-')}-js-${javaScriptEnabled ? 'on' : 'off'}.png`;
          await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, name) });
        }
        await page.close();
      }
      const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
      console.log(`${viewport.width}x${viewport.height}, JavaScript ${javaScriptEnabled ? 'on' : 'off'}: the header and the emergency box take ${Math.round(100 * mean)}% of the first screen on average, ${Math.round(100 * Math.max(...shares))}% at most`);
      await context.close();
    }
  }
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  for (const rel of pages) {
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.resolve(siteDir, rel)).href, { waitUntil: 'load' });
    const { total, shown } = await page.evaluate(signsShown);
    if (shown !== total) fail(`${rel} at ${DESKTOP.width}x${DESKTOP.height}: ${shown} of ${total} emergency signs show without a tap`);
    await page.close();
  }
  await context.close();
} finally {
  await browser.close();
}
