// How long from saving a file to the open page showing the change, with `backguide serve` on a
// copy of the real guide, or with `hugo server` on a copy of a synthetic guide's Hugo site. Each
// round writes a new title (or paragraph) into a topic and times, on one clock, from the write to
// Chromium's `load` event of the reloaded page, and to a few points on the way (below).
// Usage: node serve_latency.mjs [path/to/binary] [rounds]
//   (build first: cargo build --release; the default binary is target/release/backguide, or
//   `hugo` on the PATH with TOOL=hugo)
// GUIDE=DIR times another guide (e.g. the synthetic one: cargo xtask synth 10000 DIR, then
// GUIDE=DIR/backguide) and TOPIC=content/x/y.md the topic edited (default: its first topic);
// EDIT=body adds a paragraph to the topic's body instead of changing its title.
// TOOL=hugo times `hugo server` (fast render mode, Hugo's default, in memory) instead; GUIDE is
// then a Hugo site and must be given, e.g. GUIDE=DIR/hugo for the synthetic guide's: the same
// topics, so TOPIC names the same file in both. Its config has uglyURLs, so content/x/y.md is
// served at /x/y.html, as backguide serves it.
// JSON=FILE also writes every round's times (in ms) there, for bench/serve.sh.
//
// What is timed, from the write, for each round:
// - save to reload: the reloaded page's `load` event (rounds in which the browser did not
//   navigate, because the page was patched in place, are left out and counted);
// - new text shown: the new title or paragraph is in the page's DOM. A MutationObserver, started
//   in the open page before the write and in every new document from its first byte, reports it
//   to this script (so it times a reload and an in-place patch alike);
// - reload signal: the server's reload message reaching a client (backguide: a `reload` event on
//   its /__livereload event stream, read by this script; Hugo: a `reload` command on the page's
//   livereload WebSocket), and the browser's request for the page that the reload makes.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './chromium.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tool = process.env.TOOL || 'backguide';
const usage = (message) => {
  console.error(`serve_latency.mjs: ${message}`);
  process.exit(2);
};
if (tool !== 'backguide' && tool !== 'hugo') usage(`TOOL=${tool}: it is backguide or hugo`);
const hugo = tool === 'hugo';
if (hugo && !process.env.GUIDE) usage('TOOL=hugo needs GUIDE=a Hugo site, e.g. DIR/hugo from cargo xtask synth N DIR');
const binary = process.argv[2] || (hugo ? 'hugo' : join(repo, 'target/release/backguide'));
const rounds = Number(process.argv[3] || 20);

const source = process.env.GUIDE || repo;
const root = mkdtempSync(join(process.env.GUIDE ? '/dev/shm' : tmpdir(), `${tool}-latency-`));
const copied = hugo ? ['content', 'data', 'layouts', 'static', 'assets', 'hugo.toml', 'config.toml'] : ['content', 'templates', 'static'];
for (const name of copied) {
  if (existsSync(join(source, name))) cpSync(join(source, name), join(root, name), { recursive: true });
}
// A section is a folder with _section.yaml (backguide) or _index.md (Hugo).
const sectionFile = hugo ? '_index.md' : '_section.yaml';
const firstTopic = () => {
  const sections = readdirSync(join(root, 'content')).filter((d) => existsSync(join(root, 'content', d, sectionFile))).sort();
  const topics = readdirSync(join(root, 'content', sections[0])).filter((f) => f.endsWith('.md') && f !== '_index.md').sort();
  return `content/${sections[0]}/${topics[0]}`;
};
const topicPath = process.env.TOPIC || (process.env.GUIDE ? firstTopic() : 'content/causes/doms.md');
const topic = join(root, topicPath);
const pagePath = topicPath.replace(/^content\//, '').replace(/\.md$/, '.html');
const original = readFileSync(topic, 'utf8');
const byBody = process.env.EDIT === 'body';

const freePort = () => new Promise((found, failed) => {
  const probe = createServer();
  probe.on('error', failed);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => found(port));
  });
});
const args = hugo
  ? ['server', '--port', String(await freePort()), '--bind', '127.0.0.1', '--source', root, '--disableFastRender=false']
  : ['serve', '--port', '0', '--root', root];
const server = spawn(binary, args, { stdio: ['ignore', 'pipe', hugo ? 'pipe' : 'inherit'] });
if (hugo) server.stderr.on('data', (chunk) => process.stderr.write(chunk));
// The server's own report of each rebuild: backguide's "...: built 40 pages in 23 ms" (the first
// is its first build, before any edit), Hugo's "Total in 23 ms" (its first build says "Built in").
const buildTimes = [];
const buildReport = hugo ? /Total in (\d+) ms/g : /built \d+ pages in (\d+) ms/g;
server.stdout.on('data', (chunk) => {
  for (const m of String(chunk).matchAll(buildReport)) buildTimes.push(Number(m[1]));
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const within = (promise, what, ms = 30_000) => {
  let timer;
  const late = new Promise((_, failed) => { timer = setTimeout(() => failed(new Error(`${what} after ${ms} ms`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
};
// Peak and current resident memory of the server process, in MB (Linux).
const memory = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))[1]);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
};
const exited = new Promise((done) => server.on('exit', done));
const stopSignals = new AbortController();
let browser;
try {
  const url = await new Promise((found, failed) => {
    let seen = '';
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = hugo ? seen.match(/Web Server is available at http:\/\/[^:/]+:(\d+)\//) : seen.match(/^Serving (\S+)$/m);
      // Hugo names localhost; the page is opened at the address it is bound to.
      if (m) found(hugo ? `http://127.0.0.1:${m[1]}/` : m[1]);
    });
    server.on('exit', (code) => failed(new Error(`${tool} server exited with ${code}`)));
  });
  const pageUrl = new URL(pagePath, url).href;

  // Each round's times, from the write (performance.now() in this script).
  let round = null;
  const mark = (key) => {
    if (round && round[key] === undefined) round[key] = performance.now() - round.start;
  };
  if (!hugo) {
    // backguide's reload events, read from its event stream as a page's worker reads them.
    const events = await fetch(new URL('/__livereload', url), { signal: stopSignals.signal });
    (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of events.body) {
        buffer += decoder.decode(chunk, { stream: true });
        const blocks = buffer.split(/\r?\n\r?\n/);
        buffer = blocks.pop();
        if (blocks.some((block) => /^event: ?reload$/m.test(block))) mark('signal');
      }
    })().catch(() => {});
  }

  browser = await launch();
  const page = await browser.newPage();
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      mark('request');
      if (round) round.navigations = (round.navigations || 0) + 1;
    }
  });
  page.on('load', () => {
    mark('load');
    round?.onLoad?.();
  });
  if (hugo) {
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
      if (!/"command"\s*:\s*"reload"/.test(String(payload))) return;
      mark('signal');
      if (round && round.message === undefined) round.message = String(payload);
    }));
  }
  await page.exposeFunction('serveLatencyShown', (needle) => {
    if (round && needle === round.needle) {
      mark('shown');
      round.onShown?.();
    }
  });
  // Watches the document for the text in sessionStorage (set before each write) and reports it.
  await page.addInitScript(() => {
    const key = 'serve-latency-needle';
    window.serveLatencyWatch = (needle) => {
      let done = false;
      const check = () => {
        if (done || !document.documentElement?.textContent.includes(needle)) return;
        done = true;
        observer.disconnect();
        sessionStorage.removeItem(key);
        window.serveLatencyShown(needle);
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { childList: true, subtree: true, characterData: true });
      document.addEventListener('DOMContentLoaded', check);
      check();
    };
    const needle = sessionStorage.getItem(key);
    if (needle) window.serveLatencyWatch(needle);
  });
  await page.goto(pageUrl);
  await sleep(500);

  const times = [];
  const perRound = [];
  let inPlace = 0;
  for (let i = 1; i <= rounds; i++) {
    const title = `Soreness that comes later, edit ${i}`;
    const needle = byBody ? `A paragraph added in edit ${i}.` : title;
    await page.evaluate((n) => {
      sessionStorage.setItem('serve-latency-needle', n);
      window.serveLatencyWatch(n);
    }, needle);
    const current = { needle };
    const shown = new Promise((r) => { current.onShown = r; });
    const loaded = new Promise((r) => { current.onLoad = r; });
    const reportsBefore = buildTimes.length;
    current.start = performance.now();
    round = current;
    if (byBody) writeFileSync(topic, `${original}\nA paragraph added in edit ${i}.\n`);
    else writeFileSync(topic, original.replace(/^title: .*$/m, `title: ${title}`));
    await within(shown, `round ${i}: no new text`);
    // A reload has asked for the page before its text can be shown; then wait for its load.
    if (current.request !== undefined) await within(loaded, `round ${i}: no load event`);
    else inPlace++;
    round = null;
    if (current.load !== undefined) times.push(current.load);
    perRound.push({
      load: current.load ?? null,
      shown: current.shown ?? null,
      signal: current.signal ?? null,
      request: current.request ?? null,
      navigations: current.navigations || 0,
      // The rebuilds the server reported during the round (normally one), in its own words.
      rebuilds: buildTimes.slice(reportsBefore),
      ...(current.message ? { message: current.message } : {}),
    });
    if (byBody) {
      const text = await page.textContent('main');
      if (!text.includes(`edit ${i}.`)) throw new Error(`round ${i}: the page does not show the new paragraph`);
    } else {
      const shownTitle = await page.title();
      if (!shownTitle.startsWith(title)) throw new Error(`round ${i}: the page shows ${shownTitle}`);
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
  const mem = memory();
  const ms = (t) => `${t.toFixed(0)} ms`;
  const stats = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { count: sorted.length, min: sorted[0], median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1] };
  };
  const summary = (list) => {
    if (list.length === 0) return 'none';
    const s = stats(list);
    return `min ${ms(s.min)}, median ${ms(s.median)}, p90 ${ms(s.p90)}, max ${ms(s.max)}`;
  };
  const column = (key) => perRound.map((r) => r[key]).filter((t) => t !== null);
  console.log(`save to reload over ${rounds} ${byBody ? 'body' : 'title'} edits of ${topicPath}:`);
  console.log(`  ${summary(times)}`);
  // The first entry is the server's first build, before any edit.
  const rebuilds = hugo ? buildTimes : buildTimes.slice(1);
  console.log(`of which the rebuild itself: ${summary(rebuilds)}`);
  console.log(`a plain reload of the page, for comparison: ${summary(plain)}`);
  console.log(`tool: ${tool} (${binary} ${args[0]}), page ${pageUrl}`);
  if (inPlace) console.log(`  ${inPlace} of ${rounds} rounds showed the change without reloading the page`);
  const extra = perRound.filter((r) => r.navigations > 1).length;
  if (extra) console.log(`  ${extra} of ${rounds} rounds loaded the page more than once`);
  console.log(`save to new text shown: ${summary(column('shown'))}`);
  console.log(`save to reload signal, the server's reload message at a client: ${summary(column('signal'))}`);
  console.log(`save to reload signal, the browser's request for the page: ${summary(column('request'))}`);
  // What is neither the rebuild nor the browser: noticing the write, and sending the message.
  const waits = perRound.filter((r) => r.signal !== null && r.rebuilds.length === 1).map((r) => r.signal - r.rebuilds[0]);
  console.log(`  of which not the rebuild (noticing the write, sending the message): ${summary(waits)}`);
  console.log(`server memory: peak RSS ${mem.peak.toFixed(0)} MB, ${mem.now.toFixed(0)} MB at the end`);
  if (process.env.JSON) {
    writeFileSync(process.env.JSON, `${JSON.stringify({
      tool, edit: byBody ? 'body' : 'title', topic: topicPath, rounds: perRound,
      load: stats(times), shown: stats(column('shown')), signal: stats(column('signal')),
      request: stats(column('request')), notRebuild: stats(waits), rebuild: stats(rebuilds), plain: stats(plain),
      inPlace, peakRssMb: mem.peak, rssMb: mem.now,
    }, null, 1)}\n`);
  }
} finally {
  stopSignals.abort();
  if (browser) await browser.close();
  server.kill();
  await Promise.race([exited, sleep(5000)]);
  rmSync(root, { recursive: true, force: true });
}
