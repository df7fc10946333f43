// The Content-Security-Policy holds, and the emergency box shows, in headless Chromium from file://.
//
//   node csp-check.mjs visible FILE.html...
//     On every file, at phone and desktop size, the emergency box (.emergency) has a size, is not
//     display:none or visibility:hidden (nor transparent), and lies on the page where a reader
//     scrolls to it (inside the page's width, below its top).
//   node csp-check.mjs hostile FILE.html...
//     The files have had script payloads written into them on disk (after the sanitiser, so
//     only the policy stands in the way). Fails on any dialog, any request to another host, an
//     emergency box hidden by an injected <style>, or a page whose own script did not run.
//
// Prints one line per file, then `csp: N files checked (MODE), M problems`; exits 1 on a problem.
import { pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [mode, ...files] = process.argv.slice(2);
if (!['visible', 'hostile'].includes(mode) || files.length === 0) {
  console.error('usage: node csp-check.mjs visible|hostile FILE.html...');
  process.exit(2);
}

// Why the emergency box cannot be seen, or null if it can.
async function emergencyProblem(page) {
  return page.evaluate(() => {
    const box = document.querySelector('.emergency');
    if (!box) return 'there is no .emergency box';
    for (let el = box; el; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (s.display === 'none') return `display:none on ${el.tagName.toLowerCase()}`;
      if (s.visibility !== 'visible') return `visibility:${s.visibility}`;
      if (Number(s.opacity) < 0.5) return `opacity ${s.opacity} on ${el.tagName.toLowerCase()}`;
    }
    const r = box.getBoundingClientRect();
    const top = r.top + window.scrollY;
    if (r.width < 1 || r.height < 1) return `size ${r.width}x${r.height}`;
    if (r.left < 0 || r.right > document.documentElement.clientWidth + 1) return `off the side (${r.left}..${r.right})`;
    if (top < 0 || top > document.documentElement.scrollHeight) return `off the page (top ${top})`;
    const heading = box.querySelector('h2');
    if (!heading || heading.getBoundingClientRect().height < 1) return 'its heading has no size';
    return null;
  });
}

const problems = [];
const browser = await launch();
try {
  for (const file of files) {
    const url = pathToFileURL(file).href;
    for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const dialogs = [];
      const foreign = [];
      const blocked = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
      // Chromium reports a request the policy refused as one that failed with
      // "csp" (net::ERR_BLOCKED_BY_CSP): it never left the machine. Any other is a problem.
      const refused = new Set();
      context.on('request', (r) => { if (!r.url().startsWith('file:')) foreign.push(r); });
      context.on('requestfailed', (r) => {
        if (r.failure()?.errorText === 'csp') refused.add(r);
        else if (!r.url().startsWith('file:')) console.log(`failed: ${r.url()} ${r.failure()?.errorText}`);
      });
      page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) blocked.push(m.text()); });
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForTimeout(mode === 'hostile' ? 500 : 50);
      const where = `${file} at ${viewport.width}px`;
      const hidden = await emergencyProblem(page);
      if (hidden) problems.push(`${where}: the emergency box is not visible: ${hidden}`);
      if (mode === 'hostile') {
        for (const d of dialogs) problems.push(`${where}: a script ran and opened a dialog: ${d}`);
        for (const r of foreign) {
          if (!refused.has(r)) problems.push(`${where}: request to another host: ${r.url()}`);
        }
        if (blocked.length === 0) problems.push(`${where}: the policy blocked nothing, so the payload was not tested`);
        // The guide's own scripts still run: search.js shows the search box.
        if (!(await page.locator('#search-input').isVisible())) {
          problems.push(`${where}: the guide's own search box did not appear`);
        }
        const sent = foreign.filter((r) => !refused.has(r)).length;
        console.log(`${where}: ${dialogs.length} dialogs, ${sent} requests to other hosts (${refused.size} refused by the policy), ${blocked.length} policy reports`);
      } else {
        console.log(`${where}: emergency box ${hidden ? 'NOT visible' : 'visible'}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
for (const p of problems) console.log(p);
console.log(`csp: ${files.length} files checked (${mode}), ${problems.length} problems`);
if (problems.length > 0) fail(`${problems.length} problems`);
