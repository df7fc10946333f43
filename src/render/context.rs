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
use crate::util::names::{download_links, source_to_output, DownloadLinks};
use crate::util::paths::root_prefix;
use crate::util::url::not_found_root;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
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
pub fn site_context(content: &Content) -> SiteContext {
    SiteContext {
        site: Value::from_serializable(&site_ctx(content)),
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
    checked: &Checked,
    tera: &Tera,
    site: &SiteContext,
    emit: &EmitPage,
) -> Result<usize, Diagnostics> {
    let titles = page_titles(content);
    let words = &content.words;
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
    let timeline = timeline(&content.sections, &content.words);
    let order = reading_order(content);
    let md = MarkdownRenderer {
        index: &checked.index,
        terms: &terms,
    };

    let mut pages: Vec<PageCtx> = Vec::new();
    pages.push(PageCtx {
        kind: "home",
        path: "index.html".into(),
        title: content.guide.title.clone(),
        summary: content.guide.description.clone(),
        content: md.render_yaml_text(&content.guide.intro, "guide.yaml", "index.html"),
        next: order.first().map(|p| titles[p].clone()),
        ..PageCtx::default()
    });
    let position = positions(&order);
    for section in &content.sections {
        pages.push(section_page(section, &md, &titles, &position, &timeline));
    }
    pages.push(about_page(&content.about, &md, &titles, checked));
    pages.push(PageCtx {
        kind: "glossary",
        path: "glossary.html".into(),
        title: words.get("glossary", "title").into(),
        summary: words.get("glossary", "summary").into(),
        breadcrumbs: vec![home_crumb(&titles)],
        ..PageCtx::default()
    });
    pages.push(PageCtx {
        kind: "sources",
        path: "sources.html".into(),
        title: words.get("sources", "title").into(),
        summary: words.get("sources", "summary").into(),
        breadcrumbs: vec![home_crumb(&titles)],
        ..PageCtx::default()
    });
    // GitHub Pages serves this for a missing page at any depth: see `util::url::not_found_root`.
    pages.push(PageCtx {
        kind: "404",
        path: "404.html".into(),
        title: words.get("not_found", "title").into(),
        summary: words.get("not_found", "summary").into(),
        ..PageCtx::default()
    });

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
    let mut errors: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|page| render_and_emit(page).err())
        .collect();
    // The topics are most of the work: each is rendered from Markdown to its page and handed on
    // in one step, on every core, so only the pages in flight are in memory.
    let topics: Vec<(&Section, &Page)> = content
        .sections
        .iter()
        .flat_map(|s| s.topics.iter().map(move |t| (s, t)))
        .collect();
    errors.par_extend(topics.par_iter().filter_map(|(section, topic)| {
        let page = topic_page(
            topic,
            section,
            &md,
            &titles,
            &position,
            checked,
            &content.guide,
        );
        render_and_emit(&page).err()
    }));

    if !errors.is_empty() {
        let mut diags = Diagnostics::default();
        errors.into_iter().for_each(|e| diags.error(e));
        diags.sort();
        return Err(diags);
    }
    Ok(pages.len() + topics.len())
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

fn site_ctx(content: &Content) -> SiteCtx<'_> {
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
            more: source_to_output(&g.emergency.more),
        },
        care: g.care.as_ref(),
        sections: content
            .sections
            .iter()
            .map(|s| LinkCtx {
                title: s.settings.title.clone(),
                path: format!("{}/index.html", s.slug),
                summary: s.settings.summary.clone(),
            })
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

/// Title and summary of every page, by output path.
fn page_titles(content: &Content) -> HashMap<String, LinkCtx> {
    let mut titles = HashMap::new();
    let mut add = |path: String, title: &str, summary: &str| {
        titles.insert(
            path.clone(),
            LinkCtx {
                title: title.into(),
                path,
                summary: summary.into(),
            },
        );
    };
    add(
        "index.html".into(),
        content.words.get("page", "home"),
        &content.guide.description,
    );
    for s in &content.sections {
        add(
            format!("{}/index.html", s.slug),
            &s.settings.title,
            &s.settings.summary,
        );
        for t in &s.topics {
            add(t.output_path(), &t.fields.title, &t.fields.summary);
        }
    }
    add(
        "about.html".into(),
        &content.about.fields.title,
        &content.about.fields.summary,
    );
    titles
}

/// Section index pages and topics, in reading order, as output paths.
fn reading_order(content: &Content) -> Vec<String> {
    content
        .sections
        .iter()
        .flat_map(|s| {
            std::iter::once(format!("{}/index.html", s.slug))
                .chain(s.topics.iter().map(Page::output_path))
        })
        .collect()
}

/// Where each page is in the reading order, so finding a page's neighbours is a lookup rather
/// than a search of the whole order (which made the build quadratic in the number of pages).
struct Positions<'a> {
    order: &'a [String],
    index: HashMap<&'a str, usize>,
}

fn positions(order: &[String]) -> Positions<'_> {
    Positions {
        order,
        index: order
            .iter()
            .enumerate()
            .rev() // the first occurrence wins, as `position` did
            .map(|(i, p)| (p.as_str(), i))
            .collect(),
    }
}

fn neighbours(
    position: &Positions,
    path: &str,
    titles: &HashMap<String, LinkCtx>,
) -> (Option<LinkCtx>, Option<LinkCtx>) {
    let order = position.order;
    let Some(&i) = position.index.get(path) else {
        return (None, None);
    };
    let prev = if i == 0 {
        Some("index.html")
    } else {
        order.get(i - 1).map(String::as_str)
    };
    let next = order.get(i + 1).map(String::as_str);
    (
        prev.map(|p| titles[p].clone()),
        next.map(|p| titles[p].clone()),
    )
}

fn home_crumb(titles: &HashMap<String, LinkCtx>) -> LinkCtx {
    titles["index.html"].clone()
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

fn links_to(
    paths: impl IntoIterator<Item = String>,
    titles: &HashMap<String, LinkCtx>,
) -> Vec<LinkCtx> {
    paths
        .into_iter()
        .filter_map(|p| titles.get(&p).cloned())
        .collect()
}

fn backlinks_of(path: &str, checked: &Checked, titles: &HashMap<String, LinkCtx>) -> Vec<LinkCtx> {
    checked
        .backlinks
        .get(path)
        .map(|set| links_to(set.iter().cloned(), titles))
        .unwrap_or_default()
}

fn section_page<'a>(
    section: &'a Section,
    md: &MarkdownRenderer,
    titles: &HashMap<String, LinkCtx>,
    position: &Positions,
    timeline: &'a Option<Timeline>,
) -> PageCtx<'a> {
    let path = format!("{}/index.html", section.slug);
    let source = format!("{}/_section.yaml", section.slug);
    let (prev, next) = neighbours(position, &path, titles);
    let has_causes = section
        .topics
        .iter()
        .any(|t| matches!(t.fields.kind, TopicKind::Cause { .. }));
    PageCtx {
        kind: "section",
        title: section.settings.title.clone(),
        summary: section.settings.summary.clone(),
        content: md.render(&section.settings.intro, &section.intro, &source, &path),
        breadcrumbs: vec![home_crumb(titles)],
        prev,
        next,
        topics: section
            .topics
            .iter()
            .map(|t| TopicCard {
                title: &t.fields.title,
                path: t.output_path(),
                summary: &t.fields.summary,
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
    md: &MarkdownRenderer,
    titles: &HashMap<String, LinkCtx>,
    position: &Positions,
    checked: &Checked,
    guide: &crate::content::GuideSettings,
) -> PageCtx<'a> {
    let path = topic.output_path();
    let (prev, next) = neighbours(position, &path, titles);
    let section_link = titles[&format!("{}/index.html", section.slug)].clone();
    PageCtx {
        kind: "topic",
        title: topic.fields.title.clone(),
        summary: topic.fields.summary.clone(),
        content: md.render(&topic.body, &topic.analysis, &topic.source, &path),
        toc: toc(&topic.analysis),
        breadcrumbs: vec![home_crumb(titles), section_link.clone()],
        prev,
        next,
        related: links_to(
            topic.fields.related.iter().map(|r| source_to_output(r)),
            titles,
        ),
        backlinks: backlinks_of(&path, checked, titles),
        section: Some(section_link),
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
    md: &MarkdownRenderer,
    titles: &HashMap<String, LinkCtx>,
    checked: &Checked,
) -> PageCtx<'a> {
    let path = "about.html".to_string();
    PageCtx {
        kind: "about",
        title: about.fields.title.clone(),
        summary: about.fields.summary.clone(),
        content: md.render(&about.body, &about.analysis, &about.source, &path),
        toc: toc(&about.analysis),
        breadcrumbs: vec![home_crumb(titles)],
        backlinks: backlinks_of(&path, checked, titles),
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
