//! Readability: the SMOG grade of the body text of every topic page of the real guide is at most 10.
//!
//! **Text.** The text inside `<main>`, without navigation (`<nav>`: the table of contents),
//! asides, drawings (`<svg>`), scripts, the "Related" and "Pages that link here" lists and the
//! "Based on" line. The emergency box, breadcrumbs, header and footer are outside `<main>`.
//!
//! **Sentences.** A sentence ends at `.`, `!` or `?` followed by a space or the end of the text
//! (not after a short abbreviation such as "e.g."), and at the end of every block: a paragraph,
//! heading, list item, table cell or definition. A list item or heading is read as a sentence of
//! its own, which is how a reader meets it.
//!
//! **Syllables** (see `syllables`, tested on known words): count the groups of vowels (a, e, i,
//! o, u, and y when it is not the first letter and no vowel follows it), with the u of `qu` a
//! consonant. Then correct for English spelling. One fewer for a silent final `e` (not `-le` after
//! a consonant, as in "muscle"), `-ed` (not after t or d), `-es` (not after s, x, z, ch, sh, ce,
//! ge or a consonant + l) and `-gue`. One more for `-ing` after a vowel ("doing"), a final `-ea`
//! ("area"), `-ier`/`-iest`, and each vowel pair that is two sounds: `ia`, `iu`, `ua` and `io`
//! (but not in -tion, -sion, -cious, -tial or -cial). The suffixes -ness, -ful, -less, -ment(s)
//! and -ly count one each, after the rest of the word is counted on its own ("soreness" = sore +
//! ness). Words are split at hyphens; numbers are not words.
//!
//! **Grade.** SMOG = 1.0430 × √(polysyllables × 30 / sentences) + 3.1291, where a polysyllable
//! is a word of three or more syllables (McLaughlin, 1969).

use crate::common;
use crate::quality_report;

use common::linkcheck::{decode_entities, tokens, Token};
use std::fs;
use std::path::Path;

const MAX_GRADE: f64 = 10.0;

/// The number of syllables in one word (letters only; case does not matter).
fn syllables(word: &str) -> usize {
    let w: String = word
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    if w.is_empty() {
        return 0;
    }
    // Suffixes that are a syllable of their own and hide a silent e before them.
    for suffix in ["ness", "less", "ments", "ment", "ful", "ly"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if stem.len() >= 2 && stem.chars().any(is_vowel) {
                return syllables(stem) + 1;
            }
        }
    }
    if w.len() <= 3 {
        return 1;
    }
    let b = w.as_bytes();
    let vowel_at = |i: usize| -> bool {
        match b[i] {
            b'a' | b'e' | b'i' | b'o' => true,
            b'u' => i == 0 || b[i - 1] != b'q',
            // y is a vowel after the first letter, unless a vowel follows it ("beyond").
            b'y' => i > 0 && !matches!(b.get(i + 1), Some(b'a' | b'e' | b'o' | b'u')),
            _ => false,
        }
    };
    let mut count: isize = 0;
    let mut prev = false;
    for i in 0..b.len() {
        let v = vowel_at(i);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = b.len();
    let consonant_at = |i: usize| !vowel_at(i);
    // Silent endings: the final vowel group is a lone `e` after a consonant.
    if b[n - 1] == b'e' && consonant_at(n - 2) {
        let syllabic_le = b[n - 2] == b'l' && consonant_at(n - 3);
        if !syllabic_le {
            count -= 1;
        }
    } else if w.ends_with("ed") && consonant_at(n - 3) && !matches!(b[n - 3], b't' | b'd') {
        count -= 1;
    } else if w.ends_with("es") && consonant_at(n - 3) {
        let sounded = matches!(b[n - 3], b's' | b'x' | b'z')
            || w.ends_with("ches")
            || w.ends_with("shes")
            || w.ends_with("ces")
            || w.ends_with("ges")
            || (b[n - 3] == b'l' && n >= 4 && consonant_at(n - 4));
        if !sounded {
            count -= 1;
        }
    }
    // A final -gue is one sound ("fatigue").
    if w.ends_with("gue") && n > 4 {
        count -= 1;
    }
    // Vowel pairs that are two sounds.
    if (w.ends_with("ea") || w.ends_with("eas")) && w.len() >= 4 {
        count += 1; // "idea", "area"
    }
    if w.ends_with("ing") && n >= 4 && vowel_at(n - 4) {
        count += 1;
    }
    for pair in ["ia", "iu", "ua", "io"] {
        for (i, _) in w.match_indices(pair) {
            let before = if i > 0 { b[i - 1] } else { b' ' };
            let merged = match pair {
                // -tion, -sion, -cious, -tial, -cial: one sound.
                "ia" | "io" => {
                    let after = b.get(i + 2).copied().unwrap_or(b' ');
                    matches!(before, b't' | b's' | b'c' | b'x')
                        && matches!(after, b'n' | b'u' | b'l')
                }
                "ua" => before == b'q' || before == b'g',
                _ => false,
            };
            if !merged {
                count += 1;
            }
        }
    }
    if (w.ends_with("ier") || w.ends_with("iest")) && consonant_at(w.rfind("ie").unwrap() - 1) {
        count += 1;
    }
    count.max(1) as usize
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Element names that end one block of text and start another.
const BLOCKS: &[&str] = &[
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "dt",
    "dd",
    "caption",
    "figcaption",
    "blockquote",
    "div",
    "br",
    "section",
    "article",
    "ul",
    "ol",
    "dl",
    "table",
    "details",
    "summary",
    "pre",
];

/// Classes whose elements are not body text.
const SKIP_CLASSES: &[&str] = &[
    "related",
    "backlinks",
    "cited",
    "toc",
    "breadcrumbs",
    "emergency",
    "pager",
];

/// The body text of a page as blocks of text (one string per paragraph, heading, item, cell...).
fn body_blocks(html: &str) -> Vec<String> {
    let mut blocks = vec![String::new()];
    let mut in_main = false;
    let mut skipping: Option<(String, usize)> = None;
    for token in tokens(html) {
        if let Some((name, depth)) = &mut skipping {
            match &token {
                Token::Start(t) if &t.name == name => *depth += 1,
                Token::End(n) if n == name => {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        match token {
            Token::Start(t) if t.name == "main" => in_main = true,
            Token::End(n) if n == "main" => in_main = false,
            _ if !in_main => {}
            Token::Start(t) => {
                let classes = t.attr("class").unwrap_or("");
                let skip = matches!(
                    t.name.as_str(),
                    "nav" | "aside" | "svg" | "script" | "style" | "template"
                ) || classes
                    .split_whitespace()
                    .any(|c| SKIP_CLASSES.contains(&c));
                if skip {
                    skipping = Some((t.name.clone(), 1));
                } else if BLOCKS.contains(&t.name.as_str()) {
                    blocks.push(String::new());
                }
            }
            Token::End(n) => {
                if BLOCKS.contains(&n.as_str()) {
                    blocks.push(String::new());
                }
            }
            Token::Text(text) => blocks.last_mut().unwrap().push_str(&decode_entities(text)),
        }
    }
    blocks
        .into_iter()
        .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|b| b.chars().any(|c| c.is_alphabetic()))
        .collect()
}

const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "dr.", "mr.", "mrs.", "ms.", "approx.", "no.", "st.",
];

/// Split one block into sentences.
fn sentences(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = block.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        let bare = word.trim_end_matches(['"', '\'', ')', '”', '’']);
        let ends = bare.ends_with(['.', '!', '?'])
            && !ABBREVIATIONS.contains(&bare.to_lowercase().as_str());
        if ends || i + 1 == words.len() {
            if current.chars().any(|c| c.is_alphabetic()) {
                out.push(std::mem::take(&mut current));
            } else {
                current.clear();
            }
        }
    }
    out
}

/// The words of a text: runs of letters (with ' inside), split at hyphens; numbers are left out.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| w.chars().any(|c| c.is_alphabetic()))
        .map(str::to_string)
        .collect()
}

#[derive(Debug)]
struct Score {
    page: String,
    sentences: usize,
    words: usize,
    polysyllables: usize,
    grade: f64,
    long_words: Vec<String>,
}

fn smog(polysyllables: usize, sentences: usize) -> f64 {
    1.0430 * ((polysyllables as f64) * 30.0 / sentences.max(1) as f64).sqrt() + 3.1291
}

fn score(page: &str, html: &str) -> Score {
    let sentences: Vec<String> = body_blocks(html)
        .iter()
        .flat_map(|b| sentences(b))
        .collect();
    let all: Vec<String> = sentences.iter().flat_map(|s| words(s)).collect();
    let mut long_words: Vec<String> = all
        .iter()
        .filter(|w| syllables(w) >= 3)
        .map(|w| w.to_lowercase())
        .collect();
    let polysyllables = long_words.len();
    long_words.sort();
    long_words.dedup();
    Score {
        page: page.to_string(),
        sentences: sentences.len(),
        words: all.len(),
        polysyllables,
        grade: smog(polysyllables, sentences.len()),
        long_words,
    }
}

/// Every topic page of the site (`<body class="page-topic">`), as (relative path, HTML).
fn topic_pages(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut folders: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    folders.sort();
    for folder in folders.into_iter().filter(|p| p.is_dir()) {
        let mut files: Vec<_> = fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            let Ok(html) = fs::read_to_string(&file) else {
                continue;
            };
            let is_topic = html
                .split_once("<body")
                .and_then(|(_, rest)| rest.split_once('>'))
                .is_some_and(|(attrs, _)| attrs.contains("page-topic"));
            if is_topic {
                let rel = file
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, html));
            }
        }
    }
    out
}

/// How many topics `content/` has: the `.md` files inside section folders.
fn topics_in_content() -> usize {
    let content = common::repo_root().join("content");
    let mut n = 0;
    for folder in fs::read_dir(content)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
    {
        for file in fs::read_dir(folder.path()).unwrap().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && !name.starts_with('_') {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn every_topic_page_reads_at_smog_grade_10_or_below() {
    let (_guard, site) = common::build_real_guide();
    let pages = topic_pages(&site);
    assert_eq!(
        pages.len(),
        topics_in_content(),
        "found {} topic pages in the output, but content/ has {} topics",
        pages.len(),
        topics_in_content()
    );
    let mut scores: Vec<Score> = pages.iter().map(|(p, h)| score(p, h)).collect();
    scores.sort_by(|a, b| b.grade.total_cmp(&a.grade).then(a.page.cmp(&b.page)));
    let mut table = String::from(
        "| page | SMOG | sentences | words | words of 3+ syllables |\n| --- | ---: | ---: | ---: | ---: |\n",
    );
    for s in &scores {
        assert!(
            s.words >= 30,
            "{}: only {} words of body text found",
            s.page,
            s.words
        );
        table.push_str(&format!(
            "| {} | {:.1} | {} | {} | {} |\n",
            s.page, s.grade, s.sentences, s.words, s.polysyllables
        ));
    }
    let mean = scores.iter().map(|s| s.grade).sum::<f64>() / scores.len() as f64;
    table.push_str(&format!(
        "\nHardest page: {} at grade {:.1}; mean {:.1} over {} topic pages.\n",
        scores[0].page,
        scores[0].grade,
        mean,
        scores.len()
    ));
    quality_report::record(
        "readability",
        "SMOG grade of each topic page, hardest first:",
        &table,
    );
    let over: Vec<String> = scores
        .iter()
        .filter(|s| s.grade > MAX_GRADE)
        .map(|s| {
            format!(
                "{}: SMOG {:.1}; long words: {}",
                s.page,
                s.grade,
                s.long_words.join(", ")
            )
        })
        .collect();
    assert!(
        over.is_empty(),
        "pages above SMOG grade {MAX_GRADE}:\n{}",
        over.join("\n")
    );
}

#[test]
fn syllable_counter_matches_known_words() {
    let known = [
        ("back", 1),
        ("the", 1),
        ("pain", 1),
        ("sore", 1),
        ("moved", 1),
        ("stretched", 1),
        ("takes", 1),
        ("whole", 1),
        ("free", 1),
        ("knee", 1),
        ("queue", 1),
        ("quite", 1),
        ("tried", 1),
        ("beyond", 2),
        ("layer", 2),
        ("playing", 2),
        ("fatigue", 2),
        ("movements", 2),
        ("area", 3),
        ("idea", 3),
        ("muscle", 2),
        ("muscles", 2),
        ("gentle", 2),
        ("rested", 2),
        ("needed", 2),
        ("causes", 2),
        ("changes", 2),
        ("stretches", 2),
        ("soreness", 2),
        ("movement", 2),
        ("painful", 2),
        ("useful", 2),
        ("doctor", 2),
        ("doing", 2),
        ("going", 2),
        ("lying", 2),
        ("only", 2),
        ("likely", 2),
        ("tissue", 2),
        ("nation", 2),
        ("special", 2),
        ("precious", 2),
        ("injured", 2),
        ("exercise", 3),
        ("injury", 3),
        ("serious", 3),
        ("usual", 3),
        ("easier", 3),
        ("calorie", 3),
        ("quality", 3),
        ("radio", 3),
        ("carefully", 3),
        ("completely", 3),
        ("several", 3),
        ("gradually", 4),
        ("emergency", 4),
        ("adaptation", 4),
        ("inflammation", 4),
        ("sodium", 3),
        ("ibuprofen", 4),
        ("physiotherapist", 6),
    ];
    let wrong: Vec<String> = known
        .iter()
        .filter(|(w, n)| syllables(w) != *n)
        .map(|(w, n)| format!("{w}: counted {}, is {n}", syllables(w)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn smog_grade_follows_the_formula() {
    // 30 sentences with no long word: the formula's constant. 30 sentences with 30 long words:
    // 1.043 * sqrt(30) + 3.1291.
    assert!((smog(0, 30) - 3.1291).abs() < 1e-9);
    assert!((smog(30, 30) - (1.0430 * 30f64.sqrt() + 3.1291)).abs() < 1e-9);
    assert!(smog(60, 10) > MAX_GRADE);
}

#[test]
fn body_text_leaves_out_navigation_and_link_lists() {
    let html = "<html><body><nav>Home Sections</nav><aside class=\"emergency\">Call now</aside>\
        <main id=\"main\"><article><h1>Title here</h1><nav class=\"toc\"><h2>On this page</h2>\
        <ul><li>Skip me</li></ul></nav><div class=\"prose\"><p>First sentence. Second one, e.g. \
        this! Third?</p><ul><li>an item</li></ul><svg><text>chart words</text></svg></div>\
        </article><section class=\"related\"><h2>Related</h2><ul><li>Other page</li></ul></section>\
        <p class=\"cited\">Based on: a source.</p></main><footer>Footer words.</footer></body></html>";
    let blocks = body_blocks(html);
    assert_eq!(
        blocks,
        [
            "Title here",
            "First sentence. Second one, e.g. this! Third?",
            "an item"
        ]
    );
    let all: Vec<String> = blocks.iter().flat_map(|b| sentences(b)).collect();
    assert_eq!(
        all,
        [
            "Title here",
            "First sentence.",
            "Second one, e.g. this!",
            "Third?",
            "an item"
        ]
    );
    assert_eq!(
        words("Don't stop: a well-known 12 hour rule."),
        ["Don't", "stop", "a", "well", "known", "hour", "rule"]
    );
}

#[test]
fn a_page_of_long_words_scores_above_the_limit() {
    let hard = "<main><p>Physiotherapeutic rehabilitation necessitates individualised \
        progressive musculoskeletal loading considerations. Inflammatory mediators \
        accumulate following eccentric contractions.</p></main>";
    let easy = "<main><p>Rest a bit. Then walk. Your back will feel better soon.</p></main>";
    assert!(score("hard.html", hard).grade > MAX_GRADE);
    assert!(score("easy.html", easy).grade < 5.0);
}
