//! The contexts the templates see, and rendering every page with them.

use super::tel::Phone;
use super::templates::template_error;
use super::timeline::{timeline, Timeline};
use crate::check::Checked;
use crate::content::{
    Care, Content, Date, Page, ReviewStatus, Section, Sign, SourceEntry, TopicKind,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::links::{LinkIndex, LinkKind};
use crate::markdown::{self, Analysis, RenderOptions, TermMatcher};
use crate::pages::{Kind, Page as Entry, Pages};
use crate::util::names::{download_links, DownloadLinks};
use crate::util::paths::root_prefix;
use crate::util::url::not_found_root;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

/// Pages with at least this many headings get a table of contents.
const TOC_MIN_HEADINGS: usize = 4;

/// Receives each rendered page (output path, HTML) as soon as it is made, from any thread:
/// holding every page until the end would hold the whole site in memory.
pub type EmitPage<'a> = dyn Fn(&str, String) -> Result<(), Diagnostic> + Sync + 'a;

/// Site-wide values every template sees as `site`.
#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    review: ReviewCtx<'a>,
    disclaimer: &'a str,
    emergency: EmergencyCtx<'a>,
    care: Option<&'a Care>,
    sections: Vec<LinkCtx>,
    /// True when the guide has a decision page (decide.html), linked from the header and home.
    decide: bool,
    /// The site's absolute URL, ending in `/`, when known: only for canonical and Open Graph
    /// tags and the 404 page. Every other link is relative.
    base_url: Option<&'a str>,
    /// The footer's "report a problem" link, when guide.yaml has one.
    report: Option<ReportCtx<'a>>,
    /// `en_GB`, for og:locale.
    og_locale: String,
    /// The offline downloads, with their sizes filled in by `crate::offline`.
    downloads: DownloadLinks,
}

#[derive(Serialize)]
struct ReportCtx<'a> {
    text: &'a str,
    href: String,
}

/// The guide's review status, and the dates every page shows unless a topic has its own.
#[derive(Serialize)]
struct ReviewCtx<'a> {
    /// False until a clinician is named: then every page says the guide is not yet checked.
    clinically_reviewed: bool,
    reviewer: Option<&'a str>,
    dates: ReviewDates,
}

/// Review dates as `<time datetime>` wants them and in words ("24 November 2026") for readers.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
struct ReviewDates {
    reviewed: String,
    reviewed_text: String,
    next_review: String,
    next_review_text: String,
}

impl ReviewDates {
    fn new(reviewed: &Date, next_review: &Date) -> ReviewDates {
        ReviewDates {
            reviewed: reviewed.written.clone(),
            reviewed_text: reviewed.in_words(),
            next_review: next_review.written.clone(),
            next_review_text: next_review.in_words(),
        }
    }
}

#[derive(Serialize)]
struct EmergencyCtx<'a> {
    heading: &'a str,
    signs: &'a [Sign],
    numbers: Vec<Phone>,
    urgent_numbers: Vec<Phone>,
    /// Site-root-relative path of the "Read more" page.
    more: String,
}

/// A link to another page. `path` is relative to the site root; templates prefix `root`.
#[derive(Serialize, Clone, Debug)]
struct LinkCtx {
    title: String,
    path: String,
    summary: String,
}

#[derive(Serialize)]
struct TocEntry {
    id: String,
    text: String,
    level: u8,
}

#[derive(Serialize)]
struct SourceRef {
    id: String,
    title: String,
}

/// Everything one page template sees as `page`.
#[derive(Serialize, Default)]
struct PageCtx<'a> {
    /// home, section, topic, glossary, sources or about: also the template name.
    kind: &'static str,
    path: String,
    title: String,
    summary: String,
    content: String,
    toc: Vec<TocEntry>,
    breadcrumbs: Vec<LinkCtx>,
    prev: Option<LinkCtx>,
    next: Option<LinkCtx>,
    related: Vec<LinkCtx>,
    backlinks: Vec<LinkCtx>,
    section: Option<LinkCtx>,
    fields: Option<&'a TopicKind>,
    sources: Vec<SourceRef>,
    topics: Vec<TopicCard<'a>>,
    timeline: Option<&'a Timeline>,
    /// True on the topics that end with the care cards (guide.yaml `care.sections`).
    care_cards: bool,
    /// A topic's own review dates; the footer shows the guide's when this is `None`.
    review_dates: Option<ReviewDates>,
}

#[derive(Serialize)]
struct TopicCard<'a> {
    title: &'a str,
    path: String,
    summary: &'a str,
    fields: &'a TopicKind,
}

/// The `site` value every template reads (the guide's settings, its sections, the downloads):
/// made once, and given to each renderer that renders a template (this module's pages, the
/// decision pages, the sitemap, the single file), rather than left in Tera's global context,
/// so that none depends on another having run first. Cheap to clone.
pub fn site_context(content: &Content, pages: &Pages) -> SiteContext {
    SiteContext {
        site: Value::from_serializable(&site_ctx(content, pages)),
        words: Value::from_serializable(&content.words),
    }
}

/// What every template sees besides its own page: `site` (the guide's settings, as templates
/// read them) and `words` (the interface words). Made once, and handed to each renderer.
#[derive(Debug, Clone)]
pub struct SiteContext {
    site: Value,
    words: Value,
}

impl SiteContext {
    pub fn insert_into(&self, ctx: &mut Context) {
        ctx.insert_value("site", self.site.clone());
        ctx.insert_value("words", self.words.clone());
    }
}

/// Render every page and hand each to `emit`; returns how many pages there were. Templates see
/// `site` and `words` (from [`site_context`]), `page` and `root` (the `../` prefix to the site root).
pub fn render_site(
    content: &Content,
    pages: &Pages,
    checked: &Checked,
    tera: &Tera,
    site: &SiteContext,
    emit: &EmitPage,
) -> Result<usize, Diagnostics> {
    let glossary_needles: Vec<(&str, &str)> = content
        .glossary
        .iter()
        .flat_map(|g| {
            std::iter::once(g.term.as_str())
                .chain(g.aliases.iter().map(String::as_str))
                .map(move |t| (t, g.id.as_str()))
        })
        .collect();
    let terms = TermMatcher::new(glossary_needles);
    let timeline = timeline(&content.sections, pages, &content.words);
    let md = MarkdownRenderer {
        index: &checked.index,
        terms: &terms,
    };

    // Every page but the topics, which are rendered below, one step each.
    let mut topics: Vec<(&Section, &Page, &Entry)> = Vec::new();
    let mut others: Vec<PageCtx> = Vec::new();
    let plain = |kind, entry: &Entry| PageCtx {
        kind,
        path: entry.output.clone(),
        title: entry.title.clone(),
        summary: entry.summary.clone(),
        ..PageCtx::default()
    };
    for entry in pages.iter() {
        match entry.kind {
            Kind::Home => others.push(PageCtx {
                content: md.render_yaml_text(&content.guide.intro, "guide.yaml", &entry.output),
                next: pages.neighbours(entry).1.map(link),
                ..plain("home", entry)
            }),
            Kind::Section(i) => {
                let section = &content.sections[i];
                others.push(section_page(section, i, entry, &md, pages, &timeline));
            }
            Kind::Topic { section, topic } => {
                let section = &content.sections[section];
                topics.push((section, &section.topics[topic], entry));
            }
            Kind::About => others.push(about_page(&content.about, entry, &md, pages, checked)),
            Kind::Glossary => others.push(PageCtx {
                breadcrumbs: vec![link(pages.home())],
                ..plain("glossary", entry)
            }),
            Kind::Sources => others.push(PageCtx {
                breadcrumbs: vec![link(pages.home())],
                ..plain("sources", entry)
            }),
            // GitHub Pages serves this for a missing page at any depth: see
            // `util::url::not_found_root`.
            Kind::NotFound => others.push(plain("404", entry)),
            // `decision::render` writes them.
            Kind::Decide | Kind::DecisionNode(_) | Kind::Flowchart | Kind::DecisionList => {}
        }
    }

    let lists = ListsCtx {
        glossary: &content.glossary,
        sources: &content.sources,
    };
    let render_and_emit = |page: &PageCtx| -> Result<(), Diagnostic> {
        let mut ctx = Context::new();
        site.insert_into(&mut ctx);
        ctx.insert("page", page);
        let root = match page.kind {
            "404" => not_found_root(content.guide.base_url.as_deref()),
            _ => root_prefix(&page.path),
        };
        ctx.insert("root", &root);
        if matches!(page.kind, "glossary" | "sources") {
            ctx.insert("glossary", lists.glossary);
            ctx.insert("glossary_letters", &by_letter(lists.glossary));
            ctx.insert("sources", lists.sources);
            // The sources page lists apart the pages its editors could not read.
            ctx.insert(
                "any_unread",
                &lists.sources.iter().any(|s| s.could_not_read),
            );
        }
        let template = format!("{}.html", page.kind);
        let html = tera
            .render(&template, &ctx)
            .map_err(|e| template_error(&e))?;
        emit(&page.path, html)
    };
    let mut errors: Vec<Diagnostic> = others
        .par_iter()
        .filter_map(|page| render_and_emit(page).err())
        .collect();
    // The topics are most of the work: each is rendered from Markdown to its page and handed on
    // in one step, on every core, so only the pages in flight are in memory.
    errors.par_extend(topics.par_iter().filter_map(|(section, topic, entry)| {
        let page = topic_page(topic, section, entry, &md, pages, checked, &content.guide);
        render_and_emit(&page).err()
    }));

    if !errors.is_empty() {
        let mut diags = Diagnostics::default();
        errors.into_iter().for_each(|e| diags.error(e));
        diags.sort();
        return Err(diags);
    }
    Ok(others.len() + topics.len())
}

struct ListsCtx<'a> {
    glossary: &'a [crate::content::GlossaryEntry],
    sources: &'a [crate::content::SourceEntry],
}

/// Renders Markdown with links resolved relative to the page and glossary terms linked.
struct MarkdownRenderer<'a> {
    index: &'a LinkIndex,
    terms: &'a TermMatcher,
}

impl MarkdownRenderer<'_> {
    fn render(&self, text: &str, analysis: &Analysis, source: &str, output: &str) -> String {
        let resolve = |dest: &str| match LinkIndex::classify(dest) {
            Ok(LinkKind::Internal(d)) => self
                .index
                .resolve(source, d)
                .ok()
                .map(|r| r.href_from(output)),
            _ => None,
        };
        let glossary_href = format!("{}glossary.html", root_prefix(output));
        markdown::render(
            text,
            &RenderOptions {
                headings: &analysis.headings,
                resolve_link: &resolve,
                terms: Some((self.terms, &glossary_href)),
            },
        )
    }

    fn render_yaml_text(&self, text: &str, source: &str, output: &str) -> String {
        let analysis = markdown::analyze(text, 1);
        self.render(text, &analysis, source, output)
    }
}

fn site_ctx<'a>(content: &'a Content, pages: &Pages) -> SiteCtx<'a> {
    let g = &content.guide;
    SiteCtx {
        title: &g.title,
        description: &g.description,
        language: &g.language,
        review: ReviewCtx {
            clinically_reviewed: g.review.status == ReviewStatus::ClinicallyReviewed,
            reviewer: g.review.reviewer.as_deref(),
            dates: ReviewDates::new(&g.review.reviewed, &g.review.next_review),
        },
        disclaimer: &g.disclaimer,
        emergency: EmergencyCtx {
            heading: &g.emergency.heading,
            signs: &g.emergency.signs,
            numbers: g
                .emergency
                .numbers
                .iter()
                .map(|n| Phone::new(n, false, &content.words))
                .collect(),
            urgent_numbers: (g.emergency.urgent_numbers.iter())
                .map(|n| Phone::new(n, true, &content.words))
                .collect(),
            // Checked to be a page of the guide (check::check_settings).
            more: (pages.by_source(&g.emergency.more))
                .map_or_else(|| g.emergency.more.clone(), |p| p.output.clone()),
        },
        care: g.care.as_ref(),
        sections: pages
            .iter()
            .filter(|p| matches!(p.kind, Kind::Section(_)))
            .map(link)
            .collect(),
        decide: content.decision.is_some(),
        base_url: g.base_url.as_deref(),
        report: g.report.as_ref().map(|r| ReportCtx {
            text: &r.text,
            // Checked to need no escaping (check::plain_email).
            href: format!("mailto:{}", r.email),
        }),
        og_locale: og_locale(&g.language),
        downloads: download_links(&g.title),
    }
}

/// How a link to `page` names it (the page's label, its path and its summary).
fn link(page: &Entry) -> LinkCtx {
    LinkCtx {
        title: page.label.clone(),
        path: page.output.clone(),
        summary: page.summary.clone(),
    }
}

fn toc(analysis: &Analysis) -> Vec<TocEntry> {
    let entries: Vec<TocEntry> = analysis
        .headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .map(|h| TocEntry {
            id: h.id.clone(),
            text: h.text.clone(),
            level: h.level,
        })
        .collect();
    if entries.len() >= TOC_MIN_HEADINGS {
        entries
    } else {
        Vec::new()
    }
}

/// Links to the pages at `paths` (output paths), leaving out any that is not a page.
fn links_to(paths: impl IntoIterator<Item = String>, pages: &Pages) -> Vec<LinkCtx> {
    paths
        .into_iter()
        .filter_map(|p| pages.by_output(&p).map(link))
        .collect()
}

fn backlinks_of(path: &str, checked: &Checked, pages: &Pages) -> Vec<LinkCtx> {
    checked
        .backlinks
        .get(path)
        .map(|set| links_to(set.iter().cloned(), pages))
        .unwrap_or_default()
}

fn section_page<'a>(
    section: &'a Section,
    i: usize,
    entry: &Entry,
    md: &MarkdownRenderer,
    pages: &'a Pages,
    timeline: &'a Option<Timeline>,
) -> PageCtx<'a> {
    let path = entry.output.clone();
    let source = entry.source.as_deref().unwrap_or_default();
    let (prev, next) = pages.neighbours(entry);
    let has_causes = section
        .topics
        .iter()
        .any(|t| matches!(t.fields.kind, TopicKind::Cause { .. }));
    PageCtx {
        kind: "section",
        title: entry.title.clone(),
        summary: entry.summary.clone(),
        content: md.render(&section.settings.intro, &section.intro, source, &path),
        breadcrumbs: vec![link(pages.home())],
        prev: prev.map(link),
        next: next.map(link),
        topics: section
            .topics
            .iter()
            .zip(pages.topics_of(i))
            .map(|(t, entry)| TopicCard {
                title: &entry.title,
                path: entry.output.clone(),
                summary: &entry.summary,
                fields: &t.fields.kind,
            })
            .collect(),
        timeline: if has_causes { timeline.as_ref() } else { None },
        path,
        ..PageCtx::default()
    }
}

fn topic_page<'a>(
    topic: &'a Page,
    section: &Section,
    entry: &Entry,
    md: &MarkdownRenderer,
    pages: &Pages,
    checked: &Checked,
    guide: &crate::content::GuideSettings,
) -> PageCtx<'a> {
    let path = entry.output.clone();
    let (prev, next) = pages.neighbours(entry);
    let section_link = pages.section_of(entry).map(link);
    PageCtx {
        kind: "topic",
        title: entry.title.clone(),
        summary: entry.summary.clone(),
        content: md.render(&topic.body, &topic.analysis, &topic.source, &path),
        toc: toc(&topic.analysis),
        breadcrumbs: std::iter::once(link(pages.home()))
            .chain(section_link.clone())
            .collect(),
        prev: prev.map(link),
        next: next.map(link),
        related: (topic.fields.related.iter())
            .filter_map(|r| pages.by_source(r).map(link))
            .collect(),
        backlinks: backlinks_of(&path, checked, pages),
        section: section_link,
        fields: Some(&topic.fields.kind),
        sources: source_refs(topic, &checked.sources),
        care_cards: (guide.care.as_ref()).is_some_and(|c| c.sections.contains(&section.slug)),
        review_dates: topic_review_dates(topic, &guide.review),
        path,
        ..PageCtx::default()
    }
}

fn about_page<'a>(
    about: &'a Page,
    entry: &Entry,
    md: &MarkdownRenderer,
    pages: &Pages,
    checked: &Checked,
) -> PageCtx<'a> {
    let path = entry.output.clone();
    PageCtx {
        kind: "about",
        title: entry.title.clone(),
        summary: entry.summary.clone(),
        content: md.render(&about.body, &about.analysis, &about.source, &path),
        toc: toc(&about.analysis),
        breadcrumbs: vec![link(pages.home())],
        backlinks: backlinks_of(&path, checked, pages),
        sources: source_refs(about, &checked.sources),
        path,
        ..PageCtx::default()
    }
}

/// The dates a topic shows when it has its own `reviewed` or `next_review`, each falling back
/// to the guide's.
fn topic_review_dates(topic: &Page, guide: &crate::content::Review) -> Option<ReviewDates> {
    let f = &topic.fields;
    if f.reviewed.is_none() && f.next_review.is_none() {
        return None;
    }
    Some(ReviewDates::new(
        f.reviewed.as_ref().unwrap_or(&guide.reviewed),
        f.next_review.as_ref().unwrap_or(&guide.next_review),
    ))
}

fn source_refs(page: &Page, sources: &[SourceEntry]) -> Vec<SourceRef> {
    page.fields
        .sources
        .iter()
        .filter_map(|id| sources.iter().find(|s| &s.id == id))
        .map(|s| SourceRef {
            id: s.id.clone(),
            title: s.title.clone(),
        })
        .collect()
}

/// The glossary's entries under their first letter, A to Z: readers look a word up, so the page
/// lists them alphabetically even though glossary.yaml keeps the order its authors chose.
#[derive(Debug, Serialize)]
struct GlossaryLetter<'a> {
    letter: String,
    /// The heading's id, `letter-a`.
    anchor: String,
    entries: Vec<&'a crate::content::GlossaryEntry>,
}

fn by_letter(glossary: &[crate::content::GlossaryEntry]) -> Vec<GlossaryLetter<'_>> {
    let sort_key = |term: &str| -> String {
        term.chars()
            .skip_while(|c| !c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut entries: Vec<_> = glossary.iter().collect();
    entries.sort_by(|a, b| {
        sort_key(&a.term)
            .cmp(&sort_key(&b.term))
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut letters: Vec<GlossaryLetter> = Vec::new();
    for entry in entries {
        let letter: String = sort_key(&entry.term)
            .chars()
            .next()
            .map_or_else(|| "#".to_string(), |c| c.to_uppercase().collect());
        match letters.last_mut() {
            Some(last) if last.letter == letter => last.entries.push(entry),
            _ => letters.push(GlossaryLetter {
                anchor: match letter.as_str() {
                    "#" => "letter-other".to_string(),
                    l => format!("letter-{}", l.to_lowercase()),
                },
                letter,
                entries: vec![entry],
            }),
        }
    }
    letters
}

/// `en-GB` → `en_GB`, the form Open Graph wants.
fn og_locale(language: &str) -> String {
    language.replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_locale_uses_an_underscore() {
        assert_eq!(og_locale("en-GB"), "en_GB");
        assert_eq!(og_locale("fr"), "fr");
    }
}
