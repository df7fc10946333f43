// Valid HTML, CSS and SVG: the Nu HTML Checker (npm vnu-jar, run with the machine's Java) on every
// .html, .css and .svg file under SITE_DIR. SVG inside HTML is checked as part of its page.
//
// Usage: node vnu-check.mjs SITE_DIR
// Prints each error as `file:line:col: message`, then `vnu: N files checked (H html, C css, S svg),
// E errors`. Exits 1 when there is any error (or the checker could not check a file).
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fail } from './chromium.mjs';

const JAR = fileURLToPath(new URL('./node_modules/vnu-jar/build/dist/vnu.jar', import.meta.url));

function files(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(html|css|svg)$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function main() {
  const site = process.argv[2];
  if (!site || !existsSync(site)) {
    console.error('usage: node vnu-check.mjs SITE_DIR');
    process.exit(2);
  }
  const list = files(site);
  const count = (ext) => list.filter((f) => f.endsWith(ext)).length;
  if (count('.html') === 0) {
    fail(`no .html files under ${site}`);
    return;
  }
  const java = process.env.JAVA || 'java';
  const run = spawnSync(java, [
    '-Xss4m', '-jar', JAR, '--errors-only', '--format', 'json',
    '--also-check-css', '--also-check-svg', ...list,
  ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) {
    fail(`could not run ${java}: ${run.error.message}`);
    return;
  }
  let report;
  try {
    report = JSON.parse(run.stderr || run.stdout);
  } catch {
    fail(`vnu gave no JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    return;
  }
  // "error" is a validity error; "non-document-error" means a file could not be checked at all.
  const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  for (const m of errors) {
    const file = m.url ? relative(site, fileURLToPath(m.url)).split(sep).join('/') : '(checker)';
    const at = m.lastLine !== undefined ? `:${m.lastLine}:${m.firstColumn || m.lastColumn || 0}` : '';
    const extract = m.extract ? `\n    ${m.extract.replace(/\n/g, ' ').trim()}` : '';
    console.log(`${file}${at}: ${m.message}${extract}`);
  }
  console.log(`vnu: ${list.length} files checked (${count('.html')} html, ${count('.css')} css, `
    + `${count('.svg')} svg), ${errors.length} errors`);
  if (errors.length > 0 || (run.status !== 0 && errors.length === 0)) {
    fail(`${errors.length} HTML/CSS errors (vnu exit ${run.status})`);
  }
}

main();
