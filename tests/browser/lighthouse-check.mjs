// Speed and quality scores: Lighthouse (npm lighthouse, its own CLI, Debian's Chromium through
// CHROME_PATH) on the home page, one topic page and decide.html (when it exists), one run each,
// served over http by serve-static.mjs on 127.0.0.1 (a free port), which is stopped at the end.
// Lighthouse's defaults are kept: a mobile phone with simulated slow 4G and a slowed-down CPU.
//
// Usage: node lighthouse-check.mjs SITE_DIR
// Prints, per page, the four category scores (0-100) and every audit that did not score full
// marks, then one line `LIGHTHOUSE_JSON {"index.html": {"performance": 100, ...}, ...}` for the
// Rust test. Exits 1 when a score is below LIGHTHOUSE_MIN (default 95).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fail } from './chromium.mjs';
import { onePagePerKind } from './axe-helpers.mjs';
import { serve } from './serve-static.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const CLI = fileURLToPath(new URL('./node_modules/lighthouse/cli/index.js', import.meta.url));
const MIN = Number(process.env.LIGHTHOUSE_MIN || 95);

function runLighthouse(url, outFile) {
  const chrome = process.env.CHROME_PATH || process.env.CHROMIUM || '/usr/bin/chromium';
  const args = [
    CLI, url, '--quiet', '--output=json', `--output-path=${outFile}`,
    `--only-categories=${CATEGORIES.join(',')}`,
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage '
      + '--no-first-run --disable-background-networking --disable-component-update --disable-sync',
  ];
  return new Promise((ok, err) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: chrome },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', err);
    child.on('exit', (code) => (code === 0 ? ok() : err(new Error(`lighthouse exited ${code} for ${url}`))));
  });
}

async function main() {
  const site = process.argv[2];
  if (!site || !existsSync(site)) {
    console.error('usage: node lighthouse-check.mjs SITE_DIR');
    process.exit(2);
  }
  const kinds = onePagePerKind(site);
  const pages = [];
  for (const kind of ['page-home', 'page-topic']) {
    if (!kinds.has(kind)) {
      fail(`no ${kind} page under ${site}`);
      return;
    }
    pages.push(relative(site, kinds.get(kind)).split(sep).join('/'));
  }
  if (existsSync(join(site, 'decide.html'))) pages.push('decide.html');

  const server = await serve(site);
  const work = mkdtempSync(join(tmpdir(), 'backguide-lighthouse-'));
  const scores = {};
  let low = 0;
  try {
    for (const name of pages) {
      const out = join(work, 'report.json');
      await runLighthouse(server.url + name, out);
      const report = JSON.parse(readFileSync(out, 'utf8'));
      if (report.runtimeError) throw new Error(`${name}: ${report.runtimeError.code} ${report.runtimeError.message}`);
      scores[name] = {};
      for (const c of CATEGORIES) {
        const score = report.categories[c].score;
        scores[name][c] = score === null ? null : Math.round(score * 100);
        if (score === null || score * 100 < MIN) low++;
      }
      console.log(`${name}: ${CATEGORIES.map((c) => `${c} ${scores[name][c]}`).join(', ')}`);
      for (const a of Object.values(report.audits)) {
        if (a.score !== null && a.score < 1 && !['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode)) {
          console.log(`    ${a.id} (${Math.round(a.score * 100)}): ${a.title}${a.displayValue ? ` - ${a.displayValue}` : ''}`);
        }
      }
    }
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`LIGHTHOUSE_JSON ${JSON.stringify(scores)}`);
  if (low > 0) fail(`${low} Lighthouse scores below ${MIN}`);
}

await main();
