// Printing (issue 12), in Chromium with the print media type and with page.pdf():
//  - the tier labels and the emergency tag print in ink: their text is dark on white paper
//    (a browser drops background colours when it prints);
//  - the section row, the search, the skip link, the breadcrumbs, the pager and the "Pages that
//    link here" list do not print;
//  - a link to one of the guide's own pages prints no path after it, such as
//    "(../recovery/rest.html)"; a link to another site prints its address;
//  - the emergency signs print (in the box at the top, or in the page's own emergency card);
//  - causes/doms.html fits two A4 sheets. Every page's sheet count is printed.
//
//   node print.mjs SITE_DIR PAGE...
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [siteDir, ...pages] = process.argv.slice(2);
if (!siteDir || !pages.length) {
  console.error('usage: node print.mjs SITE_DIR PAGE...');
  process.exit(2);
}
const SHEETS = { 'causes/doms.html': 2 };

// Runs in the page, as printed: what breaks the rules above.
function check() {
  const problems = [];
  const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const shown = (el) => el.getClientRects().length > 0;
  for (const el of document.querySelectorAll('.tier-label, .emergency-tag')) {
    if (!shown(el)) continue;
    const contrast = 1.05 / (lum(rgb(getComputedStyle(el).color)) + 0.05);
    if (contrast < 4.5) problems.push(`"${el.textContent.trim()}" prints ${getComputedStyle(el).color} on white paper (contrast ${contrast.toFixed(1)})`);
  }
  for (const sel of ['.site-nav', '.site-search', '.skip-link', '.breadcrumbs', '.pager', '.backlinks']) {
    for (const el of document.querySelectorAll(sel)) if (shown(el)) problems.push(`${sel} prints`);
  }
  let external = 0;
  for (const a of document.querySelectorAll('a[href]')) {
    if (!shown(a)) continue;
    const after = getComputedStyle(a, '::after').content;
    const printed = after && after !== 'none' && after !== 'normal' && after !== '""';
    if (/^https?:/.test(a.getAttribute('href'))) {
      external += 1;
      if (!printed || !after.includes(a.getAttribute('href'))) problems.push(`the link "${a.textContent.trim()}" to another site prints no address`);
    } else if (printed) {
      problems.push(`the link "${a.textContent.trim()}" prints ${after} after it`);
    }
  }
  const card = document.querySelector('.care-card.tier-emergency');
  const signs = [...document.querySelectorAll('.emergency .emergency-signs li')];
  const printedSigns = signs.filter((li) => shown(li) && li.getBoundingClientRect().height > 0).length;
  if (!(card && shown(card)) && printedSigns !== signs.length) problems.push(`${printedSigns} of ${signs.length} emergency signs print`);
  return { problems, external };
}

const browser = await launch();
try {
  const context = await browser.newContext();
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  await page.emulateMedia({ media: 'print' });
  for (const rel of pages) {
    await page.goto(pathToFileURL(path.resolve(siteDir, rel)).href, { waitUntil: 'load' });
    const { problems, external } = await page.evaluate(check);
    for (const p of problems) fail(`${rel}, printed: ${p}`);
    const sheets = {};
    for (const format of ['A4', 'Letter']) {
      const pdf = (await page.pdf({ format })).toString('latin1');
      sheets[format] = (pdf.match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
    }
    console.log(`${rel}: ${sheets.A4} A4 sheets, ${sheets.Letter} Letter sheets, ${external} links to other sites, ${problems.length} problems`);
    if (!sheets.A4) fail(`${rel}: the PDF has no pages`);
    if (SHEETS[rel] && sheets.A4 > SHEETS[rel]) fail(`${rel}: prints on ${sheets.A4} A4 sheets, more than ${SHEETS[rel]}`);
  }
} finally {
  await browser.close();
}
