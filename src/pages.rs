//! The page table: every page of the site, once, built after loading. Each page's source, output
//! path, title, summary, anchors and place in the reading order are worked out here and only
//! here; links, navigation, the decision pages, search, the sitemap and the downloads read them.
//!
//! The entries are in the site's order, the one the single-file guide and the search index
//! list them in: home, each section's index page followed by its topics, the decision pages
//! (decide.html, each node's page in the order decision.yaml writes them with the start question
//! first, the flowchart, the list), about, the glossary, the sources, and 404.html.

use crate::content::Content;
use crate::decision::model::{NodeKind, Tree};
use crate::markdown::Analysis;
use crate::util::names::{
    node_page, section_page, source_to_output, DECISION_PAGE, FLOWCHART_PAGE, LIST_PAGE,
};
use std::collections::BTreeMap;
// Looked up for every link of every page; never read in their order.
use foldhash::HashMap;

/// What a page is, and where in the content model (or the tree) it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Home,
    /// The index page of `content.sections[i]`.
    Section(usize),
    /// `content.sections[section].topics[topic]`.
    Topic {
        section: usize,
        topic: usize,
    },
    About,
    Glossary,
    Sources,
    /// 404.html: a web server's page, which nothing links to.
    NotFound,
    /// decide.html, which runs the tree.
    Decide,
    /// The no-JavaScript page of `tree.nodes[i]`.
    DecisionNode(usize),
    Flowchart,
    /// The tree as a nested list, the flowchart's text alternative.
    DecisionList,
}

impl Kind {
    /// One of the decision tool's pages.
    pub fn is_decision(self) -> bool {
        matches!(
            self,
            Kind::Decide | Kind::DecisionNode(_) | Kind::Flowchart | Kind::DecisionList
        )
    }
}

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub kind: Kind,
    /// The content-relative file a link in the content names to reach this page
    /// (`causes/doms.md`, `causes/_section.yaml`, `guide.yaml`, `decision.yaml`), if any.
    pub source: Option<String>,
    /// Site-root-relative: `causes/doms.html`.
    pub output: String,
    /// The page's own title, as its `<h1>` and `<title>` say.
    pub title: String,
    /// What links, breadcrumbs and prev/next call the page: its title, except the home page,
    /// which they call by the interface word ("Home").
    pub label: String,
    pub summary: String,
    /// The ids a link may name after `#`, each with its heading's text where it is a heading
    /// of the content (`None` for glossary and source entries, and headings a template writes).
    pub anchors: BTreeMap<String, Option<String>>,
    /// For a topic, the position in the table of its section's index page.
    pub section: Option<usize>,
    /// Positions in the table of the pages before and after this one in the reading order
    /// (home, then each section's index page and its topics), where it has a place in it.
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// Every page of the site, in the site's order, with lookups by output path and by source.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    pages: Vec<Page>,
    by_output: HashMap<String, usize>,
    by_source: HashMap<String, usize>,
    /// Output paths given to more than one page: (the first page's position, the later one's).
    clashes: Vec<(usize, usize)>,
}

impl Pages {
    /// The table of `content`, with the pages of `tree` when the guide has one. When
    /// decision.yaml is there but could not be loaded, decide.html is still listed (untitled),
    /// so that links to it are not reported besides the tree's own errors.
    pub fn new(content: &Content, tree: Option<&Tree>) -> Pages {
        let words = &content.words;
        let guide = &content.guide;
        let mut pages = vec![Page {
            label: words.get("page", "home").to_string(),
            ..page(
                Kind::Home,
                Some("guide.yaml"),
                "index.html",
                &guide.title,
                &guide.description,
            )
        }];
        for (i, section) in content.sections.iter().enumerate() {
            let s = &section.settings;
            let source = format!("{}/_section.yaml", section.slug);
            let output = section_page(&section.slug);
            pages.push(
                page(
                    Kind::Section(i),
                    Some(&source),
                    &output,
                    &s.title,
                    &s.summary,
                )
                .with_anchors(headings(&section.intro)),
            );
            for (j, topic) in section.topics.iter().enumerate() {
                let kind = Kind::Topic {
                    section: i,
                    topic: j,
                };
                pages.push(topic_page(kind, topic));
            }
        }
        // The reading order is the table's first entries: home, then the sections.
        let reading_len = pages.len();
        let mut section_at = None;
        for (i, page) in pages.iter_mut().enumerate() {
            page.prev = i.checked_sub(1);
            page.next = (i + 1 < reading_len).then_some(i + 1);
            match page.kind {
                Kind::Section(_) => section_at = Some(i),
                Kind::Topic { .. } => page.section = section_at,
                _ => {}
            }
        }

        let anchor = |id: &str| BTreeMap::from([(id.to_string(), None)]);
        if content.decision.is_some() {
            let (title, summary) = tree.map_or((String::new(), String::new()), |t| {
                (t.title.clone(), first_sentence(&t.intro))
            });
            let source = Some("decision.yaml");
            pages.push(
                page(Kind::Decide, source, DECISION_PAGE, &title, &summary)
                    .with_anchors(anchor("how-this-works")),
            );
        }
        if let Some(tree) = tree {
            let start = tree.nodes.iter().position(|n| n.id == tree.start);
            let rest = (0..tree.nodes.len()).filter(|&i| Some(i) != start);
            for i in start.into_iter().chain(rest) {
                let node = &tree.nodes[i];
                let title = match &node.kind {
                    NodeKind::Question(q) => &q.text,
                    NodeKind::Outcome(o) => &o.title,
                };
                let output = node_page(&node.id);
                pages.push(page(
                    Kind::DecisionNode(i),
                    None,
                    &output,
                    title,
                    &tree.title,
                ));
            }
            let tool = [("tool", tree.title.as_str())];
            pages.push(page(
                Kind::Flowchart,
                None,
                FLOWCHART_PAGE,
                words.get("decide", "flowchart_title"),
                &words.fill("decide", "flowchart_summary", &tool),
            ));
            pages.push(
                page(
                    Kind::DecisionList,
                    None,
                    LIST_PAGE,
                    words.get("decide", "list_title"),
                    &words.fill("decide", "list_summary", &tool),
                )
                .with_anchors(anchor("results")),
            );
        }
        let (about, f) = (&content.about, &content.about.fields);
        let output = source_to_output(&about.source);
        pages.push(
            page(
                Kind::About,
                Some(&about.source),
                &output,
                &f.title,
                &f.summary,
            )
            .with_anchors(headings(&about.analysis)),
        );
        // The reference pages: each entry's id is an anchor.
        let glossary_ids = content.glossary.iter().map(|g| g.id.clone());
        let source_ids = content.sources.iter().map(|s| s.id.clone());
        for (kind, source, group, ids) in [
            (
                Kind::Glossary,
                "glossary.yaml",
                "glossary",
                glossary_ids.collect::<Vec<_>>(),
            ),
            (
                Kind::Sources,
                "sources.yaml",
                "sources",
                source_ids.collect(),
            ),
        ] {
            let output = source.replace(".yaml", ".html");
            pages.push(
                page(
                    kind,
                    Some(source),
                    &output,
                    words.get(group, "title"),
                    words.get(group, "summary"),
                )
                .with_anchors(ids.into_iter().map(|id| (id, None)).collect()),
            );
        }
        pages.push(page(
            Kind::NotFound,
            None,
            "404.html",
            words.get("not_found", "title"),
            words.get("not_found", "summary"),
        ));
        Pages::from_pages(pages)
    }

    fn from_pages(pages: Vec<Page>) -> Pages {
        let mut table = Pages {
            pages,
            ..Pages::default()
        };
        for (i, page) in table.pages.iter().enumerate() {
            match table.by_output.get(&page.output) {
                Some(&first) => table.clashes.push((first, i)),
                None => {
                    table.by_output.insert(page.output.clone(), i);
                }
            }
            if let Some(source) = &page.source {
                table.by_source.entry(source.clone()).or_insert(i);
            }
        }
        table
    }

    /// Every page, in the site's order.
    pub fn iter(&self) -> std::slice::Iter<'_, Page> {
        self.pages.iter()
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// The page at a position of the table (as `prev`, `next` and `section` give them).
    pub fn at(&self, position: usize) -> &Page {
        &self.pages[position]
    }

    /// The page written to `output` (`causes/doms.html`).
    pub fn by_output(&self, output: &str) -> Option<&Page> {
        self.by_output.get(output).map(|&i| &self.pages[i])
    }

    /// The page a link to the content file `source` (`causes/doms.md`) reaches.
    pub fn by_source(&self, source: &str) -> Option<&Page> {
        self.by_source.get(source).map(|&i| &self.pages[i])
    }

    /// Make the entry of the topic at `position` again from `topic`, edited in place (its
    /// title, say) without moving in the reading order: the entry is then the one a table
    /// made afresh would have (`serve`, patching the site after an edit).
    pub fn remake_topic(&mut self, position: usize, topic: &crate::content::Page) {
        let old = &self.pages[position];
        debug_assert_eq!(old.source.as_deref(), Some(topic.source.as_str()));
        self.pages[position] = Page {
            section: old.section,
            prev: old.prev,
            next: old.next,
            ..topic_page(old.kind, topic)
        };
    }

    /// Where in the table the page [`Pages::by_output`] finds is.
    pub fn position_by_output(&self, output: &str) -> Option<usize> {
        self.by_output.get(output).copied()
    }

    /// Where in the table the page [`Pages::by_source`] finds is.
    pub fn position_by_source(&self, source: &str) -> Option<usize> {
        self.by_source.get(source).copied()
    }

    /// The first page of a kind: `find(Kind::About)`.
    pub fn find(&self, kind: Kind) -> Option<&Page> {
        self.pages.iter().find(|p| p.kind == kind)
    }

    /// The topics of `content.sections[section]`, in reading order.
    pub fn topics_of(&self, section: usize) -> impl Iterator<Item = &Page> {
        self.pages
            .iter()
            .filter(move |p| matches!(p.kind, Kind::Topic { section: s, .. } if s == section))
    }

    /// The home page.
    pub fn home(&self) -> &Page {
        &self.pages[0]
    }

    /// The pages before and after `page` in the reading order.
    pub fn neighbours(&self, page: &Page) -> (Option<&Page>, Option<&Page>) {
        (page.prev.map(|i| self.at(i)), page.next.map(|i| self.at(i)))
    }

    /// The index page of a topic's section.
    pub fn section_of(&self, page: &Page) -> Option<&Page> {
        page.section.map(|i| self.at(i))
    }

    /// Pages whose output path an earlier page of the table already has: (the earlier page, the
    /// later one). Empty for any guide that builds; the build reports each as an error.
    pub fn clashes(&self) -> impl Iterator<Item = (&Page, &Page)> {
        self.clashes
            .iter()
            .map(|&(first, later)| (self.at(first), self.at(later)))
    }
}

/// A page with no anchors and no place in the reading order, called by its title.
fn topic_page(kind: Kind, topic: &crate::content::Page) -> Page {
    let (f, output) = (&topic.fields, topic.output_path());
    page(kind, Some(&topic.source), &output, &f.title, &f.summary)
        .with_anchors(headings(&topic.analysis))
}

fn page(kind: Kind, source: Option<&str>, output: &str, title: &str, summary: &str) -> Page {
    Page {
        kind,
        source: source.map(str::to_string),
        output: output.to_string(),
        title: title.to_string(),
        label: title.to_string(),
        summary: summary.to_string(),
        anchors: BTreeMap::new(),
        section: None,
        prev: None,
        next: None,
    }
}

impl Page {
    fn with_anchors(self, anchors: BTreeMap<String, Option<String>>) -> Page {
        Page { anchors, ..self }
    }
}

/// The ids of a Markdown text's headings, with their text.
fn headings(analysis: &Analysis) -> BTreeMap<String, Option<String>> {
    analysis
        .headings
        .iter()
        .map(|h| (h.id.clone(), Some(h.text.clone())))
        .collect()
}

/// The first sentence of a Markdown text, as plain words, for the meta description.
fn first_sentence(markdown: &str) -> String {
    let text = crate::markdown::plain_text(markdown);
    let text = text.trim();
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.lines().next().unwrap_or("").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This repository's guide, and its tree.
    fn real_guide() -> (Content, Tree) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (content, _) = crate::content::load(root).expect("the guide loads");
        let tree = crate::decision::load(content.decision.as_ref().expect("it has a tree"))
            .expect("its tree loads");
        (content, tree)
    }

    fn outputs<'a>(pages: impl Iterator<Item = &'a Page>) -> Vec<&'a str> {
        pages.map(|p| p.output.as_str()).collect()
    }

    #[test]
    fn the_reading_order_is_home_then_each_section_and_its_topics() {
        let (content, tree) = real_guide();
        let pages = Pages::new(&content, Some(&tree));
        let mut expected = vec!["index.html".to_string()];
        for section in &content.sections {
            expected.push(format!("{}/index.html", section.slug));
            expected.extend(section.topics.iter().map(|t| t.output_path()));
        }
        // Follow `next` from home to the end.
        let mut walked = vec![pages.home()];
        while let (_, Some(next)) = pages.neighbours(walked.last().unwrap()) {
            walked.push(next);
        }
        assert_eq!(outputs(walked.iter().copied()), expected);
        // `prev` walks it back, and the home page has none.
        for pair in walked.windows(2) {
            assert_eq!(pages.neighbours(pair[1]).0, Some(pair[0]));
        }
        assert_eq!(pages.home().prev, None);
        assert_eq!(pages.home().label, "Home");
        assert_eq!(pages.home().title, content.guide.title);
        // Pages outside the reading order have no neighbours.
        for page in pages.iter().filter(|p| !expected.contains(&p.output)) {
            assert_eq!((page.prev, page.next), (None, None), "{}", page.output);
        }
        // Each topic knows its section's index page.
        let doms = pages.by_source("causes/doms.md").unwrap();
        assert_eq!(doms.output, "causes/doms.html");
        assert_eq!(pages.section_of(doms).unwrap().output, "causes/index.html");
        assert!(doms.anchors.values().all(Option::is_some));
        assert_eq!(
            pages.by_source("causes/_section.yaml").unwrap().output,
            "causes/index.html"
        );
    }

    #[test]
    fn the_decision_pages_follow_the_tree_start_first_then_as_written() {
        let (content, mut tree) = real_guide();
        // Write the start question last: its page still comes first.
        let start = tree.nodes.iter().position(|n| n.id == tree.start).unwrap();
        let node = tree.nodes.remove(start);
        tree.nodes.push(node);
        let pages = Pages::new(&content, Some(&tree));
        let decision: Vec<&str> = outputs(pages.iter().filter(|p| p.kind.is_decision()));
        let mut expected = vec![DECISION_PAGE.to_string(), node_page(&tree.start)];
        expected.extend(
            (tree.nodes.iter())
                .filter(|n| n.id != tree.start)
                .map(|n| node_page(&n.id)),
        );
        expected.extend([FLOWCHART_PAGE.to_string(), LIST_PAGE.to_string()]);
        assert_eq!(decision, expected);
        // The site's order: the sections, the decision pages, then the reference pages.
        let kinds: Vec<Kind> = pages.iter().map(|p| p.kind).collect();
        let first_decision = kinds.iter().position(|k| k.is_decision()).unwrap();
        let last_decision = kinds.iter().rposition(|k| k.is_decision()).unwrap();
        assert!(matches!(kinds[first_decision - 1], Kind::Topic { .. }));
        assert_eq!(
            kinds[last_decision + 1..],
            [Kind::About, Kind::Glossary, Kind::Sources, Kind::NotFound]
        );
        let decide = pages.by_source("decision.yaml").unwrap();
        assert_eq!(decide.output, DECISION_PAGE);
        assert_eq!(decide.title, tree.title);
    }

    #[test]
    fn every_page_has_its_own_output_path() {
        let (content, tree) = real_guide();
        let pages = Pages::new(&content, Some(&tree));
        let mut seen = std::collections::BTreeSet::new();
        for page in pages.iter() {
            assert!(seen.insert(&page.output), "{} twice", page.output);
            assert_eq!(pages.by_output(&page.output), Some(page));
        }
        assert_eq!(pages.clashes().count(), 0);
        // 3 reference pages, home, 404, and the five decision pages beside the nodes.
        let topics: usize = content.sections.iter().map(|s| s.topics.len()).sum();
        assert_eq!(
            pages.len(),
            1 + content.sections.len() + topics + 3 + 1 + 3 + tree.nodes.len()
        );

        // A topic written where a decision page goes is a clash, named with both pages.
        let mut clashing = content.clone();
        let mut topic = (*clashing.sections[0].topics[0]).clone();
        topic.source = "decide/flowchart.md".into();
        clashing.sections[0].topics.push(std::sync::Arc::new(topic));
        let pages = Pages::new(&clashing, Some(&tree));
        let clashes: Vec<(&str, &str)> = pages
            .clashes()
            .map(|(a, b)| (a.source.as_deref().unwrap_or(""), b.output.as_str()))
            .collect();
        assert_eq!(clashes, [("decide/flowchart.md", FLOWCHART_PAGE)]);
    }

    #[test]
    fn without_a_loaded_tree_only_decide_html_is_listed() {
        let (content, _) = real_guide();
        let pages = Pages::new(&content, None);
        let decision: Vec<&str> = outputs(pages.iter().filter(|p| p.kind.is_decision()));
        assert_eq!(decision, [DECISION_PAGE]);
        let mut without = content.clone();
        without.decision = None;
        let pages = Pages::new(&without, None);
        assert!(!pages.iter().any(|p| p.kind.is_decision()));
    }
}
