//! Reading `content/` from disk into the typed model.

use super::front_matter::{RawFrontMatter, SectionKind, TopicFields, TopicKind};
use super::settings::{GlossaryEntry, GuideSettings, SectionSettings, SourceEntry};
use super::{search_terms, words, Content, Lines, Page, Section, SourceFile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::util::memo::{Keyer, Memo};
use crate::{markdown, sources, yaml};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// Files `content/` may hold at its top level, besides the section folders.
const TOP_LEVEL_FILES: &[&str] = &[
    "guide.yaml",
    "glossary.yaml",
    "sources.yaml",
    "about.md",
    "decision.yaml",
    "search.yaml",
    "words.yaml",
];

/// Load `root/content`. Returns the model and its warnings, or every error found.
pub fn load(root: &Path) -> Result<(Content, Diagnostics), Diagnostics> {
    load_with(root, None)
}

/// The pages parsed by earlier loads, by their file's path, section and kind, with the text
/// each was parsed from: `serve` parses again only the files an edit changed.
pub type PageMemo = Memo<Arc<(String, SharedPage)>>;

/// A page, shared, and its warnings.
pub type SharedPage = (Arc<Page>, Vec<Diagnostic>);

/// [`load`], reusing the pages in `memo` whose files are unchanged.
pub fn load_with(
    root: &Path,
    memo: Option<&PageMemo>,
) -> Result<(Content, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let files = read_tree(root, &mut diags)?;

    let take = |name: &str| files.get(&format!("content/{name}"));
    let required = |name: &str, diags: &mut Diagnostics| {
        let file = take(name);
        if file.is_none() {
            diags.error(Diagnostic::new(
                format!("content/{name}"),
                "missing file: every guide needs it",
            ));
        }
        file
    };

    let guide_file = required("guide.yaml", &mut diags);
    let glossary_file = required("glossary.yaml", &mut diags);
    let sources_file = required("sources.yaml", &mut diags);
    let about_file = required("about.md", &mut diags);

    let guide = guide_file.and_then(|f| parse_yaml::<GuideSettings>(f, &mut diags));
    let glossary = glossary_file.and_then(|f| parse_yaml::<Vec<GlossaryEntry>>(f, &mut diags));
    let sources = sources_file.and_then(|f| parse_yaml::<Vec<SourceEntry>>(f, &mut diags));
    let about = about_file.and_then(|f| {
        match parse_remembered(memo, f, "about.md", "", SectionKind::General) {
            Ok((page, warnings)) => {
                warnings.into_iter().for_each(|w| diags.warn(w));
                Some(page)
            }
            Err(errors) => {
                errors.into_iter().for_each(|e| diags.error(e));
                None
            }
        }
    });

    // Which folders are sections, and which files are topics, follows from guide.yaml.
    let section_slugs: Vec<String> = guide
        .as_ref()
        .map(|g| g.sections.clone())
        .unwrap_or_default();
    // Without a parsed guide.yaml every folder would look unlisted; its own error is enough.
    if guide.is_some() {
        check_tree_shape(&files, &section_slugs, guide_file, &mut diags);
    }

    let sections: Vec<Section> = section_slugs
        .iter()
        .filter_map(|slug| load_section(slug, &files, memo, &mut diags))
        .collect();

    let search_terms = take("search.yaml").map(|f| search_terms::load(f, &mut diags));
    let words = words::load(take("words.yaml"), &mut diags);

    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    let guide_file = guide_file.expect("present when there are no errors");
    let content = Content {
        guide: guide.expect("parsed"),
        guide_lines: Lines::new(&guide_file.path, &guide_file.text, 1),
        sections,
        glossary: glossary.expect("parsed"),
        glossary_lines: glossary_file
            .map_or_else(Lines::default, |f| Lines::new(&f.path, &f.text, 1)),
        sources: sources.expect("parsed"),
        sources_lines: sources_file
            .map_or_else(Lines::default, |f| Lines::new(&f.path, &f.text, 1)),
        about: Arc::unwrap_or_clone(about.expect("parsed")),
        decision: take("decision.yaml").cloned(),
        search_terms: search_terms.unwrap_or_default(),
        words,
    };
    Ok((content, diags))
}

/// Every file under `content/`, read as UTF-8 text, keyed by its root-relative path.
fn read_tree(
    root: &Path,
    diags: &mut Diagnostics,
) -> Result<BTreeMap<String, SourceFile>, Diagnostics> {
    let Some(found) = sources::walk(root, "content")? else {
        return Err(Diagnostic::new(
            "content/",
            format!(
                "no content folder in {}: expected content/guide.yaml and the section folders",
                root.display()
            ),
        )
        .into());
    };

    let read: Vec<Result<SourceFile, Diagnostic>> = found
        .par_iter()
        .map(|file| read_text(&file.name, &file.path))
        .collect();
    let mut files = BTreeMap::new();
    for file in read {
        match file {
            Ok(file) => {
                files.insert(file.path.clone(), file);
            }
            Err(d) => diags.error(d),
        }
    }
    if diags.has_errors() {
        diags.sort();
        return Err(std::mem::take(diags));
    }
    Ok(files)
}

/// The file at `path`, found by [`sources::walk`] as `name`, as UTF-8 text.
pub fn read_text(name: &str, path: &Path) -> Result<SourceFile, Diagnostic> {
    let name = name.to_string();
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::new(&name, format!("cannot read: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.remove(0);
            }
            if text.contains('\r') {
                text = text.replace("\r\n", "\n");
            }
            Ok(SourceFile { path: name, text })
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..valid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            // Editors count characters, not bytes; everything before `valid` is UTF-8.
            let column = std::str::from_utf8(&bytes[line_start..valid])
                .map_or(valid - line_start, |s| s.chars().count())
                + 1;
            Err(Diagnostic::at(
                name,
                line,
                format!("not valid UTF-8 (byte {valid}): save the file as UTF-8"),
            )
            .with_column(Some(column)))
        }
    }
}

fn parse_yaml<T: DeserializeOwned>(file: &SourceFile, diags: &mut Diagnostics) -> Option<T> {
    match yaml::parse_with_warnings(&file.text, &file.path, 1) {
        Ok(parsed) => {
            parsed.warnings.into_iter().for_each(|w| diags.warn(w));
            Some(parsed.value)
        }
        Err(d) => {
            diags.error(d);
            None
        }
    }
}

/// Files and folders that are neither a known top-level file nor in a listed section, and
/// file names that break the naming rules.
fn check_tree_shape(
    files: &BTreeMap<String, SourceFile>,
    sections: &[String],
    guide: Option<&SourceFile>,
    diags: &mut Diagnostics,
) {
    let listed: BTreeSet<&str> = sections.iter().map(String::as_str).collect();
    let mut unlisted = BTreeSet::new();
    for path in files.keys() {
        let rel = path.strip_prefix("content/").unwrap_or(path);
        let parts: Vec<&str> = rel.split('/').collect();
        if parts.iter().any(|p| is_editor_or_os_file(p)) {
            continue;
        }
        match parts.as_slice() {
            [name] if TOP_LEVEL_FILES.contains(name) => {}
            [name] => match TOP_LEVEL_FILES.iter().find(|known| same_file_kind(name, known)) {
                Some(known) => diags.error(rename(path, known)),
                None => diags.warn(Diagnostic::new(
                    path,
                    format!("ignored: `{name}` is not one of {}", TOP_LEVEL_FILES.join(", ")),
                )),
            },
            [folder, name] if listed.contains(folder) => {
                match check_section_file_name(path, name) {
                    Ok(()) => {}
                    Err(Severity::Error(d)) => diags.error(d),
                    Err(Severity::Warning(d)) => diags.warn(d),
                }
            }
            [folder, _] => {
                unlisted.insert(folder.to_string());
            }
            [folder, ..] => diags.error(Diagnostic::new(
                path,
                format!("topics go directly in content/{folder}/; folders inside a section are not supported"),
            )),
            [] => {}
        }
    }
    for folder in unlisted {
        let line = guide.map_or(1, |g| yaml::key_line(&g.text, "sections").unwrap_or(1));
        diags.error(Diagnostic::at(
            "content/guide.yaml",
            line,
            format!(
                "folder content/{folder}/ is not listed in `sections`; add it there or remove it"
            ),
        ));
    }
}

/// Files that editors and operating systems leave beside the ones they save, never content:
/// hidden files (`.DS_Store`, Emacs' `.#doms.md` lock, Vim's `.doms.md.swp`), backups
/// (`doms.md~`, `#doms.md#`), and Windows' `Thumbs.db` and `desktop.ini`. They are skipped
/// without a word, so an open editor never changes what a build says.
fn is_editor_or_os_file(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// A file in a section folder: `_section.yaml`, or a topic named in lowercase words joined by
/// hyphens, ending in `.md`. `Err` holds an error (a name to change) or a warning (a file that
/// is not content).
fn check_section_file_name(path: &str, name: &str) -> Result<(), Severity> {
    if name == "_section.yaml" || is_topic_name(name) {
        return Ok(());
    }
    if same_file_kind(name, "_section.yaml") {
        return Err(Severity::Error(rename(path, "_section.yaml")));
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    if ["md", "markdown", "mdown", "mkd"].contains(&ext.to_ascii_lowercase().as_str()) {
        let suggested = slug(stem);
        let why = if ext != "md" {
            "a topic's file name ends in `.md` (lowercase)"
        } else {
            "a topic's file name is lowercase words joined by hyphens (it becomes the page's address)"
        };
        let to = if suggested.is_empty() {
            "a name such as `gentle-stretching.md`".to_string()
        } else {
            format!("`{suggested}.md`")
        };
        return Err(Severity::Error(Diagnostic::new(
            path,
            format!("file name `{name}`: {why}; rename it to {to}"),
        )));
    }
    Err(Severity::Warning(Diagnostic::new(
        path,
        "ignored: a section holds _section.yaml and .md topics only",
    )))
}

enum Severity {
    Error(Diagnostic),
    Warning(Diagnostic),
}

/// `gentle-stretching.md`, `doms.md`, `first-48-hours.md`.
fn is_topic_name(name: &str) -> bool {
    name.strip_suffix(".md").is_some_and(|stem| {
        !stem.is_empty()
            && stem.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    })
}

/// `Gentle Stretching` → `gentle-stretching`; `~$rest` → `rest`; `rest copy` → `rest-copy`.
fn slug(stem: &str) -> String {
    let lower = stem.to_lowercase();
    lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// `About.md` or `guide.yml` is meant to be `about.md` or `guide.yaml`.
fn same_file_kind(name: &str, known: &str) -> bool {
    let base = |n: &str| {
        let lower = n.to_ascii_lowercase();
        match lower.rsplit_once('.') {
            Some((stem, "yml" | "yaml")) => format!("{stem}.yaml"),
            Some((stem, "md" | "markdown" | "mdown" | "mkd")) => format!("{stem}.md"),
            _ => lower,
        }
    };
    name != known && base(name) == known
}

fn rename(path: &str, known: &str) -> Diagnostic {
    let name = path.rsplit('/').next().unwrap_or(path);
    Diagnostic::new(
        path,
        format!("file name `{name}`: rename it to `{known}` (names are lowercase, YAML files end in .yaml and topics in .md)"),
    )
}

fn load_section(
    slug: &str,
    files: &BTreeMap<String, SourceFile>,
    memo: Option<&PageMemo>,
    diags: &mut Diagnostics,
) -> Option<Section> {
    let settings_path = format!("content/{slug}/_section.yaml");
    let Some(settings_file) = files.get(&settings_path) else {
        diags.error(Diagnostic::new(
            &settings_path,
            format!("missing file: section `{slug}` is listed in content/guide.yaml, so it needs a _section.yaml (title, summary, intro)"),
        ));
        return None;
    };
    let settings = parse_yaml::<SectionSettings>(settings_file, diags);
    let kind = settings
        .as_ref()
        .and_then(|settings| section_kind(settings, settings_file, diags));

    let prefix = format!("content/{slug}/");
    let topic_files: Vec<&SourceFile> = files
        .range(prefix.clone()..)
        .take_while(|(path, _)| path.starts_with(&prefix))
        .filter(|(path, _)| is_topic_name(&path[prefix.len()..]))
        .map(|(_, file)| file)
        .collect();

    let parsed: Vec<Result<SharedPage, Vec<Diagnostic>>> = topic_files
        .par_iter()
        .map(|file| {
            let source = file.path.strip_prefix("content/").unwrap_or(&file.path);
            parse_remembered(
                memo,
                file,
                source,
                slug,
                kind.unwrap_or(SectionKind::General),
            )
        })
        .collect();
    let mut topics = Vec::with_capacity(parsed.len());
    for page in parsed {
        match page {
            Ok((page, warnings)) => {
                warnings.into_iter().for_each(|w| diags.warn(w));
                topics.push(page);
            }
            Err(errors) => errors.into_iter().for_each(|e| diags.error(e)),
        }
    }
    if topic_files.is_empty() {
        diags.error(Diagnostic::new(
            &prefix,
            "this section has no topics: add at least one .md file",
        ));
    }
    // Most urgent first, so a worried reader meets "call now" before "get help today"; then by
    // weight and file name. Only warning-sign topics carry a tier.
    let urgency = |page: &Arc<Page>| match page.fields.kind {
        TopicKind::WarningSign { tier, .. } => std::cmp::Reverse(Some(tier)),
        _ => std::cmp::Reverse(None),
    };
    topics.sort_by(|a, b| {
        urgency(a)
            .cmp(&urgency(b))
            .then_with(|| a.fields.weight.cmp(&b.fields.weight))
            .then_with(|| a.source.cmp(&b.source))
    });

    let settings = settings?;
    let kind = kind?;
    // The text of `intro: |` starts on the line after the key, as guide.yaml's intro does.
    let intro = markdown::analyze(
        &settings.intro,
        yaml::key_line(&settings_file.text, "intro").map_or(1, |line| line + 1),
    );
    Some(Section {
        slug: slug.to_string(),
        kind,
        settings,
        settings_lines: Lines::new(&settings_file.path, &settings_file.text, 1),
        intro,
        topics,
    })
}

/// The section's `kind:`, or an error at its line that lists the kinds (and the one meant).
fn section_kind(
    settings: &SectionSettings,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<SectionKind> {
    if let Some(kind) = SectionKind::parse(&settings.kind) {
        return Some(kind);
    }
    let written = settings.kind.as_str();
    let names: Vec<&str> = SectionKind::ALL.iter().map(|k| k.as_str()).collect();
    let near = names
        .iter()
        .map(|n| (strsim::levenshtein(&written.to_lowercase(), n), *n))
        .filter(|&(d, n)| d > 0 && d * 3 <= written.len().max(n.len()))
        .min()
        .map_or(String::new(), |(_, n)| format!("did you mean `{n}`? "));
    let line = yaml::key_line(&file.text, "kind").unwrap_or(1);
    diags.error(Diagnostic::at(
        &file.path,
        line,
        format!(
            "unknown section kind `{written}`: {near}a section's `kind` is one of {} (`general` for plain topics)",
            names.join(", ")
        ),
    ));
    None
}

/// Whether a build reads the file at `path` (root-relative) for what it is, whatever else is
/// in the folder: one of the top-level files or a section's `_section.yaml`. (Every other file
/// in `content/` is a topic, or warned about, or an editor's or system's file that is skipped.)
pub fn is_settings_file(path: &str) -> bool {
    let Some(rel) = path.strip_prefix("content/") else {
        return false;
    };
    match rel.split_once('/') {
        None => TOP_LEVEL_FILES.contains(&rel),
        Some((_, name)) => name == "_section.yaml",
    }
}

/// One topic's file read and parsed again, as [`load_with`] would in its section `section` of
/// kind `kind`: for `serve`, which patches the site when an edit leaves the rest of it as it
/// was (`site::patch_pages_for_serve`). `source` is content-relative (`causes/doms.md`). `None`
/// when the file, or a folder on its way, is not a plain file or folder any more (a link, say):
/// a full load then says what is wrong.
pub fn reload_topic(
    root: &Path,
    source: &str,
    section: &str,
    kind: SectionKind,
    memo: &PageMemo,
) -> Option<Result<SharedPage, Vec<Diagnostic>>> {
    let name = format!("content/{source}");
    let path = root.join(&name);
    let plain_folder = |dir: &Path| std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    let plain = plain_folder(&root.join("content"))
        && path.parent().is_some_and(plain_folder)
        && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
    if !plain {
        return None;
    }
    let file = match read_text(&name, &path) {
        Ok(file) => file,
        Err(error) => return Some(Err(vec![error])),
    };
    Some(parse_remembered(Some(memo), &file, source, section, kind))
}

pub type PageAndWarnings = (Page, Vec<Diagnostic>);

/// [`parse_page`], or what it gave for the same inputs last time. Pages with errors are not
/// remembered: they are reported afresh.
fn parse_remembered(
    memo: Option<&PageMemo>,
    file: &SourceFile,
    source: &str,
    section: &str,
    kind: SectionKind,
) -> Result<SharedPage, Vec<Diagnostic>> {
    let Some(memo) = memo else {
        return parse_page(file, source, section, kind).map(|(p, w)| (Arc::new(p), w));
    };
    let parse = || {
        let (mut page, warnings) = parse_page(file, source, section, kind)?;
        page.body_key = Some(Keyer::new("body").text(&page.body).finish());
        Ok::<SharedPage, Vec<Diagnostic>>((Arc::new(page), warnings))
    };
    // Keyed without the text, which is compared instead: cheaper than a digest of every file.
    let key = Keyer::new("page")
        .text(&file.path)
        .text(source)
        .text(section)
        .text(kind.as_str())
        .finish();
    if let Some(remembered) = memo.get(&key) {
        if remembered.0 == file.text {
            return Ok(remembered.1.clone());
        }
    }
    let parsed = parse()?;
    memo.put(key, Arc::new((file.text.clone(), parsed.clone())));
    Ok(parsed)
}

/// Split front matter from body and type both. Returns the page and its warnings.
fn parse_page(
    file: &SourceFile,
    source: &str,
    section: &str,
    kind: SectionKind,
) -> Result<PageAndWarnings, Vec<Diagnostic>> {
    let (front, body, body_line) = split_front_matter(file).map_err(|d| vec![d])?;
    let lines = Lines::new(&file.path, front, 2);
    let parsed: yaml::Parsed<RawFrontMatter> =
        yaml::parse_with_warnings(front, &file.path, 2).map_err(|d| vec![d])?;
    let fields = TopicFields::from_raw(parsed.value, section, kind, &lines)?;
    let body = body.to_string();
    let analysis = markdown::analyze(&body, body_line);
    let page = Page {
        source: source.to_string(),
        fields,
        front_matter: lines,
        body,
        body_line,
        analysis,
        body_key: None,
    };
    Ok((page, parsed.warnings))
}

/// `---\nfront\n---\nbody` → (front, body, file line the body starts on).
fn split_front_matter(file: &SourceFile) -> Result<(&str, &str, usize), Diagnostic> {
    let text = file.text.as_str();
    if text.trim().is_empty() {
        return Err(Diagnostic::at(
            &file.path,
            1,
            "empty topic file: expected front matter between `---` lines (title, summary, ...), then Markdown",
        ));
    }
    // The opening line may carry trailing spaces, like the closing one.
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let rest = (text[..first_line_end].trim_end() == "---").then(|| &text[first_line_end..]);
    let Some(rest) = rest else {
        return Err(Diagnostic::at(
            &file.path,
            1,
            "expected front matter: the first line must be `---`, followed by title and summary, and another `---`",
        ));
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((front, body, i + 3));
        }
        offset += line.len();
    }
    Err(Diagnostic::at(
        &file.path,
        1,
        "front matter is never closed: expected a second `---` line after the fields",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: "content/causes/x.md".into(),
            text: text.into(),
        }
    }

    #[test]
    fn front_matter_lines_count_from_the_top_of_the_file() {
        let f = file("---\ntitle: a\nsummary: b\n---\nbody\n");
        let (front, body, line) = split_front_matter(&f).unwrap();
        assert_eq!(front, "title: a\nsummary: b\n");
        assert_eq!(body, "body\n");
        assert_eq!(line, 5);
    }

    #[test]
    fn unknown_field_names_file_line_and_expected_fields() {
        let f = file("---\ntitle: a\ntitel: b\nsummary: c\n---\n");
        let errs = parse_page(&f, "causes/x.md", "causes", SectionKind::Causes).unwrap_err();
        let msg = errs[0].to_string();
        assert!(
            msg.starts_with("content/causes/x.md:3:1: unknown field `titel`"),
            "{msg}"
        );
        assert!(msg.contains("expected one of"), "{msg}");
    }

    #[test]
    fn a_field_of_another_section_is_refused() {
        let f =
            file("---\ntitle: a\nsummary: b\ntier: urgent\nonset: during\nfeels_like: [x]\n---\n");
        let errs = parse_page(&f, "causes/x.md", "causes", SectionKind::Causes).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].line, Some(4));
        assert!(
            errs[0]
                .message
                .contains("belongs to sections of kind warning-signs"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn a_missing_section_field_is_reported() {
        let f = file("---\ntitle: a\nsummary: b\nonset: during\n---\n");
        let errs = parse_page(&f, "causes/x.md", "causes", SectionKind::Causes).unwrap_err();
        assert!(
            errs[0]
                .message
                .contains("missing required field `feels_like`"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn opening_line_may_have_trailing_spaces() {
        let f = file("---  \ntitle: a\n---\nbody\n");
        let (front, _, line) = split_front_matter(&f).unwrap();
        assert_eq!(front, "title: a\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn a_wrong_type_is_explained_in_plain_words() {
        let f =
            file("---\ntitle: a\nsummary: b\nweight: ten\nonset: during\nfeels_like: [x]\n---\n");
        let errs = parse_page(&f, "causes/x.md", "causes", SectionKind::Causes).unwrap_err();
        assert!(
            errs[0].message.contains("expected a whole number"),
            "{}",
            errs[0]
        );
        assert_eq!(errs[0].line, Some(4));
    }

    #[test]
    fn empty_and_unclosed_files_are_errors() {
        assert!(split_front_matter(&file(""))
            .unwrap_err()
            .message
            .contains("empty topic file"));
        assert!(split_front_matter(&file("---\ntitle: a\n"))
            .unwrap_err()
            .message
            .contains("never closed"));
        assert!(split_front_matter(&file("# hi\n"))
            .unwrap_err()
            .message
            .contains("first line must be"));
    }
}
