// Accessibility check: axe-core with the WCAG 2.0/2.1/2.2 A and AA rules, in headless Chromium,
// on every .html page under SITE_DIR opened from file://, in light mode and in dark mode
// (prefers-color-scheme emulated). decide.html, when it exists, is checked at its first question and
// at one outcome of each tier: the script reads the tree from decision.json, finds a shortest path
// to each tier and clicks its answers (without decision.json, it clicks the first answer button
// while that changes the hash).
//
// Usage: node axe-check.mjs SITE_DIR
// Prints every violation as `page [mode] rule (impact): help` with its targets, then a summary line
// `axe: N page states checked, M violations`. Exits 1 when there is any violation.
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { launch, fail } from './chromium.mjs';
import { injectAxe, htmlFiles, decisionTree, outcomePaths, followPath, clickFirstAnswers } from './axe-helpers.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function runAxe(page) {
  await injectAxe(page);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    const pick = (list) => list.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })),
    }));
    return { violations: pick(r.violations), incomplete: pick(r.incomplete) };
  }, TAGS);
}

async function main() {
  const site = process.argv[2];
  if (!site || !existsSync(site)) {
    console.error('usage: node axe-check.mjs SITE_DIR');
    process.exit(2);
  }
  const files = htmlFiles(site);
  if (files.length === 0) {
    fail(`no .html files under ${site}`);
    return;
  }
  const browser = await launch();
  const violations = [];
  const incomplete = new Map();
  let states = 0;
  const record = (name, mode, result) => {
    states++;
    for (const v of result.violations) violations.push({ page: name, mode, ...v });
    for (const v of result.incomplete) incomplete.set(v.id, (incomplete.get(v.id) || 0) + v.nodes.length);
  };
  try {
    // Light and dark run side by side, one page each (two cores).
    await Promise.all(['light', 'dark'].map(async (mode) => {
      const context = await browser.newContext({ colorScheme: mode });
      const page = await context.newPage();
      for (const file of files) {
        const name = relative(site, file).split(sep).join('/');
        await page.goto(pathToFileURL(file).href);
        record(name, mode, await runAxe(page));
        if (name === 'decide.html') {
          // The page above was the question step; now one outcome of each tier.
          const tree = decisionTree(site);
          const paths = tree ? outcomePaths(tree) : [null];
          for (const path of paths) {
            await page.goto(pathToFileURL(file).href);
            const where = path ? await followPath(page, path) : await clickFirstAnswers(page);
            console.log(`decide.html [${mode}]: ${where}`);
            record(`decide.html (${where})`, mode, await runAxe(page));
          }
        }
      }
      await context.close();
    }));
  } finally {
    await browser.close();
  }
  violations.sort((a, b) => a.page.localeCompare(b.page) || a.mode.localeCompare(b.mode) || a.id.localeCompare(b.id));
  for (const v of violations) {
    console.log(`${v.page} [${v.mode}] ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes) console.log(`    target: ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`);
  }
  if (incomplete.size > 0) {
    const list = [...incomplete].map(([id, n]) => `${id} x${n}`).join(', ');
    console.log(`axe: needs review by a person (not failures): ${list}`);
  }
  const count = violations.reduce((n, v) => n + v.nodes.length, 0);
  console.log(`axe: ${states} page states checked (${files.length} files, light and dark), ${count} violations`);
  if (count > 0) fail(`${count} accessibility violations`);
}

await main();
