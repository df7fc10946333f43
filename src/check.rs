//! Checking the content model as a whole: every link, anchor and reference must resolve.
//!
//! Loading proved each file is well-formed on its own; this stage proves the files agree with
//! each other, and works out the backlinks the renderer shows.

use crate::content::{Content, Page};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::links::{LinkIndex, LinkKind};
use crate::markdown::Analysis;
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

pub fn check(content: &Content) -> (Checked, Diagnostics) {
    let mut diags = Diagnostics::default();
    let index = LinkIndex::new(content);
    let mut backlinks: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();

    check_settings(content, &index, &mut diags);

    unique_ids(
        content.glossary.iter().map(|g| g.id.as_str()),
        "content/glossary.yaml",
        &mut diags,
    );
    let source_ids = unique_ids(
        content.sources.iter().map(|s| s.id.as_str()),
        "content/sources.yaml",
        &mut diags,
    );
    check_glossary_terms(content, &mut diags);

    // Intros written in YAML: guide.yaml and each _section.yaml.
    let guide_intro =
        crate::markdown::analyze(&content.guide.intro, content.guide_lines.of("intro") + 1);
    check_links(
        &guide_intro,
        "guide.yaml",
        "content/guide.yaml",
        &index,
        &mut diags,
        &mut backlinks,
    );
    for section in &content.sections {
        let source = format!("{}/_section.yaml", section.slug);
        check_links(
            &section.intro,
            &source,
            &section.settings_lines.file,
            &index,
            &mut diags,
            &mut backlinks,
        );
    }

    let pages = content
        .sections
        .iter()
        .flat_map(|s| s.topics.iter())
        .chain(std::iter::once(&content.about));
    for page in pages {
        check_links(
            &page.analysis,
            &page.source,
            page.file(),
            &index,
            &mut diags,
            &mut backlinks,
        );
        check_page_fields(page, &index, &source_ids, &mut diags, &mut backlinks);
    }

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

fn check_settings(content: &Content, index: &LinkIndex, diags: &mut Diagnostics) {
    let guide = &content.guide;
    let lines = &content.guide_lines;
    let file = lines.file.as_str();

    let reviewed = check_date(&guide.reviewed, "reviewed", lines, diags);
    let next = check_date(&guide.next_review, "next_review", lines, diags);
    if let (Some(r), Some(n)) = (reviewed, next) {
        if n <= r {
            diags.error(Diagnostic::at(
                file,
                lines.of("next_review"),
                format!(
                    "next_review ({}) must be after reviewed ({})",
                    guide.next_review, guide.reviewed
                ),
            ));
        }
    }
    let lang_ok = !guide.language.is_empty()
        && guide
            .language
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !lang_ok {
        diags.error(Diagnostic::at(
            file,
            lines.of("language"),
            format!(
                "language `{}` is not a language tag; expected something like en-GB",
                guide.language
            ),
        ));
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
            format!("emergency.more `{}` is not a topic; expected a path such as warning-signs/cauda-equina.md", guide.emergency.more),
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
    if let Some(url) = &guide.base_url {
        if let Err(why) = crate::publish::parse_base_url(url) {
            diags.error(Diagnostic::at(
                file,
                lines.of("base_url"),
                format!("base_url {url:?} cannot be used: {why}"),
            ));
        }
    }
}

/// Parse `YYYY-MM-DD` into a sortable number.
fn check_date(
    value: &str,
    key: &str,
    lines: &crate::content::Lines,
    diags: &mut Diagnostics,
) -> Option<u32> {
    let parts: Vec<&str> = value.split('-').collect();
    let parsed = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            match (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(y), Ok(m @ 1..=12), Ok(d @ 1..=31)) => Some(y * 10_000 + m * 100 + d),
                _ => None,
            }
        }
        _ => None,
    };
    if parsed.is_none() {
        diags.error(Diagnostic::at(
            &lines.file,
            lines.of(key),
            format!("{key} `{value}` is not a date; expected YYYY-MM-DD"),
        ));
    }
    parsed
}

fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    file: &str,
    diags: &mut Diagnostics,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            diags.error(Diagnostic::new(
                file,
                format!("id `{id}` must use only letters, digits, - and _"),
            ));
        }
        if !seen.insert(id) {
            diags.error(Diagnostic::new(file, format!("id `{id}` is used twice")));
        }
    }
    seen
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

fn check_links(
    analysis: &Analysis,
    source: &str,
    file: &str,
    index: &LinkIndex,
    diags: &mut Diagnostics,
    backlinks: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let from_output = crate::links::output_of(source);
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
            Ok(Some(target)) if target.output != from_output => {
                backlinks
                    .entry(target.output)
                    .or_default()
                    .insert(from_output.clone());
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
    index: &LinkIndex,
    source_ids: &BTreeSet<&str>,
    diags: &mut Diagnostics,
    backlinks: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let lines = &page.front_matter;
    for related in &page.fields.related {
        let line = lines.of_value("related", related);
        if related == &page.source {
            diags.error(Diagnostic::at(
                page.file(),
                line,
                format!("related `{related}` is this page itself"),
            ));
        } else if related.ends_with(".md") && index.has_source(related) {
            backlinks
                .entry(crate::content::source_to_output(related))
                .or_default()
                .insert(page.output_path());
        } else {
            diags.error(Diagnostic::at(
                page.file(),
                line,
                format!("related `{related}` is not a topic; expected a path from content/, such as causes/doms.md"),
            ));
        }
    }
    let mut keywords = BTreeSet::new();
    for keyword in &page.fields.keywords {
        let line = lines.of_value("keywords", keyword);
        if crate::search::terms(keyword).next().is_none() {
            diags.error(Diagnostic::at(
                page.file(),
                line,
                format!("keyword `{keyword}` has no searchable word; write words readers may type, such as `ice`"),
            ));
        } else if !keywords.insert(keyword.to_lowercase()) {
            diags.error(Diagnostic::at(
                page.file(),
                line,
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
