// Offline after one visit (templates/sw.js, static/sw-register.js), in headless Chromium against
// a loopback server that serves the site from a sub-path, as GitHub Pages does. Driven by
// tests/offline_worker_browser.rs:
//   node offline-worker.mjs <old build's parent> <new build's parent> <topic path> <new words>
// where each parent folder holds the built site as `repo/`, and the new build differs from the
// old one only in the topic's words. The old parent also holds `tampered/`: the old build with
// one file changed after the build, as a CDN's stale copy would be. Steps:
// 0. the tampered copy: the worker's install fails (a file does not match its sha256), so it
//    never takes over and saves nothing;
// 1. visit one page online; wait for the worker to take over with every listed file saved;
// 2. stop the server; open other pages, the site's folder URL, a search and the decision tool
//    (tapped to a result): all from the saved copy, each saying so with the review date, and
//    axe finds nothing wrong with the notice shown;
// 3. serve the new build on the same port; one reload of the topic shows the old saved copy,
//    the new worker saves the new build and the page reloads itself (the one extra load this
//    design needs) with the new words; another open tab of the old build reloads too; offline
//    again, the new words are what is saved;
// 4. throughout, no request leaves 127.0.0.1 and the caches hold no other host's URL;
// 5. from file://, no worker is registered, sw.js is not asked for and no notice shows.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';
import { serve } from './serve-static.mjs';

const AXE = fileURLToPath(new URL('./node_modules/axe-core/axe.min.js', import.meta.url));
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const [oldParent, newParent, topic, newWords] = process.argv.slice(2).map((a, i) => (i < 2 ? resolve(a) : a));
const PATIENCE = 15_000;

// axe's violations on the page as it is now, in light and dark mode (as tests/quality_axe.rs).
async function axeViolations(page) {
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await page.addScriptTag({ path: AXE });
    const ids = await page.evaluate(async (tags) => (await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), AXE_TAGS);
    found.push(...ids.map((id) => `[${colorScheme}] ${id}`));
  }
  return found;
}

function check(ok, message) {
  if (!ok) throw new Error(message);
}

// The files the worker lists, read from the built sw.js.
function listed(parent) {
  const sw = readFileSync(join(parent, 'repo/sw.js'), 'utf8');
  return JSON.parse(sw.match(/^const FILES = (.*);$/m)[1]).map(([path]) => path);
}

// Every cache of the origin, with the URLs in it.
function cacheContents(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => r.url).sort();
    }
    return out;
  });
}

// The one cache of this site holds exactly the files `paths`, under `base`, and nothing else.
async function checkCache(page, base, paths, when) {
  const contents = await cacheContents(page);
  const names = Object.keys(contents);
  check(names.length === 1 && names[0].startsWith(`backguide ${base} `), `${when}: caches ${names.join(', ')}`);
  const urls = contents[names[0]];
  const foreign = urls.filter((u) => !u.startsWith(base));
  check(!foreign.length, `${when}: the cache holds other hosts' or folders' URLs: ${foreign.join(', ')}`);
  const expected = paths.map((p) => base + p).sort();
  check(JSON.stringify(urls) === JSON.stringify(expected),
    `${when}: the cache holds ${urls.length} files, sw.js lists ${expected.length}`);
  check(!urls.some((u) => u.includes('/downloads/')), `${when}: the downloads were saved`);
  return urls.length;
}

// The guide's review date, as the old build's home page footer gives it.
const REVIEWED = readFileSync(join(oldParent, 'repo/index.html'), 'utf8')
  .match(/class="review-dates">[^]*?datetime="([^"]+)"/)[1];

// The saved-copy notice: shown, naming the guide's review date.
async function checkNotice(page, where) {
  await page.waitForSelector('#saved-copy', { state: 'visible', timeout: PATIENCE });
  const { datetime, text } = await page.evaluate(() => {
    const time = document.querySelector('#saved-copy time');
    return { datetime: time.getAttribute('datetime'), text: time.textContent.trim() };
  });
  check(datetime === REVIEWED && text, `${where}: the notice gives the date ${datetime} "${text}", not ${REVIEWED}`);
}

const browser = await launch();
const requests = [];
let server;
try {
  server = await serve(oldParent);
  const port = new URL(server.url).port;
  const base = `${server.url}repo/`;
  const origin = new URL(server.url).origin;
  // bypassCSP: axe is added as an inline script.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, bypassCSP: true });
  context.on('request', (r) => requests.push(r.url()));
  const problems = [];
  context.on('weberror', (e) => problems.push(`script error: ${e.error().message}`));

  // 0. A file that is not the build's fails the install: nothing is saved or served.
  const tampered = await browser.newContext();
  const tamperedPage = await tampered.newPage();
  await tamperedPage.goto(`${server.url}tampered/index.html`);
  const outcome = await tamperedPage.evaluate(async () => {
    const registration = await navigator.serviceWorker.register('sw.js', { scope: './' });
    const worker = registration.installing || registration.waiting || registration.active;
    if (worker.state === 'activated' || worker.state === 'redundant') return worker.state;
    return new Promise((done) => worker.addEventListener('statechange', () => {
      if (worker.state === 'activated' || worker.state === 'redundant') done(worker.state);
    }));
  });
  check(outcome === 'redundant', `a tampered copy's worker became ${outcome}`);
  const tamperedCaches = await cacheContents(tamperedPage);
  check(!Object.keys(tamperedCaches).length, `a tampered copy left caches: ${Object.keys(tamperedCaches)}`);
  await tampered.close();

  // 1. One visit, online: the worker installs, saves every listed file and takes over.
  const first = await context.newPage();
  await first.goto(`${base}index.html`);
  check(!(await first.isVisible('#saved-copy')), 'the notice shows online');
  await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: PATIENCE });
  const scope = await first.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  check(scope === base, `the worker's scope is ${scope}, not the site's folder ${base}`);
  const saved = await checkCache(first, base, listed(oldParent), 'after one visit');
  check(saved > 50, `only ${saved} files saved`);
  const oldTab = await context.newPage();
  await oldTab.goto(base + topic);
  check(!(await oldTab.textContent('main')).includes(newWords), 'the old build already has the new words');

  // 2. The server stops: everything else comes from the saved copy.
  await server.close();
  server = null;
  const offline = await context.newPage();
  for (const path of [topic, 'causes/index.html', 'glossary.html', 'decide/flowchart.html', '']) {
    const response = await offline.goto(base + path);
    check(response && response.ok() && response.fromServiceWorker(), `${base + path} did not come from the worker`);
    check((await offline.textContent('h1')).trim().length > 0, `${base + path} has no heading`);
    await checkNotice(offline, base + path);
  }
  await offline.goto(base + topic);
  await checkNotice(offline, topic);
  const violations = await axeViolations(offline);
  check(!violations.length, `axe, with the notice shown: ${violations.join('; ')}`);
  // Search: the index loads from the saved copy and finds a page.
  await offline.goto(`${base}index.html`);
  await offline.fill('#search-input', 'sciatica');
  await offline.waitForSelector('#search-results li a', { timeout: PATIENCE });
  const found = await offline.$$eval('#search-results li a', (links) => links.map((a) => a.getAttribute('href')));
  check(found.length > 0, 'search found nothing offline');
  // The decision tool: tap the first answer until a result shows.
  await offline.goto(`${base}decide.html`);
  await checkNotice(offline, 'decide.html');
  let result = null;
  for (let taps = 0; taps < 20 && !result; taps++) {
    const shown = () => document.querySelector('#decide-app .decide-screen').getAttribute('data-node');
    const before = await offline.evaluate(shown);
    await offline.locator('#decide-app .decide-answer').first().tap();
    // The tool redraws on the hashchange, a moment after the tap: wait for the new screen.
    await offline.waitForFunction(
      (b) => document.querySelector('#decide-app .decide-screen').getAttribute('data-node') !== b,
      before, { timeout: PATIENCE });
    result = await offline.evaluate(() => {
      const label = document.querySelector('#decide-app .decide-screen .tier-label');
      return label ? document.querySelector('#decide-app .decide-screen').getAttribute('data-node') : null;
    });
  }
  check(result, 'the decision tool reached no result offline');
  const resultPage = await offline.goto(`${base}decide/${result}.html`);
  check(resultPage.fromServiceWorker(), `decide/${result}.html did not come from the worker`);

  // The tab left open here shows the old words, from the saved copy.
  await offline.goto(base + topic);

  // 3. A new build is served on the same port. The reader reloads the first topic tab once: it
  // shows the saved copy, the new worker saves the new build, and the page reloads itself.
  server = await serve(newParent, Number(port));
  const tab = oldTab;
  let loads = 0;
  tab.on('load', () => { loads += 1; });
  await tab.reload();
  await tab.waitForFunction((words) => document.querySelector('main').textContent.includes(words), newWords,
    { timeout: PATIENCE });
  check(loads <= 2, `the new words took ${loads} loads after the reload`);
  // The other tab open on the old build reloads by itself.
  await offline.waitForFunction((words) => document.querySelector('main').textContent.includes(words), newWords,
    { timeout: PATIENCE });
  check(!(await tab.isVisible('#saved-copy')), 'the notice shows online, after the update');
  await checkCache(tab, base, listed(newParent), 'after the new build');
  await server.close();
  server = null;
  const again = await context.newPage();
  await again.goto(base + topic);
  check((await again.textContent('main')).includes(newWords), 'offline after the update, the old words are shown');
  await checkNotice(again, 'offline after the update');

  // 4. No request to any other host, from the pages or the worker.
  const elsewhere = requests.filter((u) => !u.startsWith(origin));
  check(!elsewhere.length, `requests to other hosts: ${elsewhere.join(', ')}`);
  check(!problems.length, problems.join('\n'));
  await context.close();

  // 5. From file://: no worker, no request for sw.js, no notice.
  const local = await browser.newContext();
  const localRequests = [];
  local.on('request', (r) => localRequests.push(r.url()));
  const page = await local.newPage();
  await page.goto(pathToFileURL(join(oldParent, 'repo', topic)).href);
  await page.waitForLoadState('load');
  await page.waitForTimeout(500);
  const state = await page.evaluate(() => ({
    controlled: Boolean(navigator.serviceWorker && navigator.serviceWorker.controller),
    notice: !document.getElementById('saved-copy').hidden,
  }));
  check(!state.controlled && !state.notice, `from file://: ${JSON.stringify(state)}`);
  check(localRequests.every((u) => u.startsWith('file://') && !u.endsWith('/sw.js')),
    `from file://: ${localRequests.filter((u) => !u.startsWith('file://') || u.endsWith('/sw.js')).join(', ')}`);
  await local.close();
  console.log('offline worker: a tampered copy is never installed; '
    + `${saved} files saved after one visit under /repo/; pages, search and decide/${result}.html `
    + `offline with the notice; the new build after ${loads} loads; ${requests.length} requests, all to ${origin}; `
    + 'nothing from file://');
} catch (e) {
  fail(e.message);
} finally {
  if (server) await server.close();
  await browser.close();
}
