// decide/flowchart.html on a phone and on a desktop (issue 12):
//  - at 390 x 844 the written-out list of questions and results comes first, starting on the
//    first screen, its text at least 14 px; every word of the chart below it renders at least
//    14 px (the chart scrolls sideways in its box, the page does not);
//  - at 1280 x 800 the chart is shown whole in its box, and the list is left to
//    decide/questions.html.
//
//   node flowchart.mjs SITE_DIR
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [siteDir] = process.argv.slice(2);
if (!siteDir) {
  console.error('usage: node flowchart.mjs SITE_DIR');
  process.exit(2);
}
const MIN = 14;

function measure() {
  const shown = (el) => el && el.getClientRects().length > 0;
  const svg = document.querySelector('.flowchart-chart');
  const box = document.querySelector('.flowchart-scroll');
  const list = document.querySelector('.flow-phone');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const chartSizes = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim())
    .map((t) => ({ text: t.textContent.trim().slice(0, 40), px: parseFloat(getComputedStyle(t).fontSize) * scale }));
  const listSizes = shown(list)
    ? [...list.querySelectorAll('li, a, h2')].map((e) => ({ text: e.textContent.trim().slice(0, 40), px: parseFloat(getComputedStyle(e).fontSize) }))
    : [];
  return {
    svgShown: shown(svg), svgWidth: Math.round(svg.getBoundingClientRect().width), scale,
    boxScrolls: box.scrollWidth > box.clientWidth + 1, boxWidth: box.clientWidth,
    pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
    listShown: shown(list), listTop: shown(list) ? Math.round(list.getBoundingClientRect().top) : null,
    figureTop: Math.round(document.querySelector('figure.flowchart').getBoundingClientRect().top),
    chartSmallest: chartSizes.reduce((a, b) => (b.px < a.px ? b : a), { px: Infinity }),
    listSmallest: listSizes.reduce((a, b) => (b.px < a.px ? b : a), { px: Infinity }),
  };
}

const browser = await launch();
try {
  const url = pathToFileURL(path.resolve(siteDir, 'decide/flowchart.html')).href;
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const m = await page.evaluate(measure);
    const label = `decide/flowchart.html at ${viewport.width}x${viewport.height}`;
    console.log(`${label}: ${JSON.stringify(m)}`);
    if (!m.svgShown) fail(`${label}: the chart is not shown`);
    if (m.pageScrolls) fail(`${label}: the page scrolls sideways`);
    if (viewport.width < 768) {
      if (m.chartSmallest.px < MIN) fail(`${label}: chart text "${m.chartSmallest.text}" renders at ${m.chartSmallest.px.toFixed(1)}px, under ${MIN}px`);
      if (!m.listShown) fail(`${label}: the written-out list is not shown`);
      else {
        if (m.listTop > m.figureTop) fail(`${label}: the written-out list comes after the chart`);
        if (m.listTop > viewport.height) fail(`${label}: the written-out list starts below the first screen (${m.listTop}px)`);
        if (m.listSmallest.px < MIN) fail(`${label}: list text "${m.listSmallest.text}" is ${m.listSmallest.px}px, under ${MIN}px`);
      }
    } else {
      if (m.boxScrolls) fail(`${label}: the chart does not fit its box (${m.svgWidth}px in ${m.boxWidth}px)`);
      if (m.listShown) fail(`${label}: the written-out list is shown on a desktop too`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
