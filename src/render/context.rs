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
use crate::util::memo::{Key, Keyer};
use crate::util::names::{download_links, DownloadLinks};
use crate::util::paths::root_prefix;
use crate::util::url::not_found_root;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeSet;
use tera::{Context, Tera, Value};

/// Pages with at least this many headings get a table of contents.
const TOC_MIN_HEADINGS: usize = 4;

/// Receives each rendered page (output path, HTML) as soon as it is made, from any thread:
/// holding every page until the end would hold the whole site in memory.
pub type EmitPage<'a> = dyn Fn(&str, String, Option<Key>) -> Result<(), Diagnostic> + Sync + 'a;

/// For `serve`: pages made before, by the key of everything they were made from.
pub struct Reuse<'a> {
    /// A key of the templates: each page's key includes it.
    pub templates: Key,
    /// Write again the page at this path if it was made from inputs with this key; false if
    /// it must be made. Each page rendered is emitted with its key, for the next build.
    pub page: &'a (dyn Fn(&str, &Key) -> Result<bool, Diagnostic> + Sync + 'a),
}

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
    sections: Vec<LinkCtx<'a>>,
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
struct LinkCtx<'a> {
    title: &'a str,
    path: &'a str,
    summary: &'a str,
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
    breadcrumbs: Vec<LinkCtx<'a>>,
    prev: Option<LinkCtx<'a>>,
    next: Option<LinkCtx<'a>>,
    related: Vec<LinkCtx<'a>>,
    backlinks: Vec<LinkCtx<'a>>,
    section: Option<LinkCtx<'a>>,
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
    let site = site_ctx(content, pages);
    SiteContext {
        // Keyed from the structs: a Tera value's maps may serialize in any order.
        key: Keyer::new("site").json(&site).json(&content.words).finish(),
        site: Value::from_serializable(&site),
        words: Value::from_serializable(&content.words),
    }
}

/// What every template sees besides its own page: `site` (the guide's settings, as templates
/// read them) and `words` (the interface words). Made once, and handed to each renderer.
#[derive(Debug, Clone)]
pub struct SiteContext {
    site: Value,
    words: Value,
    /// A key of both, for [`Reuse`].
    pub(crate) key: Key,
}

impl SiteContext {
    pub fn insert_into(&self, ctx: &mut Context) {
        for (key, value) in self.values() {
            ctx.insert_value(key, value);
        }
    }

    /// What [`SiteContext::insert_into`] inserts, under its keys.
    pub fn values(&self) -> [(&'static str, tera::Value); 2] {
        [("site", self.site.clone()), ("words", self.words.clone())]
    }
}

/// Render every page and hand each to `emit`; returns how many pages there were. Templates see
/// `site` and `words` (from [`site_context`]), `page` and `root` (the `../` prefix to the site root).
/// With `reuse`, a page whose inputs are those of a page made before is written again as it
/// was instead of being rendered. With `only`, just the pages at those positions of the table
/// are rendered (`serve`, after an edit that changed only them).
#[allow(clippy::too_many_arguments)]
pub fn render_site(
    content: &Content,
    pages: &Pages,
    checked: &Checked,
    tera: &Tera,
    site: &SiteContext,
    emit: &EmitPage,
    reuse: Option<&Reuse>,
    only: Option<&std::collections::BTreeSet<usize>>,
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
    let terms = TermMatcher::new(glossary_needles.iter().copied());
    let wanted = |position: &usize| only.is_none_or(|only| only.contains(position));
    // Only the section pages show the timeline, which reads every topic.
    let any_section =
        (pages.iter().enumerate()).any(|(i, p)| matches!(p.kind, Kind::Section(_)) && wanted(&i));
    let timeline = match any_section {
        true => timeline(&content.sections, pages, &content.words),
        false => None,
    };
    let md = MarkdownRenderer {
        index: &checked.index,
        terms: &terms,
    };
    let lists = ListsCtx {
        glossary: &content.glossary,
        sources: &content.sources,
    };
    // What every page's key starts from: the templates, `site` and `words`, the glossary
    // terms that Markdown links, the glossary and sources pages' lists, and the base URL (the
    // 404 page's root).
    let common = reuse.map(|reuse| {
        let mut k = Keyer::new("page");
        k.key(&reuse.templates).key(&site.key);
        glossary_needles.iter().for_each(|(term, id)| {
            k.text(term).text(id);
        });
        k.json(lists.glossary)
            .json(lists.sources)
            .json(&content.guide.base_url);
        k
    });
    let intro_analysis = markdown::analyze(&content.guide.intro, 1);

    // Every page but the topics, which are rendered below, one step each.
    let mut topics: Vec<(&Section, &Page, &Entry)> = Vec::new();
    let mut others: Vec<(PageCtx, Option<Markdown>)> = Vec::new();
    let plain = |kind, entry: &Entry| PageCtx {
        kind,
        path: entry.output.clone(),
        title: entry.title.clone(),
        summary: entry.summary.clone(),
        ..PageCtx::default()
    };
    for (_, entry) in pages.iter().enumerate().filter(|(i, _)| wanted(i)) {
        match entry.kind {
            Kind::Home => others.push((
                PageCtx {
                    next: pages.neighbours(entry).1.map(link),
                    ..plain("home", entry)
                },
                Some(Markdown {
                    text: &content.guide.intro,
                    digest: None,
                    analysis: &intro_analysis,
                    source: "guide.yaml",
                }),
            )),
            Kind::Section(i) => {
                let section = &content.sections[i];
                others.push(section_page(section, i, entry, pages, &timeline));
            }
            Kind::Topic { section, topic } => {
                let section = &content.sections[section];
                topics.push((section, &section.topics[topic], entry));
            }
            Kind::About => others.push(about_page(&content.about, entry, pages, checked)),
            Kind::Glossary => others.push((
                PageCtx {
                    breadcrumbs: vec![link(pages.home())],
                    ..plain("glossary", entry)
                },
                None,
            )),
            Kind::Sources => others.push((
                PageCtx {
                    breadcrumbs: vec![link(pages.home())],
                    ..plain("sources", entry)
                },
                None,
            )),
            // GitHub Pages serves this for a missing page at any depth: see
            // `util::url::not_found_root`.
            Kind::NotFound => others.push((plain("404", entry), None)),
            // `decision::render` writes them.
            Kind::Decide | Kind::DecisionNode(_) | Kind::Flowchart | Kind::DecisionList => {}
        }
    }

    let render_and_emit =
        |mut page: PageCtx, markdown: Option<Markdown>| -> Result<(), Diagnostic> {
            let root = match page.kind {
                "404" => not_found_root(content.guide.base_url.as_deref()),
                _ => root_prefix(&page.path),
            };
            // The page's key: everything below that the page is made from. Its Markdown is keyed
            // by its text and where each of its links leads, not by the HTML, which is not made yet.
            let key = match (&common, reuse) {
                (Some(common), Some(reuse)) => {
                    let mut k = common.clone();
                    k.value(&page).text(&root);
                    if let Some(m) = &markdown {
                        match m.digest {
                            Some(digest) => k.key(digest),
                            None => k.text(m.text),
                        };
                        k.text(m.source);
                        k.value(&md.hrefs(m, &page.path));
                    }
                    let key = k.finish();
                    if (reuse.page)(&page.path, &key)? {
                        return Ok(());
                    }
                    Some(key)
                }
                _ => None,
            };
            if let Some(m) = &markdown {
                page.content = md.render(m.text, m.analysis, m.source, &page.path);
            }
            let mut ctx = Context::new();
            site.insert_into(&mut ctx);
            ctx.insert("page", &page);
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
            emit(&page.path, html, key)
        };
    let count = others.len() + topics.len();
    let mut errors: Vec<Diagnostic> = others
        .into_par_iter()
        .filter_map(|(page, markdown)| render_and_emit(page, markdown).err())
        .collect();
    // The topics are most of the work: each is rendered from Markdown to its page and handed on
    // in one step, on every core, so only the pages in flight are in memory.
    errors.par_extend(topics.par_iter().filter_map(|(section, topic, entry)| {
        let (page, markdown) = topic_page(topic, section, entry, pages, checked, &content.guide);
        render_and_emit(page, Some(markdown)).err()
    }));

    if !errors.is_empty() {
        let mut diags = Diagnostics::default();
        errors.into_iter().for_each(|e| diags.error(e));
        diags.sort();
        return Err(diags);
    }
    Ok(count)
}

/// The pages this module makes that show the table's entry at `position` (its title, label or
/// summary): the page itself, the home and section pages (their lists, and the timeline of
/// causes), its neighbours in the reading order, the topics that list it as related, and the
/// pages whose backlinks it is among. Keep in step with what the contexts above read of the
/// table. The decision pages, which name pages too, are made by `decision::render`.
pub fn readers_of(
    content: &Content,
    pages: &Pages,
    checked: &Checked,
    position: usize,
) -> BTreeSet<usize> {
    let entry = pages.at(position);
    let mut readers: BTreeSet<usize> = [Some(position), entry.prev, entry.next]
        .into_iter()
        .flatten()
        .collect();
    readers.extend(
        (pages.iter().enumerate())
            .filter(|(_, p)| matches!(p.kind, Kind::Home | Kind::Section(_)))
            .map(|(i, _)| i),
    );
    if let Some(source) = &entry.source {
        let related = (content.sections.iter())
            .flat_map(|s| &s.topics)
            .filter(|t| t.fields.related.contains(source))
            .filter_map(|t| pages.position_by_source(&t.source));
        readers.extend(related);
    }
    let shown_as_backlink = (checked.backlinks.iter())
        .filter(|(_, from)| from.contains(&entry.output))
        .filter_map(|(to, _)| pages.position_by_output(to));
    readers.extend(shown_as_backlink);
    readers
}

impl<'a> Markdown<'a> {
    /// The body of a topic or the about page.
    fn of_page(page: &'a Page) -> Markdown<'a> {
        Markdown {
            text: &page.body,
            digest: page.body_key.as_ref(),
            analysis: &page.analysis,
            source: &page.source,
        }
    }
}

/// A page's Markdown, rendered into `page.content` when the page is rendered.
struct Markdown<'a> {
    text: &'a str,
    /// A digest of `text`, when `serve` made one.
    digest: Option<&'a Key>,
    analysis: &'a Analysis,
    /// Its content-relative source, which its links are relative to.
    source: &'a str,
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
    /// The href a link to `dest` in `source`'s text gets on the page at `output`, or `None` to
    /// keep it as written.
    fn resolve(&self, source: &str, output: &str, dest: &str) -> Option<String> {
        match LinkIndex::classify(dest) {
            Ok(LinkKind::Internal(d)) => self
                .index
                .resolve(source, d)
                .ok()
                .map(|r| r.href_from(output)),
            _ => None,
        }
    }

    /// Where each link of `markdown` leads from `output`: with its text, all that its HTML
    /// depends on (the analysis lists every link and picture the renderer meets).
    fn hrefs(&self, markdown: &Markdown, output: &str) -> Vec<Option<String>> {
        (markdown.analysis.links.iter())
            .map(|link| self.resolve(markdown.source, output, &link.dest))
            .collect()
    }

    fn render(&self, text: &str, analysis: &Analysis, source: &str, output: &str) -> String {
        let resolve = |dest: &str| self.resolve(source, output, dest);
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
}

fn site_ctx<'a>(content: &'a Content, pages: &'a Pages) -> SiteCtx<'a> {
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
fn link(page: &Entry) -> LinkCtx<'_> {
    LinkCtx {
        title: &page.label,
        path: &page.output,
        summary: &page.summary,
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
fn links_to<'a, 'p>(
    paths: impl IntoIterator<Item = &'p String>,
    pages: &'a Pages,
) -> Vec<LinkCtx<'a>> {
    paths
        .into_iter()
        .filter_map(|p| pages.by_output(p).map(link))
        .collect()
}

fn backlinks_of<'a>(path: &str, checked: &Checked, pages: &'a Pages) -> Vec<LinkCtx<'a>> {
    checked
        .backlinks
        .get(path)
        .map(|set| links_to(set, pages))
        .unwrap_or_default()
}

fn section_page<'a>(
    section: &'a Section,
    i: usize,
    entry: &'a Entry,
    pages: &'a Pages,
    timeline: &'a Option<Timeline>,
) -> (PageCtx<'a>, Option<Markdown<'a>>) {
    let path = entry.output.clone();
    let source = entry.source.as_deref().unwrap_or_default();
    let (prev, next) = pages.neighbours(entry);
    let has_causes = section
        .topics
        .iter()
        .any(|t| matches!(t.fields.kind, TopicKind::Cause { .. }));
    let markdown = Markdown {
        text: &section.settings.intro,
        digest: None,
        analysis: &section.intro,
        source,
    };
    let page = PageCtx {
        kind: "section",
        title: entry.title.clone(),
        summary: entry.summary.clone(),
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
    };
    (page, Some(markdown))
}

fn topic_page<'a>(
    topic: &'a Page,
    section: &Section,
    entry: &Entry,
    pages: &'a Pages,
    checked: &Checked,
    guide: &crate::content::GuideSettings,
) -> (PageCtx<'a>, Markdown<'a>) {
    let path = entry.output.clone();
    let (prev, next) = pages.neighbours(entry);
    let section_link = pages.section_of(entry).map(link);
    let markdown = Markdown::of_page(topic);
    let page = PageCtx {
        kind: "topic",
        title: entry.title.clone(),
        summary: entry.summary.clone(),
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
    };
    (page, markdown)
}

fn about_page<'a>(
    about: &'a Page,
    entry: &Entry,
    pages: &'a Pages,
    checked: &Checked,
) -> (PageCtx<'a>, Option<Markdown<'a>>) {
    let path = entry.output.clone();
    let markdown = Markdown::of_page(about);
    let page = PageCtx {
        kind: "about",
        title: entry.title.clone(),
        summary: entry.summary.clone(),
        toc: toc(&about.analysis),
        breadcrumbs: vec![link(pages.home())],
        backlinks: backlinks_of(&path, checked, pages),
        sources: source_refs(about, &checked.sources),
        path,
        ..PageCtx::default()
    };
    (page, Some(markdown))
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
