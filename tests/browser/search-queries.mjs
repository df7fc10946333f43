// The site's own search code (search-engine.js, as built: what search.js runs in the browser)
// run in Node against the built index, for many queries at once.
//
//   node search-queries.mjs SITE_DIR INPUT_JSON
//
// INPUT_JSON is {"queries": [query, ...], "words": [[text, [rust terms], [rust raw words]], ...]}.
// Prints JSON: {"results": [{"query", "hrefs" (every page found, best first), "partial"}],
// "disagree": [texts whose words search-engine.js splits differently from src/search/]}.
// tests/search.rs writes the input and checks the output.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const [siteDir, inputFile] = process.argv.slice(2);
if (!siteDir || !inputFile) {
  console.error('usage: node search-queries.mjs SITE_DIR INPUT_JSON');
  process.exit(2);
}
const input = JSON.parse(fs.readFileSync(inputFile, 'utf8'));

// The two scripts as a page loads them, in a context of their own; with `module` there, the
// engine exports its search instead of setting window.BACKGUIDE_SEARCHER.
const context = vm.createContext({ window: {}, module: { exports: {} } });
vm.runInContext(fs.readFileSync(path.join(siteDir, 'search-index.js'), 'utf8'), context);
vm.runInContext(fs.readFileSync(path.join(siteDir, 'search-engine.js'), 'utf8'), context);
const api = context.module.exports;
const index = context.window.BACKGUIDE_SEARCH;
if (!api.searcher || !index) {
  console.error('search-engine.js exported no searcher, or search-index.js set no index');
  process.exit(1);
}

const engine = api.searcher(index);
const results = input.queries.map((query) => {
  const found = engine.search(query);
  return {
    query,
    hrefs: found ? found.pages.map((p) => p[0]) : [],
    partial: found ? found.partial : false,
  };
});
const disagree = [];
for (const [text, terms, raw] of input.words) {
  const js = Array.from(api.words(text, index.stop));
  const jsRaw = Array.from(api.split(text)).map((w) => w.toLowerCase());
  if (JSON.stringify(js) !== JSON.stringify(terms) || JSON.stringify(jsRaw) !== JSON.stringify(raw)) {
    disagree.push({ text, rust: terms, js, rust_raw: raw, js_raw: jsRaw });
  }
}
console.log(JSON.stringify({ results, disagree }));
