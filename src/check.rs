//! Checking the content model as a whole: every link, anchor and reference must resolve.
//!
//! Loading proved each file is well-formed on its own; this stage proves the files agree with
//! each other, and works out the backlinks the renderer shows.

use crate::content::{Content, Date, Page, Review, ReviewStatus};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::links::{LinkIndex, LinkKind};
use crate::markdown::Analysis;
use crate::pages::{Kind, Page as TablePage, Pages};
use crate::util::memo::{Key, Keyer, Memo};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What later stages need from checking.
#[derive(Debug)]
pub struct Checked {
    pub index: LinkIndex,
    /// For each output page, the output pages that link to it (by link or by `related`).
    pub backlinks: BTreeMap<String, BTreeSet<String>>,
    /// The sources, so pages can show the titles of those they cite.
    pub sources: Vec<crate::content::SourceEntry>,
}

/// Check `content`, whose pages are `pages` (the page table), against itself.
pub fn check(content: &Content, pages: &Pages) -> (Checked, Diagnostics) {
    check_with(content, pages, None)
}

/// The glossary ids each text uses, by the glossary's terms and the text: finding them is most
/// of the work of checking a large guide, and `serve` does it again only for edited texts.
pub type TermsMemo = Memo<Vec<String>>;

/// [`check`], reusing the glossary terms found in texts that are unchanged.
pub fn check_with(
    content: &Content,
    pages: &Pages,
    memo: Option<&TermsMemo>,
) -> (Checked, Diagnostics) {
    let mut diags = Diagnostics::default();
    let index = LinkIndex::new(pages);

    check_settings(content, &index, &mut diags);

    unique_ids(
        content.glossary.iter().map(|g| g.id.as_str()),
        &content.glossary_lines,
        &mut diags,
    );
    let source_ids = unique_ids(
        content.sources.iter().map(|s| s.id.as_str()),
        &content.sources_lines,
        &mut diags,
    );
    check_glossary_terms(content, &mut diags);
    warn_unused_terms(content, memo, &mut diags);

    // Every page written in the content: the intros written in YAML (guide.yaml, each
    // _section.yaml), the topics and about. Each is checked on its own, on every core, beside
    // the topics' own warnings (the diagnostics are sorted at the end).
    let entries: Vec<&TablePage> = pages.iter().collect();
    let (topic_diags, checked) = rayon::join(
        || topic_warnings(content),
        || -> Vec<_> {
            (entries.par_iter())
                .map(|page| check_page(content, &index, &source_ids, page))
                .collect()
        },
    );
    diags.extend(topic_diags);
    let mut links: Vec<(String, String)> = Vec::new();
    for (page_diags, page_backlinks) in checked {
        diags.extend(page_diags);
        for (to, from) in page_backlinks {
            links.extend(from.into_iter().map(|from| (to.clone(), from)));
        }
    }
    let backlinks = backlinks_of(links);

    diags.sort();
    (
        Checked {
            index,
            backlinks,
            sources: content.sources.clone(),
        },
        diags,
    )
}

/// For each output page, the output pages that link to it.
type Backlinks = BTreeMap<String, BTreeSet<String>>;

/// The backlinks of every `(to, from)` link. Sorted on every core, then built in one pass from
/// the sorted runs: adding 32,000 links one by one to the maps took 33 ms on one core.
fn backlinks_of(mut links: Vec<(String, String)>) -> Backlinks {
    links.par_sort_unstable();
    links.dedup();
    let mut runs: Vec<(String, Vec<String>)> = Vec::new();
    for (to, from) in links {
        match runs.last_mut() {
            Some((last, froms)) if *last == to => froms.push(from),
            _ => runs.push((to, vec![from])),
        }
    }
    (runs.into_iter())
        .map(|(to, froms)| (to, froms.into_iter().collect()))
        .collect()
}

/// The checks of one page of the table against the rest: its links and, for a topic or the
/// about page, its fields. Returns what they found and the backlinks the page makes.
fn check_page(
    content: &Content,
    index: &LinkIndex,
    source_ids: &BTreeSet<&str>,
    page: &TablePage,
) -> (Diagnostics, Backlinks) {
    let mut diags = Diagnostics::default();
    let mut backlinks = Backlinks::new();
    match page.kind {
        Kind::Home => {
            let line = content.guide_lines.of("intro") + 1;
            let intro = crate::markdown::analyze(&content.guide.intro, line);
            // The home page links to the guide's parts; it is nobody's backlink.
            let from = Linking {
                output: None,
                ..Linking::of(page, "content/guide.yaml")
            };
            check_links(&intro, &from, index, &mut diags, &mut backlinks);
        }
        Kind::Section(i) => {
            let section = &content.sections[i];
            let from = Linking::of(page, &section.settings_lines.file);
            check_links(&section.intro, &from, index, &mut diags, &mut backlinks);
        }
        Kind::Topic { .. } | Kind::About => {
            let source = match page.kind {
                Kind::Topic { section, topic } => &content.sections[section].topics[topic],
                _ => &content.about,
            };
            let from = Linking::of(page, source.file());
            check_links(&source.analysis, &from, index, &mut diags, &mut backlinks);
            check_page_fields(
                source,
                page,
                index,
                &content.guide.review,
                source_ids,
                &mut diags,
                &mut backlinks,
            );
        }
        _ => {}
    }
    (diags, backlinks)
}

/// All that the rest of the site, and every check, reads of a topic besides its own page and
/// its text in the search index and downloads: its fields, its headings (the page table's
/// anchors), where its links lead, the backlinks it makes, the glossary terms it uses, and
/// whether it has a body. An edit that leaves a topic's face as it was, and its own checks
/// silent, changes only that topic's page, which `serve` then makes alone
/// (`site::patch_pages_for_serve`). A check or page added later that reads more of a topic
/// must read it here too.
#[derive(Debug, PartialEq)]
pub struct TopicFace {
    fields: crate::content::TopicFields,
    headings: Vec<(u8, String, String)>,
    links: Vec<(String, bool)>,
    backlinks: Backlinks,
    terms: Vec<String>,
    empty: bool,
}

impl TopicFace {
    /// Whether the two faces differ at most in the title and summary, which other pages show
    /// (by the page table) but no check or other page reads otherwise.
    pub fn same_apart_from_titles(&self, other: &TopicFace) -> bool {
        let untitled = |face: &TopicFace| crate::content::TopicFields {
            title: String::new(),
            summary: String::new(),
            ..face.fields.clone()
        };
        untitled(self) == untitled(other)
            && (
                &self.headings,
                &self.links,
                &self.backlinks,
                &self.terms,
                self.empty,
            ) == (
                &other.headings,
                &other.links,
                &other.backlinks,
                &other.terms,
                other.empty,
            )
    }
}

/// Works out topics' faces (see [`TopicFace`]) against one link index, glossary and list of
/// sources: those of the build being patched, which an edit of topics leaves as they were.
pub struct Faces<'a> {
    index: &'a LinkIndex,
    source_ids: BTreeSet<&'a str>,
    terms: GlossaryTerms,
    memo: &'a TermsMemo,
}

impl<'a> Faces<'a> {
    pub fn new(content: &'a Content, index: &'a LinkIndex, memo: &'a TermsMemo) -> Faces<'a> {
        Faces {
            index,
            source_ids: content.sources.iter().map(|s| s.id.as_str()).collect(),
            terms: GlossaryTerms::of(content),
            memo,
        }
    }

    /// The face of the topic at `entry` of the table in `content`, and what its own checks
    /// found (its links and fields, and its Markdown's problems); `None` if it is no topic.
    pub fn of(&self, content: &Content, entry: &TablePage) -> Option<(TopicFace, Diagnostics)> {
        let Kind::Topic { section, topic } = entry.kind else {
            return None;
        };
        let page = &content.sections[section].topics[topic];
        let (diags, backlinks) = check_page(content, self.index, &self.source_ids, entry);
        let face = TopicFace {
            fields: page.fields.clone(),
            headings: (page.analysis.headings.iter())
                .map(|h| (h.level, h.text.clone(), h.id.clone()))
                .collect(),
            links: (page.analysis.links.iter())
                .map(|l| (l.dest.clone(), l.image))
                .collect(),
            backlinks,
            terms: (self.terms).ids(&page.body, page.body_key.as_ref(), Some(self.memo)),
            empty: page.body.trim().is_empty(),
        };
        Some((face, diags))
    }
}

fn check_settings(content: &Content, index: &LinkIndex, diags: &mut Diagnostics) {
    let guide = &content.guide;
    let lines = &content.guide_lines;
    let file = lines.file.as_str();

    check_review(&guide.review, lines, diags);
    if let Err(why) = check_language(&guide.language) {
        diags.error(
            Diagnostic::at(
                file,
                lines.of("language"),
                format!("language `{}` is not a BCP 47 language tag: {why}", guide.language),
            )
            .with_help("write the tag, not the name: `en` for English, `en-GB` for British English, `cy` for Welsh"),
        );
    }
    let mut sign_ids = BTreeSet::new();
    for sign in &guide.emergency.signs {
        if !sign_ids.insert(sign.id.as_str()) {
            diags.error(Diagnostic::at(
                file,
                lines
                    .of_pair("id", &sign.id)
                    .first()
                    .copied()
                    .unwrap_or_else(|| lines.of("signs")),
                format!("emergency sign `{}` is listed twice", sign.id),
            ));
        }
    }
    for number in guide
        .emergency
        .numbers
        .iter()
        .chain(&guide.emergency.urgent_numbers)
    {
        if number.number.is_empty() || !number.number.chars().all(|c| c.is_ascii_digit()) {
            diags.error(Diagnostic::at(
                file,
                lines.of_value("emergency", &number.number),
                format!(
                    "phone number `{}` must be digits only, such as 999",
                    number.number
                ),
            ));
        }
    }
    if guide.emergency.numbers.is_empty() {
        diags.error(Diagnostic::at(
            file,
            lines.of("numbers"),
            "emergency.numbers is empty: list at least one emergency number, such as { number: \"999\", where: the UK }",
        ));
    }
    if let Some(care) = &guide.care {
        for slug in &care.sections {
            if !guide.sections.contains(slug) {
                diags.error(Diagnostic::at(
                    file,
                    lines.of_value("care", slug),
                    format!("care.sections names `{slug}`, which is not one of `sections`"),
                ));
            }
        }
        for (key, card) in [("urgent", &care.urgent), ("routine", &care.routine)] {
            if card.signs.is_empty() {
                diags.error(Diagnostic::at(
                    file,
                    lines.of(key),
                    format!("care.{key}.signs is empty: list when to get this help"),
                ));
            }
        }
    }
    if guide.emergency.signs.is_empty() {
        diags.error(Diagnostic::at(
            file,
            lines.of("signs"),
            "emergency.signs is empty: list the red flags",
        ));
    }
    if !index.has_source(&guide.emergency.more) {
        diags.error(Diagnostic::at(
            file,
            lines.of("more"),
            format!("emergency.more `{}` is not a topic; expected the path of a topic from content/, such as my-section/my-topic.md", guide.emergency.more),
        ));
    }
    let mut seen = BTreeSet::new();
    for slug in &guide.sections {
        if !seen.insert(slug) {
            diags.error(Diagnostic::at(
                file,
                lines.of_value("sections", slug),
                format!("section `{slug}` is listed twice"),
            ));
        }
        if slug.is_empty() || slug.contains(['/', '\\', '.']) {
            diags.error(Diagnostic::at(
                file,
                lines.of("sections"),
                format!("section `{slug}` must be a plain folder name"),
            ));
        }
    }
    if let Some(report) = &guide.report {
        if let Err(why) = plain_email(&report.email) {
            diags.error(
                Diagnostic::at(
                    file,
                    lines.of("email"),
                    format!("report.email {:?} cannot be used: {why}", report.email),
                )
                .with_help("write one plain address, such as `guide@example.org`"),
            );
        }
        if report.text.trim().is_empty() {
            diags.error(Diagnostic::at(
                file,
                lines.of("report"),
                "report.text is empty: write the link's words, such as `Report a problem`",
            ));
        }
    }
    if let Some(url) = &guide.base_url {
        if let Err(why) = crate::util::url::parse_base_url(url) {
            diags.error(Diagnostic::at(
                file,
                lines.of("base_url"),
                format!("base_url {url:?} cannot be used: {why}"),
            ));
        }
    }
}

/// One address, `name@host.tld`, of characters that need no escaping in a `mailto:` link: no
/// spaces, quotes, `?`, `&` or `#`, which could add headers or recipients to the message.
fn plain_email(address: &str) -> Result<(), &'static str> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._+-".contains(c);
    let Some((name, host)) = address.split_once('@') else {
        return Err("it has no `@`");
    };
    if name.is_empty() || !name.chars().all(allowed) {
        return Err("the part before `@` may hold only letters, digits and . _ + -");
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return Err("the part after `@` must be a host name such as example.org");
    }
    Ok(())
}

/// A well-formed tag whose subtags are in the IANA registry (`English` is well-formed, but no
/// language is registered under that name).
fn check_language(tag: &str) -> Result<(), String> {
    let parsed = language_tags::LanguageTag::parse(tag).map_err(|e| e.to_string())?;
    parsed.validate().map_err(|e| e.to_string())
}

/// The dates must be real dates, the next review after the last, and a clinically reviewed guide
/// must name its reviewer.
fn check_review(review: &Review, lines: &crate::content::Lines, diags: &mut Diagnostics) {
    let reviewed = check_date(&review.reviewed, "reviewed", lines, diags);
    let next = check_date(&review.next_review, "next_review", lines, diags);
    if let (Some(r), Some(n)) = (reviewed, next) {
        if n <= r {
            diags.error(Diagnostic::at(
                &lines.file,
                lines.of("next_review"),
                format!(
                    "review.next_review ({}) must be after review.reviewed ({})",
                    review.next_review, review.reviewed
                ),
            ));
        }
    }
    let named = review
        .reviewer
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty());
    if review.status == ReviewStatus::ClinicallyReviewed && !named {
        diags.error(Diagnostic::at(
            &lines.file,
            lines.of("status"),
            "review.status is clinically-reviewed but no reviewer is named: add `reviewer:` with the clinician's name and role, or set status: not-clinically-reviewed",
        ));
    }
}

/// A topic's own `reviewed` and `next_review` are real dates, and the next review (its own or the
/// guide's) comes after the last (its own or the guide's).
fn check_topic_review(page: &Page, guide: &Review, diags: &mut Diagnostics) {
    let (own_reviewed, own_next) = (&page.fields.reviewed, &page.fields.next_review);
    if own_reviewed.is_none() && own_next.is_none() {
        return;
    }
    let lines = &page.front_matter;
    let reviewed = match own_reviewed {
        Some(d) => check_date(d, "reviewed", lines, diags),
        None => guide.reviewed.date,
    };
    let next = match own_next {
        Some(d) => check_date(d, "next_review", lines, diags),
        None => guide.next_review.date,
    };
    if let (Some(r), Some(n)) = (reviewed, next) {
        if n <= r {
            let key = if own_next.is_some() {
                "next_review"
            } else {
                "reviewed"
            };
            diags.error(Diagnostic::at(
                page.file(),
                lines.of(key),
                format!("next_review ({n}) must be after reviewed ({r}); a topic without one uses guide.yaml's"),
            ));
        }
    }
}

/// The date, or an error at the line of `key` when what is written there names no real date.
pub(crate) fn check_date(
    date: &Date,
    key: &str,
    lines: &crate::content::Lines,
    diags: &mut Diagnostics,
) -> Option<time::Date> {
    if date.date.is_none() {
        diags.error(Diagnostic::at(
            &lines.file,
            lines.of(key),
            format!(
                "{key} `{}` is not a date; expected a real date written YYYY-MM-DD, such as 2026-11-24",
                date.written
            ),
        ));
    }
    date.date
}

/// Ids of a list file (glossary.yaml, sources.yaml): well-formed and each used once. A
/// duplicate is reported at its second line, naming the first.
fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    lines: &crate::content::Lines,
    diags: &mut Diagnostics,
) -> BTreeSet<&'a str> {
    let file = lines.file.as_str();
    let mut seen = BTreeMap::new();
    for id in ids {
        let written = lines.of_pair("id", id);
        let count = seen.entry(id).or_insert(0usize);
        *count += 1;
        let line = written.get(*count - 1).or(written.first()).copied();
        let at = |message: String| match line {
            Some(line) => Diagnostic::at(file, line, message),
            None => Diagnostic::new(file, message),
        };
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            diags.error(at(format!(
                "id `{id}` must use only letters, digits, - and _"
            )));
        }
        if *count > 1 {
            let first = written
                .first()
                .map_or(String::new(), |l| format!(" (first at line {l})"));
            diags.error(
                at(format!("id `{id}` is used twice{first}"))
                    .with_help("each entry needs its own id: rename one of them"),
            );
        }
    }
    seen.into_keys().collect()
}

fn check_glossary_terms(content: &Content, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for entry in &content.glossary {
        for term in std::iter::once(&entry.term).chain(&entry.aliases) {
            let key = term.to_ascii_lowercase();
            if let Some(other) = seen.insert(key, &entry.id) {
                if other != entry.id {
                    diags.error(Diagnostic::new(
                        "content/glossary.yaml",
                        format!("term `{term}` is used by both `{other}` and `{}`; a term can link to one entry only", entry.id),
                    ));
                }
            }
        }
    }
}

/// A glossary entry whose term and aliases no page uses is never linked, so readers only find
/// it by browsing the glossary.
/// Finds the glossary ids a text uses, by the glossary's terms and aliases.
struct GlossaryTerms {
    matcher: crate::markdown::TermMatcher,
    /// A key of the terms and their ids, which each text's key starts from.
    key: Keyer,
}

impl GlossaryTerms {
    fn of(content: &Content) -> GlossaryTerms {
        let needles = || {
            content.glossary.iter().flat_map(|g| {
                std::iter::once(g.term.as_str())
                    .chain(g.aliases.iter().map(String::as_str))
                    .map(move |t| (t, g.id.as_str()))
            })
        };
        let mut key = Keyer::new("terms");
        needles().for_each(|(term, id)| {
            key.text(term).text(id);
        });
        GlossaryTerms {
            matcher: crate::markdown::TermMatcher::new(needles()),
            key,
        }
    }

    /// The ids `text` uses, sorted; remembered in `memo` by the text's `digest` (when `serve`
    /// made one) or the text.
    fn ids(&self, text: &str, digest: Option<&Key>, memo: Option<&TermsMemo>) -> Vec<String> {
        let find = || {
            let mut found = BTreeSet::new();
            self.matcher.ids_in(text, &mut found);
            found.into_iter().collect()
        };
        let Some(memo) = memo else {
            return find();
        };
        let key = match digest {
            Some(digest) => self.key.clone().key(digest).finish(),
            None => self.key.clone().text(text).finish(),
        };
        memo.get_or(key, find)
    }
}

fn warn_unused_terms(content: &Content, memo: Option<&TermsMemo>, diags: &mut Diagnostics) {
    let terms = GlossaryTerms::of(content);
    let mut texts: Vec<(&str, Option<&Key>)> = vec![(&content.guide.intro, None)];
    for section in &content.sections {
        texts.push((&section.settings.intro, None));
        for topic in &section.topics {
            texts.push((&topic.body, topic.body_key.as_ref()));
        }
    }
    texts.push((&content.about.body, content.about.body_key.as_ref()));
    // On every core, as it reads all the guide's text: the check stage at 10,000 topics took
    // 146 ms instead of 178 ms. Once one core has found every term, no text can add one, so the
    // rest are not read (in a large guide, every term is found in the first pages).
    let every_term = terms.matcher.distinct_ids();
    let all_found = std::sync::atomic::AtomicBool::new(false);
    let used = (texts.par_iter())
        .fold(BTreeSet::new, |mut used, &(text, digest)| {
            if all_found.load(std::sync::atomic::Ordering::Relaxed) {
                return used;
            }
            match memo {
                // Without a memo the ids go straight into `used`, with no list made per text.
                None => terms.matcher.ids_in(text, &mut used),
                Some(_) => used.extend(terms.ids(text, digest, memo)),
            }
            if used.len() == every_term {
                all_found.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            used
        })
        .reduce(BTreeSet::new, |mut all, some| {
            all.extend(some);
            all
        });
    for entry in &content.glossary {
        if !used.contains(&entry.id) {
            diags.warn(
                Diagnostic::at(
                    &content.glossary_lines.file,
                    content.glossary_lines.of_pair("id", &entry.id).first().copied().unwrap_or(1),
                    format!("no page uses the term `{}` (or an alias), so nothing links to it", entry.term),
                )
                .with_help("use the term in a page, add the word pages use to `aliases`, or remove the entry"),
            );
        }
    }
}

/// The warnings about topics taken together. Two topics with one title cannot be told apart in
/// lists, search results and the contents; a topic with no body is a page with nothing on it.
pub fn topic_warnings(content: &Content) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut titles: BTreeMap<String, &Page> = BTreeMap::new();
    for topic in content.sections.iter().flat_map(|s| &s.topics) {
        let key = topic.fields.title.trim().to_lowercase();
        if let Some(first) = titles.get(&key) {
            diags.warn(Diagnostic::at(
                topic.file(),
                topic.front_matter.of("title"),
                format!(
                    "the title `{}` is also the title of {} (line {}): readers cannot tell the two apart; give each its own",
                    topic.fields.title,
                    first.file(),
                    first.front_matter.of("title")
                ),
            ));
        } else {
            titles.insert(key, topic);
        }
        if topic.body.trim().is_empty() {
            diags.warn(Diagnostic::at(
                topic.file(),
                topic.body_line.saturating_sub(1).max(1),
                "this topic has no text after its front matter: write the page's body below the closing `---`",
            ));
        }
    }
    diags
}

/// The page whose links are checked.
struct Linking<'a> {
    /// Its content-relative source, which its links are relative to.
    source: &'a str,
    /// Its output path, recorded as a backlink on each page it links to; `None` records none.
    output: Option<&'a str>,
    /// The file its text is in, for errors.
    file: &'a str,
}

impl<'a> Linking<'a> {
    fn of(page: &'a TablePage, file: &'a str) -> Linking<'a> {
        Linking {
            source: page.source.as_deref().unwrap_or_default(),
            output: Some(&page.output),
            file,
        }
    }
}

fn check_links(
    analysis: &Analysis,
    from: &Linking,
    index: &LinkIndex,
    diags: &mut Diagnostics,
    backlinks: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let (source, file) = (from.source, from.file);
    for link in &analysis.links {
        if link.image {
            diags.error(Diagnostic::at(
                file,
                link.line,
                format!(
                    "image `{}`: pictures are not supported in the content; describe it in words",
                    link.dest
                ),
            ));
            continue;
        }
        let resolved = LinkIndex::classify(&link.dest).and_then(|kind| match kind {
            LinkKind::App => Ok(None),
            LinkKind::Internal(dest) => index.resolve(source, dest).map(Some),
        });
        match resolved {
            Ok(Some(target)) => {
                if let Some(from) = from.output.filter(|&from| from != target.output) {
                    backlinks
                        .entry(target.output)
                        .or_default()
                        .insert(from.to_string());
                }
            }
            Ok(_) => {}
            Err(reason) => diags.error(Diagnostic::at(
                file,
                link.line,
                format!("broken link `{}`: {reason}", link.dest),
            )),
        }
    }
    for (line, message) in crate::markdown::problems(analysis) {
        diags.error(Diagnostic::at(file, line, message));
    }
    for heading in &analysis.headings {
        if heading.level == 1 {
            diags.warn(Diagnostic::at(
                file,
                heading.line,
                "use `##` for headings: the page title is the only top-level heading",
            ));
        }
    }
}

fn check_page_fields(
    page: &Page,
    entry: &TablePage,
    index: &LinkIndex,
    review: &Review,
    source_ids: &BTreeSet<&str>,
    diags: &mut Diagnostics,
    backlinks: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let lines = &page.front_matter;
    check_topic_review(page, review, diags);
    // Lines are looked up only for errors: a short front matter is scanned for each.
    for related in &page.fields.related {
        let line = || lines.of_value("related", related);
        if related == &page.source {
            diags.error(Diagnostic::at(
                page.file(),
                line(),
                format!("related `{related}` is this page itself"),
            ));
        } else if let Some(target) = index
            .output_of_source(related)
            .filter(|_| related.ends_with(".md"))
        {
            backlinks
                .entry(target.to_string())
                .or_default()
                .insert(entry.output.clone());
        } else {
            let hint = match index.nearest_source(related) {
                Some(near) => format!("; did you mean {near}?"),
                None => String::new(),
            };
            diags.error(Diagnostic::at(
                page.file(),
                line(),
                format!("related `{related}` is not a topic; expected a path from content/, such as my-section/my-topic.md{hint}"),
            ));
        }
    }
    let mut keywords = BTreeSet::new();
    for keyword in &page.fields.keywords {
        let line = || lines.of_value("keywords", keyword);
        if crate::search::tokens::terms(keyword).next().is_none() {
            diags.error(Diagnostic::at(
                page.file(),
                line(),
                format!("keyword `{keyword}` has no searchable word; write words readers may type, such as `ice`"),
            ));
        } else if !keywords.insert(keyword.to_lowercase()) {
            diags.error(Diagnostic::at(
                page.file(),
                line(),
                format!("keyword `{keyword}` is listed twice"),
            ));
        }
    }
    for id in &page.fields.sources {
        if !source_ids.contains(id.as_str()) {
            diags.error(Diagnostic::at(
                page.file(),
                lines.of_value("sources", id),
                format!(
                    "source `{id}` is not in content/sources.yaml; known ids: {}",
                    source_ids.iter().copied().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn backlinks_built_from_sorted_runs_are_the_links_added_one_by_one(
            links in proptest::collection::vec(("[a-d]{1,2}", "[a-d]{1,2}"), 0..60)
        ) {
            let mut one_by_one = Backlinks::new();
            for (to, from) in &links {
                one_by_one.entry(to.clone()).or_default().insert(from.clone());
            }
            prop_assert_eq!(backlinks_of(links), one_by_one);
        }
    }
}
