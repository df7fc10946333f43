// Helpers shared by the quality checks that drive Chromium (axe-check.mjs, requests-check.mjs).
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const AXE = fileURLToPath(new URL('./node_modules/axe-core/axe.min.js', import.meta.url));

// Put axe-core into the page. Evaluated through the DevTools protocol rather than added as a
// <script>: the pages' Content-Security-Policy rightly blocks an inline script it has no hash for.
export async function injectAxe(page) {
  await page.evaluate(readFileSync(AXE, 'utf8'));
}

// Every .html file under dir, sorted, as paths.
export function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

// The first page of each kind, in path order (index.html and top-level pages sort first).
export function onePagePerKind(site) {
  const kinds = new Map();
  const files = htmlFiles(site).sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
  for (const file of files) {
    const m = /<body[^>]*\bclass="([^"]*)"/.exec(readFileSync(file, 'utf8'));
    const kind = (m && m[1].split(/\s+/).find((c) => c.startsWith('page-'))) || 'page-unknown';
    if (!kinds.has(kind)) kinds.set(kind, file);
  }
  return kinds;
}

function depth(p) {
  return p.split(sep).length;
}

// The decision tree compiled by the build (decision.json), or null when the site has none.
export function decisionTree(site) {
  const jsonPath = join(site, 'decision.json');
  return existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : null;
}

// One shortest path (a list of answer labels) to an outcome of each tier, found breadth-first
// from the start, as [{ tier, title, answers }] in the order emergency, urgent, routine, self-care.
export function outcomePaths(tree) {
  const seen = new Map([[tree.start, []]]);
  const queue = [tree.start];
  const byTier = new Map();
  while (queue.length > 0) {
    const id = queue.shift();
    const node = tree.nodes[id];
    if (!node) continue;
    if (node.type === 'outcome') {
      if (!byTier.has(node.tier)) byTier.set(node.tier, { tier: node.tier, title: node.title, answers: seen.get(id) });
      continue;
    }
    for (const answer of node.answers || []) {
      if (!seen.has(answer.next)) {
        seen.set(answer.next, [...seen.get(id), answer.label]);
        queue.push(answer.next);
      }
    }
  }
  const order = ['emergency', 'urgent', 'routine', 'self-care'];
  return [...byTier.values()].sort((a, b) => order.indexOf(a.tier) - order.indexOf(b.tier));
}

// On a freshly opened decide.html, click the answers of `path` (from outcomePaths) one by one,
// as buttons or links, and wait until the outcome's title shows.
export async function followPath(page, path) {
  const status = () => { const s = document.getElementById('decide-status'); return s ? s.textContent : ''; };
  for (const label of path.answers) {
    // Answers repeat ("No", "No"): wait for each redraw, or the next click hits the old screen.
    const before = await page.evaluate(status);
    await page.getByRole('button', { name: label, exact: true })
      .or(page.getByRole('link', { name: label, exact: true })).first().click();
    await page.waitForFunction((b) => {
      const s = document.getElementById('decide-status');
      return !s || s.textContent !== b;
    }, before, { timeout: 5000 });
  }
  await page.getByText(path.title, { exact: false }).first().waitFor({ state: 'visible', timeout: 5000 });
  return `${path.tier} outcome after ${path.answers.length} answers`;
}

// Without a compiled tree: click the first button inside main while that changes the hash.
export async function clickFirstAnswers(page) {
  for (let step = 0; step < 50; step++) {
    const before = page.url();
    const button = page.locator('main button:visible').first();
    if ((await button.count()) === 0) break;
    await button.click();
    await page.waitForTimeout(50);
    if (page.url() === before) break;
  }
  return `after first answers: #${page.url().split('#')[1] || ''}`;
}
