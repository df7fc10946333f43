//! Robustness of the loader and the whole build: no input may panic the tool. Every failure must
//! be an error that names a file and says what is wrong.
//!
//! Each property starts from a copy of the real guide (content/, templates/, static/), replaces
//! one file with generated or mutated text, runs `backguide::site::build_site`, and puts the file
//! back. proptest catches a panic, shrinks the input and prints it.
//!
//! CI runs 64 cases per property. A long local campaign (the figures are in
//! docs/benchmarks.md):
//!
//! ```sh
//! PROPTEST_CASES=20000 cargo test --release --test proptest_loader -- --nocapture
//! ```
//!
//! `PROPTEST_SHOW_ERRORS=1` prints the errors of every failed build, to see which checks
//! the generated inputs reach.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Cases per property: 64 in CI, or `PROPTEST_CASES` for a long campaign.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    Config {
        cases,
        // Failures found are saved here and replayed first on every run.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/proptest_loader.txt",
        ))),
        // Mutations that make an invalid file are the point, not a reason to give up.
        max_global_rejects: cases * 4,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The base guide, and building it with one file replaced.

struct Base {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Content-relative paths of the real topics, e.g. `causes/doms.md`.
    topics: Vec<String>,
    /// Those paths, and each with every anchor its headings make: `causes/doms.md#what-it-is`.
    targets: Vec<String>,
    /// How many builds this base ran, and how many failed with errors (the rest built).
    builds: AtomicUsize,
    errors: AtomicUsize,
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl Base {
    fn new() -> Base {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        for folder in ["content", "templates", "static"] {
            copy_tree(&repo.join(folder), &root.join(folder));
        }
        let mut topics = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(root.join("content")).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.contains('/') && rel.ends_with(".md") {
                topics.push(rel);
            }
        }
        assert!(!topics.is_empty(), "the real guide has no topics");
        let mut targets = Vec::new();
        for topic in &topics {
            let text = fs::read_to_string(root.join("content").join(topic)).unwrap();
            let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
            targets.push(topic.clone());
            for h in backguide::markdown::analyze(body, 1).headings {
                targets.push(format!("{topic}#{}", h.id));
            }
        }
        Base {
            _dir: dir,
            root,
            topics,
            targets,
            builds: AtomicUsize::new(0),
            errors: AtomicUsize::new(0),
        }
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join("content").join(rel)).unwrap()
    }

    /// Build with `content/<rel>` replaced by `bytes`. The build may fail, but only with errors
    /// that name a file and say something; it must never panic. The file is put back even when
    /// the build panics, so the next case starts from the real guide.
    fn build_with(&self, rel: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
        let path = self.root.join("content").join(rel);
        let _restore = Restore {
            original: fs::read(&path).ok(),
            path: path.clone(),
        };
        // A name the file system refuses (a folder's name, a path through a file) is not an
        // input the tool can be given.
        let written = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, bytes));
        if written.is_err() || path.is_dir() {
            return Err(TestCaseError::reject("the file system refuses this name"));
        }
        self.builds.fetch_add(1, Ordering::Relaxed);
        match backguide::site::build_site(&self.root) {
            Ok(_) => Ok(()),
            Err(diags) => {
                self.errors.fetch_add(1, Ordering::Relaxed);
                if std::env::var("PROPTEST_SHOW_ERRORS").is_ok() {
                    for d in &diags.errors {
                        eprintln!("ERR {d}");
                    }
                }
                prop_assert!(
                    !diags.errors.is_empty(),
                    "the build failed without saying why"
                );
                for d in &diags.errors {
                    prop_assert!(!d.file.is_empty(), "an error names no file: {d}");
                    prop_assert!(!d.message.trim().is_empty(), "an empty error: {d}");
                    // Only content/ changed, so an error that names another file sends the
                    // author to the wrong place. (The campaign found three such inputs, whose
                    // errors blamed templates/single.html; the checker now refuses them.)
                    prop_assert!(
                        d.file.starts_with("content/"),
                        "changing content/{} gave an error naming another file: {}",
                        rel,
                        d
                    );
                }
                Ok(())
            }
        }
    }

    fn report(&self, property: &str) {
        eprintln!(
            "{property}: {} builds, {} ended in errors, 0 panics, every error named a file in content/",
            self.builds.load(Ordering::Relaxed),
            self.errors.load(Ordering::Relaxed),
        );
    }
}

/// Puts a replaced file back (or removes a new one) when dropped.
struct Restore {
    path: PathBuf,
    original: Option<Vec<u8>>,
}

impl Drop for Restore {
    fn drop(&mut self) {
        match &self.original {
            Some(bytes) => fs::write(&self.path, bytes).unwrap(),
            None => {
                let _ = fs::remove_file(&self.path);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations of existing text.

/// Text that tends to break YAML, Markdown and the code that reads them.
const NASTY: &[&str] = &[
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    "{}",
    "[]",
    ",",
    "&a ",
    "*a",
    "!!binary ",
    "!!int ",
    "<<: *a",
    "? ",
    "|",
    "|-",
    ">",
    "\"",
    "'",
    "#",
    "%YAML 1.2",
    "---",
    "---\n",
    "...",
    "~",
    "null",
    ".nan",
    "-.inf",
    "0x1F",
    "1e400",
    "99999999999999999999999",
    "-1",
    "-0",
    "0",
    "4294967296",
    "18446744073709551616",
    "true",
    "yes",
    "\t",
    "\0",
    "\u{feff}",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "  ",
    "💥",
    "é",
    "İ",
    "ß",
    "\u{202e}",
    "\u{301}",
    "\\",
    "\\u0000",
    "%",
    "../",
    "..",
    "/",
    "//",
    "#anchor",
    ".md",
    "../causes/doms.md",
    "warning-signs/",
    "causes",
    "[x](",
    "](../",
    "{#",
    "{#id}",
    "<a href=\"x\">",
    "<!--",
    "```",
    "`",
    "|---|",
    "[^1]",
    "[^1]: n",
    "![",
    "<",
    ">",
    "&amp;",
    "&#0;",
    "*",
    "_",
    "**",
    "~~",
    "\\\n",
    "a: &a [*a, *a]",
    "&x [*x]",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    InsertLine(Index, String),
    Insert(Index, String),
    Replace(Index, usize, String),
    Truncate(Index),
    /// Replace the value of a `key:` line (any indentation, list items too).
    SetValue(Index, String),
    Indent(Index, usize),
}

fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(NASTY).prop_map(str::to_string),
        1 => "\\PC{0,16}",
        1 => any::<String>(),
    ]
}

/// A YAML value: plain scalars, quoted strings, lists, maps and junk.
fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        nasty(),
        "[a-z0-9_-]{0,12}",
        "\"\\PC{0,20}\"",
        prop::collection::vec("[a-z/._#-]{0,16}", 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        "\\{ ?[a-z_]{0,10}: ?-?[0-9]{0,20}, ?[a-z_]{0,10}: ?-?[0-9]{0,20} ?\\}",
        any::<i64>().prop_map(|n| n.to_string()),
        "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<Index>(), nasty()).prop_map(|(i, s)| Mutation::InsertLine(i, s)),
        (any::<Index>(), nasty()).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<Index>(), 0..8usize, nasty()).prop_map(|(i, n, s)| Mutation::Replace(i, n, s)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), yaml_value()).prop_map(|(i, v)| Mutation::SetValue(i, v)),
        (any::<Index>(), 0..6usize).prop_map(|(i, n)| Mutation::Indent(i, n)),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..5)
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_string();
    for m in mutations {
        text = apply_one(&text, m);
    }
    text
}

fn apply_one(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let chars: Vec<char> = text.chars().collect();
    let char_at = |i: &Index| i.index(chars.len() + 1);
    match m {
        Mutation::DeleteLine(i) => {
            lines.remove(i.index(lines.len()));
        }
        Mutation::DuplicateLine(i) => {
            let at = i.index(lines.len());
            lines.insert(at, lines[at].clone());
        }
        Mutation::SwapLines(a, b) => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
        }
        Mutation::InsertLine(i, s) => lines.insert(i.index(lines.len() + 1), s.clone()),
        Mutation::Indent(i, n) => {
            let at = i.index(lines.len());
            lines[at] = format!("{}{}", " ".repeat(*n), lines[at]);
        }
        Mutation::SetValue(i, value) => {
            let keyed: Vec<usize> = (0..lines.len())
                .filter(|&l| lines[l].contains(": ") || lines[l].trim_end().ends_with(':'))
                .collect();
            if keyed.is_empty() {
                return text.to_string();
            }
            let at = keyed[i.index(keyed.len())];
            let colon = lines[at].find(':').unwrap();
            lines[at] = format!("{}: {value}", &lines[at][..colon]);
        }
        Mutation::Insert(i, s) => {
            let at = char_at(i);
            return chars[..at]
                .iter()
                .chain(s.chars().collect::<Vec<_>>().iter())
                .chain(chars[at..].iter())
                .collect();
        }
        Mutation::Replace(i, n, s) => {
            let at = char_at(i);
            let end = (at + n).min(chars.len());
            let mut out: String = chars[..at].iter().collect();
            out.push_str(s);
            out.extend(&chars[end..]);
            return out;
        }
        Mutation::Truncate(i) => return chars[..char_at(i)].iter().collect(),
    }
    lines.join("\n")
}

// ---------------------------------------------------------------------------------------------
// Generated topics: front matter and Markdown with links and anchors.

const SECTIONS: &[&str] = &[
    "causes",
    "soreness-or-injury",
    "recovery",
    "prevention",
    "warning-signs",
];

const FIELDS: &[&str] = &[
    "title",
    "summary",
    "weight",
    "related",
    "sources",
    "onset",
    "feels_like",
    "soreness",
    "injury",
    "when",
    "phase",
    "tier",
    "signs",
    "titel",
    "keywords",
    "",
];

/// A link destination as an author might write it: a real page and anchor, or (with `junk`)
/// anything else too.
fn link_dest(targets: Vec<String>, junk: bool) -> BoxedStrategy<String> {
    let real = prop::sample::select(targets).prop_map(|t| format!("../{t}"));
    if !junk {
        return real.boxed();
    }
    prop_oneof![
        6 => real,
        1 => "[a-z-]{1,12}\\.md(#[a-z-]{0,8})?",
        1 => "#[a-z-]{0,12}",
        1 => prop::sample::select(
            &[
                "",
                "#",
                "/",
                "..",
                "../",
                "../..",
                "../../x.md",
                "/causes/doms.md",
                "causes/doms.md",
                "../causes/",
                "../causes/doms.md#",
                "../causes/doms.md##",
                "doms.md#a#b",
                "tel:999",
                "mailto:",
                "mailto:a@b",
                "http://x",
                "https://x.example/",
                "//x",
                "x.html",
                "x.MD",
                "../glossary.yaml#doms",
                "../sources.yaml",
                "../guide.yaml",
                "../decision.yaml",
                "_section.yaml",
                "../causes/_section.yaml#x",
                "%2e%2e/x.md",
                "ü.md",
                "a b.md",
                "<x.md>",
                "../causes/doms.md?x=1",
                "javascript:alert(1)",
                "data:text/html,x",
            ][..]
        )
        .prop_map(str::to_string),
        1 => "\\PC{0,20}",
    ]
    .boxed()
}

/// Markdown that is fine as it is: lists, code, tables, rules and emphasis.
const SAFE_MARKDOWN: &[&str] = &[
    "\n- a\n- b\n  - c\n",
    "\n1. one\n2. two\n",
    "\n```\ncode [x](y.md)\n```\n",
    "\n| a | b |\n|---|---|\n| c | DOMS |\n",
    "\n---\n",
    "\n***\n",
    "`[x](y.md)`",
    "DOMS and muscle strain and sprains",
    "\n    indented code\n",
    "\\[not](a link)",
    "~~struck~~",
    "*a **b** c*",
    "\n> a quote\n",
];

/// Markdown that the checker must refuse, or that only looks like a link.
const RISKY_MARKDOWN: &[&str] = &[
    "<a href=\"x.md\">x</a>",
    "<img src=\"x.png\">",
    "\n> quote [x](#y)\n",
    "[ref][r]\n\n[r]: ../causes/doms.md\n",
    "[^1]\n\n[^1]: note\n",
    "<!-- [x](y.md) -->",
    "<div>\n\n[x](z.md)\n\n</div>",
    "<https://autolink.example>",
    "[x]: <y.md>\n",
    "<script>alert(1)</script>",
    "</script>",
    "</style>",
    "<style>p{}</style>",
    "<template>",
    "<![CDATA[x]]>",
];

/// A Markdown body from pieces: text, headings (with and without `{#id}`), links to `targets`
/// and images, and other blocks. With `junk`, also broken links, raw HTML and arbitrary text.
fn markdown(targets: Vec<String>, junk: bool) -> impl Strategy<Value = String> {
    let snippets: Vec<&'static str> = if junk {
        SAFE_MARKDOWN
            .iter()
            .chain(RISKY_MARKDOWN)
            .copied()
            .collect()
    } else {
        SAFE_MARKDOWN.to_vec()
    };
    let piece = prop_oneof![
        4 => "[A-Za-z ,.]{0,40}",
        2 => (2..4usize, "[A-Za-z ]{1,20}", prop::option::weighted(0.2, "[a-z0-9-]{1,10}"))
            .prop_map(|(level, text, id)| format!(
                "\n{} {text}{}\n",
                "#".repeat(level),
                id.map(|i| format!(" {{#{i}}}")).unwrap_or_default()
            )),
        2 => ("[a-z ]{0,12}", link_dest(targets.clone(), junk))
            .prop_map(|(text, dest)| format!("[{text}]({dest})")),
        // Images: the guide has none; an image whose source is a page must be refused by name.
        (if junk { 1 } else { 0 }) => link_dest(targets, junk).prop_map(|dest| format!("![alt]({dest})")),
        1 => prop::sample::select(snippets).prop_map(str::to_string),
        (if junk { 1 } else { 0 }) => nasty(),
    ];
    prop::collection::vec(
        (piece, prop::sample::select(&["", " ", "\n", "\n\n"][..])),
        0..40,
    )
    .prop_map(|pieces| {
        pieces
            .into_iter()
            .map(|(p, sep)| format!("{p}{sep}"))
            .collect()
    })
}

/// Front matter with known fields in any combination, values of any type, and junk.
fn front_matter(topics: Vec<String>) -> impl Strategy<Value = String> {
    let field = (
        prop::sample::select(FIELDS),
        yaml_value(),
        prop::sample::select(topics),
    )
        .prop_map(|(key, value, topic)| match key {
            "related" => format!("related: [{topic}, {value}]"),
            "onset" => format!("onset: {value}"),
            _ => format!("{key}: {value}"),
        });
    prop::collection::vec(field, 0..10).prop_map(|lines| lines.join("\n"))
}

/// A valid-looking topic of `section`, before mutation.
fn topic_file(
    section: &str,
    topics: Vec<String>,
    targets: Vec<String>,
) -> impl Strategy<Value = String> {
    let own = match section {
        "causes" => "onset: { from_hours: 12, to_hours: 72 }\nfeels_like: [a dull ache]",
        "soreness-or-injury" => "soreness: a dull ache\ninjury: a sharp pain",
        "recovery" => "when: later",
        "prevention" => "phase: before",
        _ => "tier: urgent\nsigns: [numb legs]",
    };
    let own = own.to_string();
    (
        "[A-Za-z ]{1,30}",
        prop::collection::vec(prop::sample::select(topics), 0..3),
        markdown(targets, false),
    )
        .prop_map(move |(title, related, body)| {
            format!(
                "---\ntitle: {title}\nsummary: A summary.\nweight: 5\nrelated: [{}]\n{own}\n---\n{body}",
                related.join(", ")
            )
        })
}

// ---------------------------------------------------------------------------------------------
// Generated glossary and decision tree.

/// A YAML double-quoted string holding exactly `s`.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The real glossary (or none of it) followed by generated entries: odd ids, empty and
/// overlapping terms, terms that are common words, and non-ASCII text.
fn glossary(real: String) -> impl Strategy<Value = String> {
    let term = prop_oneof![
        3 => "[a-z]{1,10}( [a-z]{1,10})?",
        1 => prop::sample::select(&[
            "", " ", "DOMS", "doms", "back", "the", "a", "muscle", "muscle strain", "İ", "ß",
            "strain-", "-x", "(DOMS)", "a&e", "\u{301}e", "💥", "[x](y)", "**", ".",
        ][..])
        .prop_map(str::to_string),
        1 => "\\PC{0,12}",
    ];
    let entry = (
        prop_oneof![3 => "[a-z0-9_-]{1,10}", 1 => "\\PC{0,6}"],
        term.clone(),
        prop::collection::vec(term, 0..3),
        "\\PC{0,30}",
    )
        .prop_map(|(id, term, aliases, definition)| {
            format!(
                "- id: {}\n  term: {}\n  aliases: [{}]\n  definition: {}\n",
                quote(&id),
                quote(&term),
                aliases
                    .iter()
                    .map(|a| quote(a))
                    .collect::<Vec<_>>()
                    .join(", "),
                quote(&definition)
            )
        });
    (any::<bool>(), prop::collection::vec(entry, 0..8)).prop_map(move |(keep, entries)| {
        let start = if keep { real.clone() } else { String::new() };
        start + "\n" + &entries.concat()
    })
}

/// Where an answer leads: usually a node of the tree (any node, so trees have loops, answers
/// that lead back to the start, and nodes nothing leads to), sometimes a bad id.
#[derive(Debug, Clone)]
enum Next {
    Node(Index),
    Bad(&'static str),
}

/// A decision tree of 1 to 12 nodes, questions and outcomes, connected at random.
fn decision() -> impl Strategy<Value = String> {
    let next = prop_oneof![
        8 => any::<Index>().prop_map(Next::Node),
        1 => prop::sample::select(&["missing", "", "N1", "flowchart", "questions", "a--b"][..])
            .prop_map(Next::Bad),
    ];
    let answer = (
        "[A-Za-z ]{0,12}",
        prop::collection::vec(prop::sample::select(&["f1", "f2", "nope"][..]), 0..3),
        next,
        prop::bool::weighted(0.2),
    );
    let links = prop::collection::vec(
        prop::sample::select(
            &[
                "warning-signs/cauda-equina.html",
                "causes/doms.html#what-it-is",
                "causes/doms.html#nope",
                "nope.html",
                "../x.html",
                "/abs.html",
                "https://x.example/",
                "decide.html",
                "",
            ][..],
        ),
        0..3,
    );
    let node = prop_oneof![
        3 => (prop::collection::vec(answer, 0..4), prop::option::of("[a-z ]{0,20}"))
            .prop_map(|(answers, help)| (None, answers, help, Vec::new())),
        2 => (
            prop::sample::select(&["emergency", "urgent", "routine", "self-care", "none"][..]),
            links,
        )
            .prop_map(|(tier, links)| (Some(tier), Vec::new(), None, links)),
    ];
    (
        prop::collection::vec(node, 1..12),
        any::<Index>(),
        any::<bool>(),
    )
        .prop_map(|(nodes, start, red)| {
            let n = nodes.len();
            let mut out = format!(
                "title: What should I do now?\nintro: Answer a few questions.\nstart: n{}\n\
                 findings:\n  f1:\n    label: One\n    red_flag: {red}\n  f2:\n    label: Two\nnodes:\n",
                start.index(n)
            );
            for (i, (tier, answers, help, links)) in nodes.into_iter().enumerate() {
                out.push_str(&format!("  n{i}:\n"));
                match tier {
                    Some(tier) => out.push_str(&format!(
                        "    type: outcome\n    tier: {tier}\n    title: An outcome\n    \
                         body: \"Do this.\"\n    links: [{}]\n",
                        links.join(", ")
                    )),
                    None => {
                        out.push_str("    type: question\n    text: A question?\n");
                        if let Some(help) = help {
                            out.push_str(&format!("    help: {}\n", quote(&help)));
                        }
                        out.push_str("    answers:\n");
                        for (label, findings, next, unsure) in answers {
                            let next = match next {
                                Next::Node(i) => format!("n{}", i.index(n)),
                                Next::Bad(id) => id.to_string(),
                            };
                            out.push_str(&format!(
                                "      - label: {}\n        findings: [{}]\n        \
                                 next: {}\n        unsure: {unsure}\n",
                                quote(&label),
                                findings.join(", "),
                                quote(&next)
                            ));
                        }
                    }
                }
            }
            out
        })
}

/// The real tree's `findings:` block, the ids in it that are not red flags, and the red flags.
fn real_findings(decision: &str) -> (String, Vec<String>, Vec<String>) {
    let start = decision
        .find("\nfindings:")
        .expect("findings in decision.yaml")
        + 1;
    let end = decision[start..]
        .find("\nnodes:")
        .expect("nodes in decision.yaml")
        + start
        + 1;
    let block = &decision[start..end];
    let mut plain = Vec::new();
    let mut red = Vec::new();
    let mut current: Option<String> = None;
    for line in block.lines().skip(1).chain(std::iter::once("  end:")) {
        let t = line.trim_end();
        if t.starts_with("  ") && !t.starts_with("   ") && t.ends_with(':') {
            if let Some(id) = current.take() {
                plain.push(id);
            }
            current = Some(t.trim().trim_end_matches(':').to_string());
        } else if t.contains("red_flag: true") {
            red.extend(current.take());
        }
    }
    (block.to_string(), plain, red)
}

/// A tree built to pass the checker: questions only lead forward (no cycles), every node is
/// reached, the start question has one answer per red flag leading to the first outcome (an
/// emergency), other answers assert only findings that are not red flags, and outcomes link into
/// the guide. Merging paths make the number of routes through it grow fast.
fn decision_dag(
    findings: String,
    plain: Vec<String>,
    red: Vec<String>,
) -> impl Strategy<Value = String> {
    let answer = (
        any::<Index>(),
        prop::collection::vec(prop::sample::select(plain), 0..2),
    );
    let question = prop::collection::vec(answer, 2..5);
    let tier = prop::sample::select(&["emergency", "urgent", "routine", "self-care"][..]);
    (
        prop::collection::vec(question, 1..10),
        prop::collection::vec(tier, 1..5),
        prop::collection::vec(any::<Index>(), 12),
    )
        .prop_map(move |(questions, mut tiers, parents)| {
            tiers[0] = "emergency";
            let q = questions.len();
            let n = q + tiers.len();
            // Answers of question i lead to a node after it.
            let mut answers: Vec<Vec<(usize, Vec<String>)>> = questions
                .into_iter()
                .enumerate()
                .map(|(i, answers)| {
                    answers
                        .into_iter()
                        .map(|(to, f)| (i + 1 + to.index(n - i - 1), f))
                        .collect()
                })
                .collect();
            // Every node after the start gets an answer leading to it from a question before it.
            for j in 1..n {
                let parent = parents[j % parents.len()].index(j.min(q));
                answers[parent].push((j, Vec::new()));
            }
            // One tap from the start to the emergency outcome for every red flag.
            answers[0].splice(0..0, red.iter().map(|r| (q, vec![r.clone()])));
            let mut out = format!(
                "title: What should I do now?\nintro: Answer a few questions.\nstart: n0\n{findings}nodes:\n"
            );
            for (i, answers) in answers.iter().enumerate() {
                out.push_str(&format!("  n{i}:\n    type: question\n    text: Question {i}?\n    answers:\n"));
                for (k, (to, f)) in answers.iter().enumerate() {
                    out.push_str(&format!(
                        "      - label: Answer {k}\n        findings: [{}]\n        next: n{to}\n",
                        f.join(", ")
                    ));
                }
            }
            for (k, tier) in tiers.iter().enumerate() {
                out.push_str(&format!(
                    "  n{}:\n    type: outcome\n    tier: {tier}\n    title: Outcome {k}\n    \
                     body: Do this.\n    links: [warning-signs/cauda-equina.html]\n",
                    q + k
                ));
            }
            out
        })
}

// ---------------------------------------------------------------------------------------------
// The properties.

#[test]
fn the_base_guide_builds() {
    let base = Base::new();
    if let Err(d) = backguide::site::build_site(&base.root) {
        let all: Vec<String> = d.errors.iter().map(ToString::to_string).collect();
        panic!(
            "the real guide must build for these tests to mean anything:\n{}",
            all.join("\n")
        );
    }
}

#[test]
fn mutated_topics_never_panic() {
    let base = Base::new();
    let topics = base.topics.clone();
    proptest!(config(), |(topic in prop::sample::select(topics), m in mutations())| {
        let text = apply(&base.read(&topic), &m);
        base.build_with(&topic, text.as_bytes())?;
    });
    base.report("mutated_topics");
}

#[test]
fn generated_topics_never_panic() {
    let base = Base::new();
    let (topics, targets) = (base.topics.clone(), base.targets.clone());
    let strategy = prop::sample::select(topics.clone()).prop_flat_map(move |topic| {
        let section = topic.split('/').next().unwrap().to_string();
        let (t, g) = (topics.clone(), targets.clone());
        (
            Just(topic),
            prop_oneof![
                // A valid topic of its section, sometimes mutated.
                3 => (topic_file(&section, t.clone(), g.clone()), prop::collection::vec(mutation(), 0..3))
                    .prop_map(|(text, m)| apply(&text, &m)),
                // Front matter of any fields and values, then Markdown with any links.
                1 => (front_matter(t), markdown(g, true))
                    .prop_map(|(fm, md)| format!("---\n{fm}\n---\n{md}")),
                // No structure at all.
                1 => any::<String>(),
            ],
        )
    });
    proptest!(config(), |((topic, text) in strategy)| {
        base.build_with(&topic, text.as_bytes())?;
    });
    base.report("generated_topics");
}

#[test]
fn arbitrary_bytes_as_a_topic_never_panic() {
    let base = Base::new();
    let topics = base.topics.clone();
    proptest!(config(), |(topic in prop::sample::select(topics), prefix in any::<bool>(), bytes in prop::collection::vec(any::<u8>(), 0..400))| {
        // With a `---` start, invalid UTF-8 and junk reach the front matter parser.
        let mut text = if prefix { b"---\n".to_vec() } else { Vec::new() };
        text.extend(bytes);
        base.build_with(&topic, &text)?;
    });
    base.report("arbitrary_bytes");
}

#[test]
fn mutated_settings_files_never_panic() {
    let base = Base::new();
    let files: Vec<String> = ["guide.yaml", "glossary.yaml", "sources.yaml", "about.md"]
        .iter()
        .map(|f| f.to_string())
        .chain(SECTIONS.iter().map(|s| format!("{s}/_section.yaml")))
        .collect();
    proptest!(config(), |(file in prop::sample::select(files), m in mutations())| {
        let text = apply(&base.read(&file), &m);
        base.build_with(&file, text.as_bytes())?;
    });
    base.report("mutated_settings");
}

#[test]
fn generated_glossaries_never_panic() {
    let base = Base::new();
    let real = base.read("glossary.yaml");
    proptest!(config(), |(text in glossary(real.clone()))| {
        base.build_with("glossary.yaml", text.as_bytes())?;
    });
    base.report("generated_glossaries");
}

#[test]
fn mutated_decision_trees_never_panic() {
    let base = Base::new();
    let real = base.read("decision.yaml");
    proptest!(config(), |(m in mutations())| {
        base.build_with("decision.yaml", apply(&real, &m).as_bytes())?;
    });
    base.report("mutated_decision");
}

#[test]
fn generated_decision_trees_never_panic() {
    let base = Base::new();
    proptest!(config(), |(text in decision())| {
        base.build_with("decision.yaml", text.as_bytes())?;
    });
    base.report("generated_decision");
}

#[test]
fn generated_decision_dags_never_panic() {
    let base = Base::new();
    let (findings, plain, red) = real_findings(&base.read("decision.yaml"));
    proptest!(config(), |(text in decision_dag(findings.clone(), plain.clone(), red.clone()), m in prop::collection::vec(mutation(), 0..2))| {
        base.build_with("decision.yaml", apply(&text, &m).as_bytes())?;
    });
    base.report("generated_decision_dags");
}

#[test]
fn odd_file_names_never_panic() {
    let base = Base::new();
    let names = prop_oneof![
        "[a-z]{1,8}/[a-z]{1,8}\\.md",
        "(causes|recovery)/[a-zA-Z0-9 ._-]{0,12}",
        "(causes|recovery)/\\PC{1,8}\\.md",
        "(causes|recovery)/[a-z]{1,4}/[a-z]{1,4}\\.md",
        "[a-z._]{1,10}",
    ];
    proptest!(config(), |(name in names, body in "\\PC{0,40}")| {
        // Skip names the file system refuses; they are not the tool's input.
        prop_assume!(!name.ends_with('/') && !name.split('/').any(|p| p.is_empty() || p == "." || p == ".."));
        let text = format!("---\ntitle: t\nsummary: s\n---\n{body}");
        base.build_with(&name, text.as_bytes())?;
    });
    base.report("odd_file_names");
}
