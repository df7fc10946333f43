//! The search index, written at build time as `search-index.js` (`window.BACKGUIDE_SEARCH = …`)
//! so search works from `file://`, where a browser will not `fetch` a file. static/search.js
//! loads it on first use by adding a `<script>` element.
//!
//! To stay small (the real guide's index is well under 50 KB) the index holds terms with page
//! numbers and scores, not the pages' text; a result shows the page's title and its summary.
//!
//! Format: `{"stop": [stop words], "syn": [[phrase, means], …], "asides": [page, …], "pages":
//! [[href, title, snippet], …], "terms": {term: [page, score, page, score, …], …}}`, lists and
//! terms sorted, so builds are identical. `asides` are glossary entries: found by their words,
//! but never ranked first for having them in their title, so a page about a word comes before
//! its definition. `syn` is content/search.yaml, applied to the query by static/search.js (see
//! [`synonyms`]).
//!
//! [`SearchIndex`] builds it: the terms are scored on every core without an allocation a word,
//! and serialised once, however many times the index is written (the site's, the single
//! file's). [`terms_of`] and [`index_js`] are the first, plainer way to the same bytes, kept
//! as the reference the tests hold `SearchIndex` to.

mod decision;
pub mod synonyms;
pub mod tokens;

pub use tokens::{stem, terms, STOP_WORDS};

use tokens::Words;

use crate::content::{Content, Page, SearchTerm, TopicKind};
use crate::decision::Tree;
use crate::diagnostic::Diagnostics;
use crate::markdown::plain_text;
use crate::pages::{self, Kind, Pages};
// Replaces `<`, `>` and `&` one character at a time, so it can be applied to the pieces of the
// JSON as well as to the whole.
use crate::util::json::script_safe;
use crate::util::memo::{Key, Keyer, Memo};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Where a word was found, and how much that counts. A word in a title says more about a page
/// than the same word in passing.
const TITLE: u32 = 10;
const KEYWORD: u32 = 10;
const HEADING: u32 = 5;
const SUMMARY: u32 = 4;
const BODY: u32 = 1;
/// Repeats in the body stop counting here, so a long page does not drown a short one.
const MAX_SCORE: u32 = 40;
/// The start of a glossary entry's href: such documents are `asides`.
const GLOSSARY_ENTRY: &str = "glossary.html#";
/// Glossary definitions are cut to this many characters for the snippet.
const SNIPPET_CHARS: usize = 110;

/// One searchable page (or glossary entry) and its text, by weight.
#[derive(Debug, Clone)]
pub struct Document {
    /// Site-root-relative, e.g. `causes/doms.html` or `glossary.html#sciatica`.
    pub href: String,
    pub title: String,
    pub snippet: String,
    pub text: Vec<(u32, String)>,
}

/// Every searchable document of the guide, in the page table's order: home, the sections and
/// their topics, the decision tool's (when the guide has one), about, the glossary's entries
/// and the sources. Each page's href, title and snippet are the table's.
pub fn documents(content: &Content, pages: &Pages, tree: Option<&Tree>) -> Vec<Document> {
    let collect = Collector {
        content,
        pages,
        tree,
        memo: None,
    };
    let entries: Vec<&pages::Page> = pages.iter().collect();
    let per_page: Vec<Vec<Document>> = entries.par_iter().map(|p| collect.of_page(p)).collect();
    per_page.into_iter().flatten().collect()
}

/// The plain text of each Markdown body, by the body: `serve` works out again only the
/// texts an edit changed.
pub type TextMemo = Memo<String>;

/// The search index of the guide: [`SearchIndex::new`] of [`documents`], byte for byte,
/// without holding every page's text at once. The pages are taken in runs, each run's
/// documents scored and dropped before the next runs are made. With `memo`, the plain text of
/// unchanged bodies is reused (`serve`).
pub fn index_with(
    content: &Content,
    pages: &Pages,
    tree: Option<&Tree>,
    memo: Option<&TextMemo>,
    synonyms: &[SearchTerm],
) -> (SearchIndex, Diagnostics) {
    let collect = Collector {
        content,
        pages,
        tree,
        memo,
    };
    index_in_runs(&collect, run_length(pages.len()), synonyms)
}

/// [`index_with`], `run` pages at a time.
fn index_in_runs(
    collect: &Collector,
    run: usize,
    synonyms: &[SearchTerm],
) -> (SearchIndex, Diagnostics) {
    let entries: Vec<&pages::Page> = collect.pages.iter().collect();
    let runs: Vec<Scored> = entries
        .par_chunks(run.max(1))
        .map(|entries| {
            let docs: Vec<Document> = entries.iter().flat_map(|p| collect.of_page(p)).collect();
            Scored::of(&docs)
        })
        .collect();
    SearchIndex::of_runs(runs, synonyms)
}

/// How many documents (or pages) one run of the scoring holds: a few runs a core.
fn run_length(count: usize) -> usize {
    let threads = rayon::current_num_threads().max(1);
    count.div_ceil(threads * 16).max(64)
}

/// Makes the documents of each page of the table.
struct Collector<'a> {
    content: &'a Content,
    pages: &'a Pages,
    tree: Option<&'a Tree>,
    memo: Option<&'a TextMemo>,
}

impl Collector<'_> {
    fn plain_text(&self, markdown: &str, digest: Option<&Key>) -> String {
        match self.memo {
            None => plain_text(markdown),
            Some(memo) => {
                let key = match digest {
                    Some(digest) => Keyer::new("plain").key(digest).finish(),
                    None => Keyer::new("plain").text(markdown).finish(),
                };
                memo.get_or(key, || plain_text(markdown))
            }
        }
    }

    fn of_page(&self, page: &pages::Page) -> Vec<Document> {
        let content = self.content;
        let plain_text = |markdown: &str, digest: Option<&Key>| self.plain_text(markdown, digest);
        let doc = |text| Document {
            href: page.output.clone(),
            title: page.title.clone(),
            snippet: page.summary.clone(),
            text,
        };
        match page.kind {
            Kind::Home => {
                let g = &content.guide;
                vec![doc(vec![
                    (TITLE, g.title.clone()),
                    (SUMMARY, g.description.clone()),
                    (BODY, plain_text(&g.intro, None)),
                ])]
            }
            Kind::Section(i) => {
                let s = &content.sections[i].settings;
                vec![doc(vec![
                    (TITLE, s.title.clone()),
                    (SUMMARY, s.summary.clone()),
                    (BODY, plain_text(&s.intro, None)),
                ])]
            }
            Kind::Topic { section, topic } => {
                vec![page_document(
                    &content.sections[section].topics[topic],
                    page,
                    &plain_text,
                )]
            }
            Kind::Decide => {
                (self.tree.map(|t| decision::documents(t, self.pages))).unwrap_or_default()
            }
            Kind::About => vec![page_document(&content.about, page, &plain_text)],
            Kind::Glossary => glossary_documents(content),
            Kind::Sources => {
                let titles: Vec<&str> = content.sources.iter().map(|s| s.title.as_str()).collect();
                vec![doc(vec![
                    (TITLE, "sources".into()),
                    (BODY, titles.join("\n")),
                ])]
            }
            // The other decision pages are in `decision::documents`, or left out on purpose.
            Kind::DecisionNode(_) | Kind::Flowchart | Kind::DecisionList | Kind::NotFound => {
                Vec::new()
            }
        }
    }
}

/// What the index keeps of a run of documents once their text is gone: each one's href, title
/// and snippet, which of them are glossary entries, and their terms, numbered from the run's
/// first document.
struct Scored {
    pages: Vec<(String, String, String)>,
    asides: Vec<u32>,
    terms: Vec<(String, Vec<u32>)>,
}

impl Scored {
    fn of(docs: &[Document]) -> Scored {
        Scored {
            pages: (docs.iter())
                .map(|d| (d.href.clone(), d.title.clone(), d.snippet.clone()))
                .collect(),
            asides: asides(docs),
            terms: score_pages(docs, 0),
        }
    }
}

/// Each glossary entry, a document of its own.
fn glossary_documents(content: &Content) -> Vec<Document> {
    content
        .glossary
        .iter()
        .map(|entry| {
            let names = std::iter::once(entry.term.clone())
                .chain(entry.aliases.iter().cloned())
                .collect::<Vec<_>>()
                .join(", ");
            Document {
                href: format!("{GLOSSARY_ENTRY}{}", entry.id),
                title: content
                    .words
                    .fill("search", "glossary_entry", &[("term", &names)]),
                snippet: shorten(&entry.definition, SNIPPET_CHARS),
                // Weighted like body text, so a page about a word ranks above its definition.
                text: vec![(BODY, names), (BODY, entry.definition.clone())],
            }
        })
        .collect()
}

/// A topic's or the about page's document; `entry` is its row of the page table.
fn page_document(
    page: &Page,
    entry: &pages::Page,
    plain_text: &(dyn Fn(&str, Option<&Key>) -> String + Sync),
) -> Document {
    let f = &page.fields;
    let mut text = vec![
        (TITLE, f.title.clone()),
        (SUMMARY, f.summary.clone()),
        (BODY, plain_text(&page.body, page.body_key.as_ref())),
    ];
    text.extend(f.keywords.iter().map(|k| (KEYWORD, k.clone())));
    text.extend(
        page.analysis
            .headings
            .iter()
            .map(|h| (HEADING, h.text.clone())),
    );
    let extra: Vec<&String> = match &f.kind {
        TopicKind::Cause { feels_like, .. } => feels_like.iter().collect(),
        TopicKind::Differentiation { soreness, injury } => vec![soreness, injury],
        TopicKind::WarningSign { signs, .. } => signs.iter().collect(),
        _ => Vec::new(),
    };
    text.extend(extra.into_iter().map(|t| (SUMMARY, t.clone())));
    Document {
        href: entry.output.clone(),
        title: entry.title.clone(),
        snippet: entry.summary.clone(),
        text,
    }
}

/// Cut `text` at a word boundary to at most `max` characters, adding an ellipsis if cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', '.', ';', ':']))
}

/// The search index, worked out once: the pages' (href, title, snippet) and the terms, already
/// serialised. [`SearchIndex::js`] then writes search-index.js for any mapping of the hrefs (the
/// site's own, or the single-file guide's anchors) by serialising only the pages.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Each document's href (unmapped), title and snippet, in page order.
    pages: Vec<(String, String, String)>,
    /// `window.BACKGUIDE_SEARCH={"stop":[…],"syn":[…],"pages":`, made script-safe.
    head: String,
    /// `,"terms":{…}};` and a newline, made script-safe.
    tail: String,
}

impl SearchIndex {
    /// The index of `docs`: their terms, scored by where each word is (as [`terms_of`]), and
    /// serialised straight away, so the per-term lists need not be kept; and the readers' words
    /// of content/search.yaml. The warnings name each `means` with a word no page has.
    pub fn new(docs: &[Document], synonyms: &[SearchTerm]) -> (SearchIndex, Diagnostics) {
        let runs = docs
            .par_chunks(run_length(docs.len()))
            .map(Scored::of)
            .collect();
        SearchIndex::of_runs(runs, synonyms)
    }

    /// The index of the runs of documents, in order, each scored on its own.
    fn of_runs(mut runs: Vec<Scored>, synonyms: &[SearchTerm]) -> (SearchIndex, Diagnostics) {
        // Each run's documents are numbered from its first: number them from the guide's.
        let mut first = 0u32;
        for run in &mut runs {
            run.asides.iter_mut().for_each(|n| *n += first);
            for (_, list) in &mut run.terms {
                // [page, score, page, score, …]: only the pages move.
                list.iter_mut().step_by(2).for_each(|n| *n += first);
            }
            first += u32::try_from(run.pages.len()).expect("fewer than 4 billion pages");
        }
        let asides: Vec<u32> = runs.iter().flat_map(|r| r.asides.iter().copied()).collect();
        let stop = serde_json::to_string(STOP_WORDS).expect("the stop words serialise");
        let syn = serde_json::to_string(&synonyms::compile(synonyms)).expect("they serialise");
        let asides = serde_json::to_string(&asides).expect("they serialise");
        let head = format!(
            "window.BACKGUIDE_SEARCH={}",
            script_safe(&format!(
                r#"{{"stop":{stop},"syn":{syn},"asides":{asides},"pages":"#
            ))
        );
        let mut tail = String::from(r#","terms":{"#);
        let wanted: Vec<String> = synonyms
            .iter()
            .flat_map(|s| terms(&s.means).collect::<Vec<_>>())
            .collect();
        let pages = runs
            .iter_mut()
            .flat_map(|r| std::mem::take(&mut r.pages))
            .collect();
        let terms = runs.into_iter().map(|r| r.terms).collect();
        let found = push_terms_json(&mut tail, terms, &wanted);
        tail.push_str("}};\n");
        tail.shrink_to_fit();
        let index = SearchIndex { pages, head, tail };
        let found: std::collections::BTreeSet<&str> = wanted
            .iter()
            .zip(found)
            .filter_map(|(t, f)| f.then_some(t.as_str()))
            .collect();
        let warnings = synonyms::check_found(synonyms, |t| found.contains(t));
        (index, warnings)
    }

    /// search-index.js: exactly the bytes of `index_js(docs, &terms_of(docs), href)`. `href`
    /// maps each document's href to the one the results should link to.
    pub fn js(&self, href: impl Fn(&str) -> String) -> String {
        let pages: Vec<(String, &str, &str)> = self
            .pages
            .iter()
            .map(|(h, t, s)| (href(h), t.as_str(), s.as_str()))
            .collect();
        let pages = script_safe(&serde_json::to_string(&pages).expect("the pages serialise"));
        let mut js = String::with_capacity(self.head.len() + pages.len() + self.tail.len());
        js.push_str(&self.head);
        js.push_str(&pages);
        js.push_str(&self.tail);
        js
    }
}

/// The numbers of the documents that are glossary entries.
fn asides(docs: &[Document]) -> Vec<u32> {
    (0..)
        .zip(docs)
        .filter(|(_, d)| d.href.starts_with(GLOSSARY_ENTRY))
        .map(|(i, _)| i)
        .collect()
}

/// FxHash (rustc's): the terms are the guide's own words, so a fast hash beats SipHash's
/// protection against chosen keys.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let mut rest = chunks.remainder();
        if let Some((c, more)) = rest.split_first_chunk::<4>() {
            self.add(u64::from(u32::from_le_bytes(*c)));
            rest = more;
        }
        if let Some((c, more)) = rest.split_first_chunk::<2>() {
            self.add(u64::from(u16::from_le_bytes(*c)));
            rest = more;
        }
        if let Some(&b) = rest.first() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A score slot of a term the current page has not used.
const ABSENT: u32 = u32::MAX;

/// The terms of a run of pages, the first numbered `first`: each term with its
/// `[page, score, page, score, …]` in page order, sorted by term.
fn score_pages(docs: &[Document], first: u32) -> Vec<(String, Vec<u32>)> {
    // Terms get small numbers as they are first met; the rest is indexed by them.
    let mut ids: FxMap<String, usize> = FxMap::default();
    let mut lists: Vec<Vec<u32>> = Vec::new();
    // The current page's score of each term, or ABSENT, and the terms it has used.
    let mut scores: Vec<u32> = Vec::new();
    let mut used: Vec<usize> = Vec::new();
    let mut buf = String::new();
    for (page, doc) in (first..).zip(docs) {
        for (weight, text) in &doc.text {
            let mut words = Words::new(text);
            while let Some(term) = words.next_term(&mut buf) {
                let id = match ids.get(term) {
                    Some(&id) => id,
                    None => {
                        ids.insert(term.to_string(), lists.len());
                        lists.push(Vec::new());
                        scores.push(ABSENT);
                        lists.len() - 1
                    }
                };
                let score = &mut scores[id];
                if *score == ABSENT {
                    *score = 0;
                    used.push(id);
                }
                // Capped after each word, as terms_of does.
                *score = (*score + weight).min(MAX_SCORE);
            }
        }
        for id in used.drain(..) {
            lists[id].extend([page, scores[id]]);
            scores[id] = ABSENT;
        }
    }
    let mut terms: Vec<(String, Vec<u32>)> = ids
        .into_iter()
        .map(|(term, id)| (term, std::mem::take(&mut lists[id])))
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    terms
}

/// Add the `"term":[page,score,…],…` inside the index's `"terms"` object to `out`, in term
/// order, made script-safe: what `index_json` writes there for `terms_of(docs)`, given the
/// terms of each run of `docs`, in order, numbered from the first document. Returns whether
/// each of `wanted` is a term.
fn push_terms_json(
    out: &mut String,
    runs: Vec<Vec<(String, Vec<u32>)>>,
    wanted: &[String],
) -> Vec<bool> {
    let threads = rayon::current_num_threads().max(1);
    // Each run of pages was scored on its own, its terms sorted...
    // ...then merged: a stable sort by term keeps each term's runs in page order.
    let mut all: Vec<(&str, &[u32])> = runs
        .iter()
        .flatten()
        .map(|(term, list)| (term.as_str(), list.as_slice()))
        .collect();
    all.par_sort_by(|a, b| a.0.cmp(b.0));
    // Each term's runs, and then the JSON of batches of terms, on every core.
    let mut terms: Vec<&[(&str, &[u32])]> = Vec::new();
    let mut rest = all.as_slice();
    while let Some((first, _)) = rest.first() {
        let n = rest.iter().take_while(|(t, _)| t == first).count();
        let (term, more) = rest.split_at(n);
        terms.push(term);
        rest = more;
    }
    let found = wanted
        .iter()
        .map(|w| terms.binary_search_by(|t| t[0].0.cmp(w.as_str())).is_ok())
        .collect();
    let batch = terms.len().div_ceil(threads * 8).max(1);
    let parts: Vec<String> = terms
        .par_chunks(batch)
        .map(|terms| {
            let mut json = String::new();
            for (i, runs) in terms.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                let key = serde_json::to_string(runs[0].0).expect("a term serialises");
                json.push_str(&script_safe(&key));
                json.push_str(":[");
                for (j, n) in runs.iter().flat_map(|(_, list)| list.iter()).enumerate() {
                    if j > 0 {
                        json.push(',');
                    }
                    push_number(&mut json, *n);
                }
                json.push(']');
            }
            json
        })
        .collect();
    // The lists go before the JSON is put together: it is the only copy the index keeps.
    drop(terms);
    drop(all);
    drop(runs);
    // Room for the commas and the end of the script too, so it is not copied again.
    out.reserve(parts.iter().map(|p| p.len() + 1).sum::<usize>() + 8);
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&part);
    }
    found
}

/// `n` in decimal, as serde_json writes it.
fn push_number(out: &mut String, n: u32) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The straightforward way to the same index, kept as the reference the tests hold
/// [`SearchIndex`] to: byte for byte the same output, by a slower road.
#[cfg(test)]
mod reference {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Index<'a> {
        stop: &'a [&'a str],
        syn: Vec<(String, String)>,
        asides: Vec<u32>,
        pages: Vec<(String, &'a str, &'a str)>,
        terms: &'a BTreeMap<String, Vec<u32>>,
    }

    /// Each term of the documents with its pages and scores, `[page, score, page, score, …]`.
    /// [`SearchIndex`] works the same out faster, and keeps only its JSON.
    #[derive(Debug, Clone, Default)]
    pub struct Terms(BTreeMap<String, Vec<u32>>);

    /// The index as JSON. `href` maps each document's href to the one the results should link to
    /// (unchanged for the site; an in-page anchor for the single-file guide).
    pub fn index_json(docs: &[Document], terms: &Terms, href: impl Fn(&str) -> String) -> String {
        index_json_with(docs, terms, &[], href)
    }

    /// [`index_json`], with the readers' words of content/search.yaml.
    pub fn index_json_with(
        docs: &[Document],
        terms: &Terms,
        synonyms: &[SearchTerm],
        href: impl Fn(&str) -> String,
    ) -> String {
        let index = Index {
            stop: STOP_WORDS,
            syn: super::synonyms::compile(synonyms),
            asides: super::asides(docs),
            pages: docs
                .iter()
                .map(|d| (href(&d.href), d.title.as_str(), d.snippet.as_str()))
                .collect(),
            terms: &terms.0,
        };
        serde_json::to_string(&index).expect("the index serialises")
    }

    /// The terms of `docs`, scored by where each word is: the reference for [`SearchIndex::new`].
    pub fn terms_of(docs: &[Document]) -> Terms {
        // Each page's scores, on every core. Capping a sum of positive weights once at the end
        // gives the same score as capping after each word.
        let pages: Vec<HashMap<String, u32>> = docs
            .par_iter()
            .map(|doc| {
                let mut scores: HashMap<String, u32> = HashMap::new();
                for (weight, text) in &doc.text {
                    for term in terms(text) {
                        let score = match scores.get_mut(&term) {
                            Some(score) => score,
                            None => scores.entry(term).or_default(),
                        };
                        *score = (*score + weight).min(MAX_SCORE);
                    }
                }
                scores
            })
            .collect();
        // Then each term's [page, score, page, score, …], in page order.
        let mut all: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, scores) in pages.into_iter().enumerate() {
            let page = u32::try_from(i).expect("fewer than 4 billion pages");
            for (term, score) in scores {
                all.entry(term).or_default().extend([page, score]);
            }
        }
        Terms(all.into_iter().collect())
    }

    /// `search-index.js`: the index as a script that sets `window.BACKGUIDE_SEARCH`. The JSON is
    /// made safe to sit inside a `<script>` element too, for the single-file guide.
    pub fn index_js(
        docs: &[Document],
        terms: &Terms,
        synonyms: &[SearchTerm],
        href: impl Fn(&str) -> String,
    ) -> String {
        let json = crate::util::json::script_safe(&index_json_with(docs, terms, synonyms, href));
        format!("window.BACKGUIDE_SEARCH={json};\n")
    }
}

#[cfg(test)]
mod tests {
    use super::reference::*;
    use super::*;

    fn doc(href: &str, text: &[(u32, &str)]) -> Document {
        Document {
            href: href.into(),
            title: href.into(),
            snippet: String::new(),
            text: text.iter().map(|(w, t)| (*w, t.to_string())).collect(),
        }
    }

    #[test]
    fn scores_by_where_a_word_is_and_caps_repeats() {
        let docs = [
            doc("a.html", &[(TITLE, "Deadlift form"), (BODY, "form form")]),
            doc("b.html", &[(BODY, &"deadlifts ".repeat(100))]),
        ];
        let v: serde_json::Value =
            serde_json::from_str(&index_json(&docs, &terms_of(&docs), str::to_string)).unwrap();
        assert_eq!(v["terms"]["deadlift"], serde_json::json!([0, 10, 1, 40]));
        assert_eq!(v["terms"]["form"], serde_json::json!([0, 12]));
        assert_eq!(v["pages"][1][0], "b.html");
    }

    #[test]
    fn hrefs_can_be_mapped_and_the_script_cannot_be_closed() {
        let docs = [doc("a.html", &[(TITLE, "x </script> y")])];
        let js = index_js(&docs, &terms_of(&docs), &[], |h| format!("#{h}"));
        assert!(js.starts_with("window.BACKGUIDE_SEARCH={"), "{js}");
        assert!(!js.contains("</"), "{js}");
        assert!(js.contains("\"#a.html\""), "{js}");
    }

    /// Documents with what the terms and the JSON have to get right: non-ASCII and uppercase
    /// words, numbers, stop words, repeats past the cap, terms on one page or on all, markup
    /// in titles and snippets, and enough pages that they are scored in several runs.
    fn varied_docs() -> Vec<Document> {
        let mut docs = vec![
            Document {
                href: "index.html".into(),
                title: "Æsop </script><script>alert(1)</script> & \"quotes\"".into(),
                snippet: "Naïve <b>bold</b> \\ back\nslash\t\u{7}".into(),
                text: vec![
                    (TITLE, "Æsop's FABLES and the naïve NAÏVE Naïves".into()),
                    (SUMMARY, "ΟΔΟΣ ΣΟΦΟΣ straße İstanbul 日本語 ½ Ⅻs".into()),
                    (
                        BODY,
                        "Deadlifts deadlift DEADLIFTS 48-hour 2024 x y z".repeat(9),
                    ),
                    (0, "weightless words".into()),
                ],
            },
            doc("causes/doms.html", &[(BODY, "")]),
            doc(
                "glossary.html#sciatica",
                &[
                    (BODY, "the of and THE IS it's a A an"),
                    (KEYWORD, "sciatica"),
                ],
            ),
        ];
        for i in 0..300 {
            let body = format!(
                "page {i} Word{} common Deadlifts sciatica {} squats",
                i % 7,
                ["stress", "pelvis", "muscles", "yes", "</script>", "Ærø"][i % 6]
            );
            docs.push(Document {
                // Glossary entries in later runs too: their numbers move with the run's.
                href: match i % 97 {
                    0 => format!("glossary.html#term-{i}"),
                    _ => format!("section/page-{i}.html"),
                },
                title: format!("Page {i} & more"),
                snippet: format!("About page {i}"),
                text: vec![(TITLE, format!("Page {i}")), (BODY, body.repeat(i % 5))],
            });
        }
        docs
    }

    #[test]
    fn the_search_index_writes_what_index_js_does() {
        let synonyms = [
            SearchTerm {
                words: vec!["A&E".into(), "</script>".into(), "can’t walk".into()],
                means: "Sciatica Deadlifts".into(),
                line: 1,
            },
            SearchTerm {
                words: vec!["x y".into()],
                means: "nowhere".into(),
                line: 4,
            },
        ];
        for docs in [Vec::new(), varied_docs()[..3].to_vec(), varied_docs()] {
            let terms = terms_of(&docs);
            let (index, warnings) = SearchIndex::new(&docs, &synonyms);
            // "nowhere" is on no page; "sciatica" and "deadlift" are on some, once there are any.
            let lines: Vec<_> = warnings.warnings.iter().map(|w| w.line).collect();
            match docs.is_empty() {
                true => assert_eq!(lines, [Some(1), Some(4)]),
                false => assert_eq!(lines, [Some(4)]),
            }
            for href in [&str::to_string as &dyn Fn(&str) -> String, &|h: &str| {
                format!("#page-{}", h.replace(['/', '.'], "-"))
            }] {
                let old = index_js(&docs, &terms, &synonyms, href);
                assert_eq!(index.js(href), old);
                assert!(!old.contains("</"));
            }
        }
    }

    /// The index made from the pages in runs, each run's text dropped once scored, is the one
    /// made from all the documents at once, however long the runs.
    #[test]
    fn the_index_made_in_runs_of_pages_is_the_index_of_all_the_documents() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (content, _) = crate::content::load(root).unwrap();
        let pages = Pages::new(&content, None);
        let docs = documents(&content, &pages, None);
        let (whole, _) = SearchIndex::new(&docs, &content.search_terms);
        let collect = Collector {
            content: &content,
            pages: &pages,
            tree: None,
            memo: None,
        };
        for run in [1, 2, 5, 64] {
            let (in_runs, _) = index_in_runs(&collect, run, &content.search_terms);
            assert_eq!(
                in_runs.js(str::to_string),
                whole.js(str::to_string),
                "runs of {run}"
            );
        }
        assert!(whole.js(str::to_string).contains("glossary.html#"));
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        assert_eq!(shorten("one two three", 9), "one two…");
        assert_eq!(shorten("short", 9), "short");
    }
}
