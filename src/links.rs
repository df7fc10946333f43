//! Where every page and anchor is, and how a link written in the content resolves to one.
//!
//! Authors link to sources (`../causes/doms.md#when`), so links also work when the content is
//! browsed on GitHub. The checker uses this index to prove every link resolves; the renderer uses
//! it to write the relative `.html` href.

use crate::pages::{Kind, Pages};
use crate::util::paths::{join, parent, relative_href, split_fragment};
use std::collections::BTreeSet;
// Looked up for every link of every page; `nearest` ranks the names it is given, whatever their order.
use foldhash::HashMap;

/// A page of the built site that links can point at.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// Output path, e.g. `causes/doms.html`.
    pub output: String,
    pub anchors: BTreeSet<String>,
}

#[derive(Debug, Default)]
pub struct LinkIndex {
    /// The output path of each content-relative source path (`causes/doms.md`,
    /// `causes/_section.yaml`, `glossary.yaml`): the target itself is kept once, by output.
    by_source: HashMap<String, String>,
    /// By output path: `causes/doms.html`.
    by_output: HashMap<String, Target>,
}

/// A link that resolved: the page, and the fragment if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub output: String,
    pub fragment: Option<String>,
}

impl Resolved {
    /// The href to write on the page at `from_output`.
    pub fn href_from(&self, from_output: &str) -> String {
        let mut href = if self.output == from_output && self.fragment.is_some() {
            String::new()
        } else {
            relative_href(from_output, &self.output)
        };
        if let Some(f) = &self.fragment {
            href.push('#');
            href.push_str(f);
        }
        href
    }
}

/// A link written in content, classified.
pub enum LinkKind<'a> {
    /// `tel:` and `mailto:` links open the phone or mail app; nothing is fetched.
    App,
    Internal(&'a str),
}

impl LinkIndex {
    /// Every page of the table that links may point at: all but 404.html. A page is found by
    /// the content file a link names (`causes/doms.md`) or by its output path.
    pub fn new(pages: &Pages) -> Self {
        let mut index = LinkIndex::default();
        for page in pages.iter().filter(|p| p.kind != Kind::NotFound) {
            let target = Target {
                output: page.output.clone(),
                anchors: page.anchors.keys().cloned().collect(),
            };
            if let Some(source) = &page.source {
                index.by_source.insert(source.clone(), page.output.clone());
            }
            index.by_output.insert(page.output.clone(), target);
        }
        index
    }

    /// Register a page by its output path alone (for tests that check links without a guide).
    pub fn add_output(&mut self, output: &str, anchors: BTreeSet<String>) {
        self.by_output.insert(
            output.to_string(),
            Target {
                output: output.to_string(),
                anchors,
            },
        );
    }

    /// The output path of the page a link to the content file `source` reaches.
    pub fn output_of_source(&self, source: &str) -> Option<&str> {
        self.by_source.get(source).map(String::as_str)
    }

    fn target_of_source(&self, source: &str) -> Option<&Target> {
        self.by_source
            .get(source)
            .and_then(|o| self.by_output.get(o))
    }

    pub fn has_source(&self, source: &str) -> bool {
        self.by_source.contains_key(source)
    }

    /// Resolve `dest` as written in the file at content-relative `from_source`.
    pub fn resolve(&self, from_source: &str, dest: &str) -> Result<Resolved, String> {
        let (path, fragment) = split_fragment(dest);
        let target = if path.is_empty() {
            self.target_of_source(from_source)
        } else {
            if path.starts_with('/') {
                return Err(
                    "links must be relative paths to a .md file, not start with `/`".into(),
                );
            }
            let joined = join(parent(from_source), path)
                .ok_or("the path goes above content/; link to a topic inside content/")?;
            if !(joined.ends_with(".md") || joined.ends_with(".yaml")) {
                return Err(format!(
                    "link to `{path}`: expected the path of a .md topic (e.g. ../my-section/my-topic.md)"
                ));
            }
            self.target_of_source(&joined)
        };
        let target = target.ok_or_else(|| {
            let joined = join(parent(from_source), path).unwrap_or_default();
            let mut message = format!("no such page: {path}");
            if let Some(near) = self.nearest_source(&joined) {
                message.push_str(&format!(
                    "; did you mean {}?",
                    relative_source(from_source, near)
                ));
            }
            message
        })?;
        check_fragment(target, fragment)
    }

    /// The topic or page source most like `source` (a content-relative path), if one is close
    /// enough to be what was meant.
    pub fn nearest_source(&self, source: &str) -> Option<&str> {
        nearest(source, self.by_source.keys().map(String::as_str))
    }

    /// Resolve a site-root-relative output path such as `causes/doms.html#when`.
    pub fn resolve_output(&self, dest: &str) -> Result<Resolved, String> {
        let (path, fragment) = split_fragment(dest);
        if path.starts_with('/') || path.contains("://") {
            return Err(
                "expected a path relative to the site root, such as my-section/my-topic.html"
                    .into(),
            );
        }
        let target = self.by_output.get(path).ok_or_else(|| {
            match nearest(path, self.by_output.keys().map(String::as_str)) {
                Some(near) => format!("no such page: {path}; did you mean {near}?"),
                None => format!("no such page: {path}"),
            }
        })?;
        check_fragment(target, fragment)
    }

    pub fn classify(dest: &str) -> Result<LinkKind<'_>, String> {
        if dest.starts_with("tel:") || dest.starts_with("mailto:") {
            Ok(LinkKind::App)
        } else if dest.contains("://") || dest.starts_with("//") {
            Err("links to other websites are not allowed in the guide (it loads nothing from other hosts); list the site in content/sources.yaml instead".into())
        } else {
            Ok(LinkKind::Internal(dest))
        }
    }
}

/// The candidate most like `wanted` by edit distance (ignoring case), if it is close enough to
/// be a slip: at most a third of the longer name changed, and at most 8 characters.
pub fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .map(|c| (strsim::levenshtein(&wanted_lower, &c.to_lowercase()), c))
        .filter(|&(d, c)| d > 0 && d <= 8 && d * 3 <= wanted.len().max(c.len()))
        .min()
        .map(|(_, c)| c)
}

/// The path to write in `from`'s file to reach `to` (both content-relative sources):
/// `relative_source("causes/doms.md", "recovery/rest.md")` = `../recovery/rest.md`.
pub fn relative_source(from: &str, to: &str) -> String {
    let from_dir = parent(from);
    if from_dir.is_empty() {
        return to.to_string();
    }
    match to.strip_prefix(&format!("{from_dir}/")) {
        Some(same_folder) => same_folder.to_string(),
        None => format!("{}{to}", "../".repeat(from_dir.split('/').count())),
    }
}

fn check_fragment(target: &Target, fragment: Option<&str>) -> Result<Resolved, String> {
    if let Some(f) = fragment {
        if !target.anchors.contains(f) {
            if let Some(near) = nearest(f, target.anchors.iter().map(String::as_str)) {
                return Err(format!(
                    "no anchor `#{f}` in {}; did you mean #{near}?",
                    target.output
                ));
            }
            let known: Vec<&str> = target.anchors.iter().map(String::as_str).take(12).collect();
            return Err(format!(
                "no anchor `#{f}` in {}; its anchors are: {}",
                target.output,
                if known.is_empty() {
                    "(none)".to_string()
                } else {
                    known.join(", ")
                }
            ));
        }
    }
    Ok(Resolved {
        output: target.output.clone(),
        fragment: fragment.map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_page_fragment_is_bare() {
        let r = Resolved {
            output: "a/b.html".into(),
            fragment: Some("x".into()),
        };
        assert_eq!(r.href_from("a/b.html"), "#x");
        assert_eq!(r.href_from("c.html"), "a/b.html#x");
    }
}
