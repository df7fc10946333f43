//! A synthetic guide for benchmarks and robustness tests.
//!
//! [`plan`] makes N topics in the content model (typed front matter per section, 300 to 800
//! words each, cross-links with anchors that exist, `related`, glossary terms in the text),
//! deterministically. [`generate`] writes them three times, so the three tools build equal work:
//! `DIR/backguide` (content/ plus a copy of the real templates/ and static/), `DIR/hugo` and
//! `DIR/mdbook`. Used by `cargo xtask synth` (xtask/src/main.rs), `bench/run.sh` and
//! tests/it/synth.rs. It only writes files, so it does not link backguide.

mod hugo;
mod mdbook;
mod words;

use std::fmt::Write as _;
use std::io;
use std::path::Path;
use words::Rng;

/// An anchor or file name from text: backguide's rule (`backguide::markdown::slugify`), copied so
/// that this crate need not link backguide. tests/it/synth.rs checks that the two agree.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !slug.ends_with('-')
            && !slug.is_empty()
        {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// The real guide's sections: each has its own typed front matter fields.
pub const SECTIONS: [&str; 5] = [
    "causes",
    "soreness-or-injury",
    "recovery",
    "prevention",
    "warning-signs",
];

/// The smallest guide the generator makes: one topic per section.
pub const MIN_TOPICS: usize = SECTIONS.len();

/// A whole synthetic guide, in memory.
#[derive(Debug, Clone)]
pub struct Guide {
    pub topics: Vec<Topic>,
    pub glossary: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub section: &'static str,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub weight: i64,
    pub headings: Vec<&'static str>,
    /// Indexes into `Guide::topics`.
    pub related: Vec<usize>,
    pub sources: Vec<&'static str>,
    /// The section's own fields, in front matter order.
    pub fields: Vec<(&'static str, Value)>,
    /// Markdown, with links written as relative `.md` paths.
    pub body: String,
    /// Words of body text (headings included), as a reader sees it.
    pub words: usize,
    pub links: usize,
}

impl Topic {
    /// `causes/stiff-lower-back-12.md`
    pub fn path(&self) -> String {
        format!("{}/{}.md", self.section, self.slug)
    }
}

/// A front matter value.
#[derive(Debug, Clone)]
pub enum Value {
    Str(String),
    List(Vec<String>),
    Hours { from: u32, to: u32 },
}

#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub term: String,
    /// The plural, where the word has one.
    pub alias: Option<String>,
    pub definition: String,
}

/// What `generate` wrote.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub topics: usize,
    pub words: usize,
    pub links: usize,
}

pub const SOURCES: &[(&str, &str)] = &[
    ("article", "Why does my back hurt after working out?"),
    ("back-care", "Looking after your back"),
    ("training-load", "How much training is too much"),
    ("sleep-study", "Sleep and muscle repair"),
    ("first-aid", "First aid for sprains and strains"),
    ("red-flags", "Back pain that needs a doctor"),
];

/// Plan a guide of `n` topics (at least [`MIN_TOPICS`]). The same `n` always gives the same guide.
pub fn plan(n: usize) -> Guide {
    let n = n.max(MIN_TOPICS);
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let glossary = glossary();

    // First pass: names and headings, so that links can point at anchors that exist.
    let mut topics: Vec<Topic> = (0..n).map(|i| outline(i, &mut rng)).collect();
    // Two topics with one title are a warning: number the repeats.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in &mut topics {
        let count = seen.entry(t.title.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            t.title = format!("{} ({count})", t.title);
        }
    }
    for i in 0..n {
        let k = rng.between(1, 3);
        let related = other_topics(&mut rng, n, i, k);
        let body = body(i, &topics, &glossary, &mut rng);
        let t = &mut topics[i];
        t.related = related;
        (t.body, t.words, t.links) = body;
    }
    Guide { topics, glossary }
}

/// Write the guide of `n` topics under `dir` as `backguide/`, `hugo/` and `mdbook/`. The
/// templates and stylesheet are copied from the real guide at `repo`.
pub fn generate(n: usize, dir: &Path, repo: &Path) -> io::Result<Summary> {
    let guide = plan(n);
    write_backguide(&guide, &dir.join("backguide"), repo)?;
    hugo::write(&guide, &dir.join("hugo"), repo)?;
    mdbook::write(&guide, &dir.join("mdbook"))?;
    Ok(Summary {
        topics: guide.topics.len(),
        words: guide.topics.iter().map(|t| t.words).sum(),
        links: guide.topics.iter().map(|t| t.links).sum(),
    })
}

/// Name, title, front matter and headings of topic `i`.
fn outline(i: usize, rng: &mut Rng) -> Topic {
    let section = SECTIONS[i % SECTIONS.len()];
    let feel = rng.pick(words::FEELINGS);
    let part = rng.pick(words::PARTS);
    let workout = rng.pick(words::WORKOUTS);
    let title = format!("{} {part} after {workout}", capitalise(feel));
    let slug = format!("{}-{i}", slugify(&format!("{feel} {part} {workout}")));
    let summary =
        format!("Why your {part} can feel {feel} after {workout}, and what to do about it.");
    let k = rng.between(3, 6);
    let headings = rng
        .sample(words::HEADINGS, k)
        .into_iter()
        .copied()
        .collect();
    let phrases = |rng: &mut Rng, list: &[&str]| -> Value {
        let k = rng.between(2, 3);
        Value::List(
            rng.sample(list, k)
                .into_iter()
                .map(|s| s.to_string())
                .collect(),
        )
    };
    let fields = match section {
        "causes" => {
            let onset = if rng.chance(30) {
                Value::Str("during".into())
            } else {
                let from = rng.between(0, 24) as u32;
                Value::Hours {
                    from,
                    to: from + rng.between(12, 60) as u32,
                }
            };
            vec![
                ("onset", onset),
                ("feels_like", phrases(rng, words::FEELS_LIKE)),
            ]
        }
        "soreness-or-injury" => vec![
            (
                "soreness",
                Value::Str(format!("A {feel} {part} that eases as you move.")),
            ),
            (
                "injury",
                Value::Str(format!("Sharp pain in your {part} that stops you moving.")),
            ),
        ],
        "recovery" => vec![(
            "when",
            Value::Str(
                rng.pick(&["first-48-hours", "later", "every-day"])
                    .to_string(),
            ),
        )],
        "prevention" => vec![(
            "phase",
            Value::Str(
                rng.pick(&["before", "during", "after", "between"])
                    .to_string(),
            ),
        )],
        _ => vec![
            (
                "tier",
                Value::Str(rng.pick(&["emergency", "urgent", "routine"]).to_string()),
            ),
            ("signs", phrases(rng, words::SIGNS)),
        ],
    };
    let k = rng.between(1, 2);
    let sources = rng
        .sample(SOURCES, k)
        .into_iter()
        .map(|(id, _)| *id)
        .collect();
    Topic {
        section,
        slug,
        title,
        summary,
        weight: (rng.below(10) * 10) as i64,
        headings,
        related: Vec::new(),
        sources,
        fields,
        body: String::new(),
        words: 0,
        links: 0,
    }
}

/// `k` distinct topic indexes other than `me`.
fn other_topics(rng: &mut Rng, n: usize, me: usize, k: usize) -> Vec<usize> {
    let mut picked = Vec::with_capacity(k);
    while picked.len() < k.min(n - 1) {
        let j = rng.below(n);
        if j != me && !picked.contains(&j) {
            picked.push(j);
        }
    }
    picked
}

/// The Markdown body of topic `i`: its headings, 300 to 800 words of sentences in paragraphs and
/// lists, glossary terms, and 2 to 5 links to other topics. Returns (body, words, links).
fn body(i: usize, topics: &[Topic], glossary: &[Term], rng: &mut Rng) -> (String, usize, usize) {
    let me = &topics[i];
    let headings = &me.headings;
    // No unit is longer than 20 words, so the total stays under 800.
    let target = rng.between(300, 760);
    let k = rng.between(2, 5).min(headings.len());
    let mut links: Vec<usize> = other_topics(rng, topics.len(), i, k);
    let mut out = String::new();
    let mut words = 0;
    let mut link_count = 0;
    for (h, heading) in headings.iter().enumerate() {
        let _ = write!(out, "## {heading}\n\n");
        words += count_words(heading);
        let budget = target * (h + 1) / headings.len();
        let mut last = Last::Heading;
        let mut units = 0;
        let mut sentences_in_paragraph = 0;
        while words < budget || last == Last::Heading {
            let (text, n, block) = if units == 1 && !links.is_empty() {
                let j = links.pop().expect("not empty");
                link_count += 1;
                link_sentence(me, &topics[j], rng)
            } else if rng.chance(8) {
                list_block(rng)
            } else {
                let s = sentence(glossary, rng);
                let n = count_words(&s);
                (s, n, false)
            };
            // Spaces between sentences; blank lines between paragraphs and around lists.
            match last {
                Last::Heading => {}
                Last::Sentence if !block && sentences_in_paragraph < rng.between(2, 4) => {
                    out.push(' ')
                }
                Last::Sentence => {
                    out.push_str("\n\n");
                    sentences_in_paragraph = 0;
                }
                Last::List => {
                    out.push('\n');
                    sentences_in_paragraph = 0;
                }
            }
            out.push_str(&text);
            if block {
                out.push('\n');
                last = Last::List;
            } else {
                sentences_in_paragraph += 1;
                last = Last::Sentence;
            }
            words += n;
            units += 1;
        }
        out.push_str(if last == Last::Sentence { "\n\n" } else { "\n" });
    }
    (out, words, link_count)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Heading,
    Sentence,
    List,
}

/// A sentence linking to `to`, sometimes at one of its headings. Returns (markdown, words, false).
fn link_sentence(from: &Topic, to: &Topic, rng: &mut Rng) -> (String, usize, bool) {
    let mut href = if from.section == to.section {
        format!("{}.md", to.slug)
    } else {
        format!("../{}/{}.md", to.section, to.slug)
    };
    if rng.chance(50) {
        href.push('#');
        href.push_str(&slugify(rng.pick(&to.headings)));
    }
    let text = to.title.to_lowercase();
    let sentence = format!("For more, read [{text}]({href}).");
    let words = 3 + count_words(&text);
    (sentence, words, false)
}

/// A bullet list of things that help. Returns (markdown, words, true).
fn list_block(rng: &mut Rng) -> (String, usize, bool) {
    let k = rng.between(3, 4);
    let items = rng.sample(words::HELPS, k);
    let mut out = String::new();
    let mut words = 0;
    for item in items {
        let _ = writeln!(out, "- {}", capitalise(item));
        words += count_words(item);
    }
    out.pop();
    (out, words, true)
}

fn sentence(glossary: &[Term], rng: &mut Rng) -> String {
    let template = rng.pick(words::SENTENCES);
    let mut s = template
        .replace("{part}", rng.pick(words::PARTS))
        .replace("{feel}", rng.pick(words::FEELINGS))
        .replace("{workout}", rng.pick(words::WORKOUTS))
        .replace("{time}", rng.pick(words::TIMES))
        .replace("{help}", rng.pick(words::HELPS));
    if s.contains("{term}") {
        let term = &glossary[rng.below(glossary.len())];
        let word = match &term.alias {
            Some(alias) if rng.chance(30) => alias,
            _ => &term.term,
        };
        s = s.replace("{term}", word);
    }
    let s = capitalise(&s);
    if rng.chance(5) {
        format!("**{s}**")
    } else {
        s
    }
}

fn count_words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn glossary() -> Vec<Term> {
    let mut terms = Vec::new();
    for region in words::REGIONS {
        for structure in words::STRUCTURES {
            let term = format!("{region} {structure}");
            terms.push(Term {
                id: slugify(&term),
                alias: plural(structure).map(|p| format!("{region} {p}")),
                definition: format!(
                    "A plain name for the {structure} in the {region} part of the body."
                ),
                term,
            });
        }
    }
    terms
}

fn plural(word: &str) -> Option<String> {
    match word {
        "stiffness" | "fascia" => None,
        "vertebra" => Some("vertebrae".into()),
        w => Some(format!("{w}s")),
    }
}

/// A YAML double-quoted scalar: safe for any text.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// YAML for one front matter value, on one line.
pub(crate) fn yaml_value(value: &Value) -> String {
    match value {
        Value::Str(s) => quote(s),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|s| quote(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Hours { from, to } => format!("{{ from_hours: {from}, to_hours: {to} }}"),
    }
}

/// The fields shared by backguide and Hugo front matter, one `key: value` line each.
/// A topic as a Markdown file with front matter; Hugo calls the summary `description`.
pub(crate) fn topic_file(guide: &Guide, t: &Topic, summary_key: &str) -> String {
    format!(
        "---\ntitle: {}\n{summary_key}: {}\nweight: {}\n{}---\n{}",
        quote(&t.title),
        quote(&t.summary),
        t.weight,
        field_lines(guide, t),
        t.body
    )
}

pub(crate) fn field_lines(guide: &Guide, t: &Topic) -> String {
    let mut out = String::new();
    let related: Vec<String> = t
        .related
        .iter()
        .map(|&j| quote(&guide.topics[j].path()))
        .collect();
    let _ = writeln!(out, "related: [{}]", related.join(", "));
    let sources: Vec<String> = t.sources.iter().map(|s| quote(s)).collect();
    let _ = writeln!(out, "sources: [{}]", sources.join(", "));
    for (key, value) in &t.fields {
        let _ = writeln!(out, "{key}: {}", yaml_value(value));
    }
    out
}

pub(crate) fn write_file(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

/// Copy a folder tree (the real templates/ and static/).
pub(crate) fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

pub(crate) fn section_title(section: &str) -> &'static str {
    match section {
        "causes" => "Why your back hurts",
        "soreness-or-injury" => "Soreness or injury?",
        "recovery" => "Getting better",
        "prevention" => "Stopping it happening again",
        _ => "Warning signs",
    }
}

/// The first topic of each section, for section intros and the emergency box.
pub(crate) fn first_in(guide: &Guide, section: &str) -> usize {
    guide
        .topics
        .iter()
        .position(|t| t.section == section)
        .expect("every section has a topic")
}

pub(crate) const INTRO: &str = "Does your back ache after a workout? This synthetic guide has the \
same shape as the real one, with many more pages. Most back pain after a workout gets better with \
rest and simple self-care.";

pub(crate) const DISCLAIMER: &str =
    "This guide is general information. It is not a diagnosis or medical advice.";

pub(crate) const EMERGENCY_SIGNS: &[&str] = &[
    "loss of bladder or bowel control",
    "numbness around the groin, bottom or genitals",
    "legs getting weaker",
];

fn write_backguide(guide: &Guide, dir: &Path, repo: &Path) -> io::Result<()> {
    let content = dir.join("content");
    let n = guide.topics.len();
    let more = &guide.topics[first_in(guide, "warning-signs")];
    let mut g = String::new();
    let _ = writeln!(
        g,
        "title: {}",
        quote(&format!("Back pain after working out: {n} topics"))
    );
    let _ = writeln!(g, "description: \"A synthetic guide for benchmarks.\"");
    let _ = writeln!(g, "language: en-GB");
    let _ = writeln!(g, "review:");
    let _ = writeln!(g, "  status: not-clinically-reviewed");
    let _ = writeln!(g, "  reviewed: 2026-01-01");
    let _ = writeln!(g, "  next_review: 2027-01-01");
    let _ = writeln!(g, "disclaimer: {}", quote(DISCLAIMER));
    let _ = writeln!(g, "intro: {}", quote(INTRO));
    let _ = writeln!(g, "emergency:");
    let _ = writeln!(
        g,
        "  heading: \"Call your emergency number now if you have back pain and:\""
    );
    let _ = writeln!(g, "  signs:");
    for (i, s) in EMERGENCY_SIGNS.iter().enumerate() {
        let _ = writeln!(g, "    - {{ id: sign_{i}, text: {} }}", quote(s));
    }
    let _ = writeln!(g, "  numbers:");
    for (number, place) in [("999", "the UK"), ("911", "the US"), ("112", "the EU")] {
        let _ = writeln!(g, "    - {{ number: \"{number}\", where: {place} }}");
    }
    let _ = writeln!(g, "  more: {}", quote(&more.path()));
    let _ = writeln!(g, "sections:");
    for s in SECTIONS {
        let _ = writeln!(g, "  - {s}");
    }
    write_file(&content.join("guide.yaml"), &g)?;

    let mut gl = String::new();
    for t in &guide.glossary {
        let _ = writeln!(gl, "- id: {}", t.id);
        let _ = writeln!(gl, "  term: {}", quote(&t.term));
        if let Some(alias) = &t.alias {
            let _ = writeln!(gl, "  aliases: [{}]", quote(alias));
        }
        let _ = writeln!(gl, "  definition: {}", quote(&t.definition));
    }
    write_file(&content.join("glossary.yaml"), &gl)?;

    let mut src = String::new();
    for (id, title) in SOURCES {
        let _ = writeln!(src, "- id: {id}\n  title: {}", quote(title));
    }
    write_file(&content.join("sources.yaml"), &src)?;

    write_file(
        &content.join("about.md"),
        &format!(
            "---\ntitle: About this guide\nsummary: \"Who wrote this guide, and how to use it.\"\n---\n{}",
            about_body(guide)
        ),
    )?;

    for section in SECTIONS {
        let first = &guide.topics[first_in(guide, section)];
        // The real guide's folders keep their names; only soreness-or-injury's kind differs.
        let kind = match section {
            "soreness-or-injury" => "differentiation",
            other => other,
        };
        let yaml = format!(
            "kind: {kind}\ntitle: {}\nsummary: \"The pages in this part of the guide.\"\nintro: {}\n",
            quote(section_title(section)),
            quote(&section_intro(first))
        );
        write_file(&content.join(section).join("_section.yaml"), &yaml)?;
    }
    for t in &guide.topics {
        let text = topic_file(guide, t, "summary");
        write_file(&content.join(t.path()), &text)?;
    }
    copy_tree(&repo.join("templates"), &dir.join("templates"))?;
    copy_tree(&repo.join("static"), &dir.join("static"))
}

/// A section intro: a sentence and a link to the section's first topic (a sibling file).
pub(crate) fn section_intro(first: &Topic) -> String {
    format!(
        "Each page in this part looks at one problem. Start with [{}]({}.md).",
        first.title.to_lowercase(),
        first.slug
    )
}

/// The about page body, linking to the first topic (relative to `content/about.md`).
pub(crate) fn about_body(guide: &Guide) -> String {
    let first = &guide.topics[0];
    format!(
        "## Who it is for\n\nThis guide is for anyone whose back aches after exercise.\n\n\
         ## How to use it\n\nStart with [{}]({}), or pick a section from the menu.\n\n\
         ## Words used in this guide\n\n{}.\n",
        first.title.to_lowercase(),
        first.path(),
        // Every term, so that each glossary entry is used somewhere (an unused one is a warning).
        guide
            .glossary
            .iter()
            .map(|t| t.term.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}
