// No third-party requests and no console errors: opens one page of each page type under SITE_DIR
// from file:// in headless Chromium (the type is the `page-<kind>` class on <body>: home, section,
// topic, glossary, sources, about, decide, ...), records every request the page makes, and fails on
// any request whose URL is not file:, on any failed request, and on any console error or uncaught
// page error. On decide.html the script also answers its way to one outcome of each tier.
//
// Usage: node requests-check.mjs SITE_DIR
// Prints one line per page checked with its request count, every problem, then
// `requests: N pages checked, M problems`. Exits 1 when there is any problem.
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';
import { onePagePerKind, decisionTree, outcomePaths, followPath, clickFirstAnswers } from './axe-helpers.mjs';

async function main() {
  const site = process.argv[2];
  if (!site || !existsSync(site)) {
    console.error('usage: node requests-check.mjs SITE_DIR');
    process.exit(2);
  }
  const kinds = onePagePerKind(site);
  if (kinds.size === 0) {
    fail(`no .html files under ${site}`);
    return;
  }
  const problems = [];
  const browser = await launch();
  try {
    for (const [kind, file] of kinds) {
      const name = relative(site, file).split(sep).join('/');
      const context = await browser.newContext();
      const page = await context.newPage();
      const requests = [];
      context.on('request', (r) => requests.push(r.url()));
      page.on('requestfailed', (r) => {
        const error = r.failure()?.errorText;
        // A navigation (the next outcome's page.goto) cancels requests still in flight, such as
        // the icon: that is ERR_ABORTED for a file that exists, not a broken reference.
        const url = r.url();
        if (error === 'net::ERR_ABORTED' && url.startsWith('file:') && existsSync(fileURLToPath(url))) return;
        problems.push(`${name}: request failed: ${url} (${error})`);
      });
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${name}: console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      let note = '';
      if (name === 'decide.html') {
        // Run the script: answer through to one outcome of each tier.
        const tree = decisionTree(site);
        const done = [];
        for (const path of tree ? outcomePaths(tree) : [null]) {
          await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
          done.push(path ? await followPath(page, path) : await clickFirstAnswers(page));
        }
        note = ` (then ${done.join('; ')})`;
      }
      await page.waitForTimeout(300); // let late requests (timers, lazy images) show up
      const foreign = requests.filter((u) => !u.startsWith('file:'));
      for (const u of foreign) problems.push(`${name}: request to another host: ${u}`);
      console.log(`${kind.padEnd(22)} ${name}: ${requests.length} requests, ${foreign.length} not file:${note}`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(p);
  console.log(`requests: ${kinds.size} pages checked (${[...kinds.keys()].join(', ')}), ${problems.length} problems`);
  if (problems.length > 0) fail(`${problems.length} request or console problems`);
}

await main();
