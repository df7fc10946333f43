// How long from saving a file to the open page having reloaded, with `backguide serve` on a
// copy of the real guide. Each round writes a new title into a topic and times, on one clock,
// from the write to Chromium's `load` event of the reloaded page.
// Usage: node serve_latency.mjs [path/to/backguide] [rounds]
//   (build first: cargo build --release; the default binary is target/release/backguide)
// GUIDE=DIR times another guide (e.g. the synthetic one: cargo xtask synth 10000 DIR, then
// GUIDE=DIR/backguide) and TOPIC=content/x/y.md the topic edited (default: its first topic);
// EDIT=body adds a paragraph to the topic's body instead of changing its title.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './chromium.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary = process.argv[2] || join(repo, 'target/release/backguide');
const rounds = Number(process.argv[3] || 20);

const source = process.env.GUIDE || repo;
const root = mkdtempSync(join(process.env.GUIDE ? '/dev/shm' : tmpdir(), 'backguide-latency-'));
for (const name of ['content', 'templates', 'static']) {
  if (existsSync(join(source, name))) cpSync(join(source, name), join(root, name), { recursive: true });
}
const firstTopic = () => {
  const sections = readdirSync(join(root, 'content')).filter((d) => existsSync(join(root, 'content', d, '_section.yaml'))).sort();
  const topics = readdirSync(join(root, 'content', sections[0])).filter((f) => f.endsWith('.md')).sort();
  return `content/${sections[0]}/${topics[0]}`;
};
const topicPath = process.env.TOPIC || (process.env.GUIDE ? firstTopic() : 'content/causes/doms.md');
const topic = join(root, topicPath);
const pagePath = topicPath.replace(/^content\//, '').replace(/\.md$/, '.html');
const original = readFileSync(topic, 'utf8');
const byBody = process.env.EDIT === 'body';

const server = spawn(binary, ['serve', '--port', '0', '--root', root], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
// The server's own report of each rebuild ("...: built 40 pages in 23 ms").
const buildTimes = [];
server.stdout.on('data', (chunk) => {
  for (const m of String(chunk).matchAll(/built \d+ pages in (\d+) ms/g)) buildTimes.push(Number(m[1]));
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let browser;
try {
  const url = await new Promise((found, failed) => {
    let seen = '';
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/^Serving (\S+)$/m);
      if (m) found(m[1]);
    });
    server.on('exit', (code) => failed(new Error(`serve exited with ${code}`)));
  });
  browser = await launch();
  const page = await browser.newPage();
  await page.goto(new URL(pagePath, url).href);
  await sleep(500);

  const times = [];
  for (let i = 1; i <= rounds; i++) {
    const title = `Soreness that comes later, edit ${i}`;
    const loaded = page.waitForEvent('load', { timeout: 30_000 });
    const start = performance.now();
    if (byBody) writeFileSync(topic, `${original}\nA paragraph added in edit ${i}.\n`);
    else writeFileSync(topic, original.replace(/^title: .*$/m, `title: ${title}`));
    await loaded;
    times.push(performance.now() - start);
    if (byBody) {
      const text = await page.textContent('main');
      if (!text.includes(`edit ${i}.`)) throw new Error(`round ${i}: the page does not show the new paragraph`);
    } else {
      const shown = await page.title();
      if (!shown.startsWith(title)) throw new Error(`round ${i}: the page shows ${shown}`);
    }
    // Let the page settle, as between two saves by a person.
    await sleep(300);
  }
  // For comparison: the browser's own share, reloading the same page with nothing changed.
  const plain = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await page.reload({ waitUntil: 'load' });
    plain.push(performance.now() - start);
  }
  const ms = (t) => `${t.toFixed(0)} ms`;
  const summary = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return `min ${ms(sorted[0])}, median ${ms(at(0.5))}, p90 ${ms(at(0.9))}, max ${ms(sorted[sorted.length - 1])}`;
  };
  console.log(`save to reload over ${rounds} ${byBody ? 'body' : 'title'} edits of ${topicPath}:`);
  console.log(`  ${summary(times)}`);
  // The first entry is the server's first build, before any edit.
  console.log(`of which the rebuild itself: ${summary(buildTimes.slice(1))}`);
  console.log(`a plain reload of the page, for comparison: ${summary(plain)}`);
} finally {
  if (browser) await browser.close();
  server.kill();
  rmSync(root, { recursive: true, force: true });
}
