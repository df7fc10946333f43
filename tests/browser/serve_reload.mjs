// `backguide serve` in Chromium: an open page reloads after an edit, shows a build error in an
// overlay (as text, never as markup), and clears it when the edit is fixed.
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

const browser = await launch();
try {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(new URL('causes/doms.html', url).href);
  if (await page.$(OVERLAY)) fail('an overlay before any error');

  // An edit reloads the page with the new title.
  let loaded = page.waitForEvent('load', { timeout: PATIENCE });
  writeFileSync(doms, withTitle('Soreness that comes later'));
  await loaded;
  const title = await page.title();
  if (!title.startsWith('Soreness that comes later')) fail(`title after the edit: ${title}`);

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
