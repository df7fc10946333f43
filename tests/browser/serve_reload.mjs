// `backguide serve` in Chromium: open pages reload after an edit, show a build error in an
// overlay (as text, never as markup), and clear it when the edit is fixed. More tabs are open
// than a browser allows connections to one server, and every one of them loads and reloads.
// Usage: node serve_reload.mjs <server-url> <root-being-served>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, fail } from './chromium.mjs';

const [url, root] = process.argv.slice(2);
const doms = join(root, 'content/causes/doms.md');
const original = readFileSync(doms, 'utf8');
const withTitle = (title) => original.replace(/^title: .*$/m, `title: ${title}`);
const OVERLAY = '#backguide-build-error';
const PATIENCE = 10_000;
const TABS = 8; // Chromium allows 6 connections per server over HTTP/1.1

const browser = await launch();
try {
  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const tabs = [];
  for (let i = 0; i < TABS; i++) {
    const tab = await context.newPage();
    await tab.goto(new URL(i % 2 ? 'index.html' : 'causes/doms.html', url).href, { timeout: PATIENCE });
    tabs.push(tab);
  }
  const page = tabs[0];
  if (await page.$(OVERLAY)) fail('an overlay before any error');

  // An edit reloads every open page; this one shows the new title.
  const allLoaded = Promise.all(tabs.map((tab) => tab.waitForEvent('load', { timeout: PATIENCE })));
  writeFileSync(doms, withTitle('Soreness that comes later'));
  await allLoaded;
  const title = await page.title();
  if (!title.startsWith('Soreness that comes later')) fail(`title after the edit: ${title}`);
  let loaded;

  // A broken edit: the page stays, and the overlay shows the error as plain text.
  const broken = withTitle('Soreness that comes later')
    .replace(/^title: .*$/m, (line) => `${line}\n"<b id=injected>bold</b>": 1`);
  writeFileSync(doms, broken);
  const overlay = await page.waitForSelector(OVERLAY, { timeout: PATIENCE });
  const text = await overlay.textContent();
  if (!text.includes('content/causes/doms.md:3')) fail(`overlay does not name the file and line: ${text}`);
  if (!text.includes('<b id=injected>bold</b>')) fail(`overlay lost the error's text: ${text}`);
  if (await page.$('#injected')) fail('the error text was parsed as markup');
  if (await overlay.getAttribute('role') !== 'alert') fail('the overlay is not announced');
  if (!(await page.title()).startsWith('Soreness that comes later')) fail('the page changed on a broken edit');
  if (process.env.SERVE_SCREENSHOT) await page.screenshot({ path: process.env.SERVE_SCREENSHOT });

  // The fix reloads the page, and the overlay is gone.
  loaded = page.waitForEvent('load', { timeout: PATIENCE });
  writeFileSync(doms, withTitle('Soreness, fixed'));
  await loaded;
  if (!(await page.title()).startsWith('Soreness, fixed')) fail(`title after the fix: ${await page.title()}`);
  if (await page.$(OVERLAY)) fail('the overlay stayed after the fix');

  const origin = new URL(url).origin;
  const elsewhere = requests.filter((r) => !r.startsWith(origin));
  if (elsewhere.length) fail(`requests to other hosts: ${elsewhere.join(', ')}`);
  if (!process.exitCode) console.log('serve reload: edit, error overlay and fix all seen in Chromium');
} finally {
  await browser.close();
}
