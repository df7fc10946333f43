//! `backguide new <section>/<name>`: write a topic with the fields its section needs and a
//! placeholder body, so an author starts from a page that builds.

use crate::content::{SectionKind, SectionSettings};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::fs;
use std::path::Path;

/// `causes/hip-flexor-strain`, checked.
#[derive(Debug, Clone)]
pub struct TopicPath {
    pub section: String,
    pub name: String,
}

/// A section folder and a topic name, each lowercase words joined by hyphens; `.md` optional.
pub fn parse_topic_path(text: &str) -> Result<TopicPath, String> {
    let path = text.strip_suffix(".md").unwrap_or(text);
    let Some((section, name)) = path.split_once('/') else {
        return Err(format!(
            "`{text}` names no section: write SECTION/NAME, such as causes/{}",
            suggest(path)
        ));
    };
    for (what, part) in [("section", section), ("name", name)] {
        if !is_name(part) {
            return Err(format!(
                "the {what} `{part}` is not lowercase words joined by hyphens; try `{}/{}`",
                suggest(section),
                suggest(name)
            ));
        }
    }
    Ok(TopicPath {
        section: section.into(),
        name: name.into(),
    })
}

/// `hip-flexor-strain`: lowercase letters and digits, in words joined by single hyphens.
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The name to use instead: `Hip Flexor strain!` → `hip-flexor-strain`.
fn suggest(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "new-topic".into()
    } else {
        words.join("-")
    }
}

/// A value that loads for each section field, with a comment saying what to write.
fn placeholder(field: &str) -> &'static str {
    match field {
        "onset" => "during  # or { from_hours: 12, to_hours: 72 }",
        "feels_like" => "[how it feels, in a few words]",
        "soreness" => "How this sign looks when it is muscle soreness.",
        "injury" => "How this sign looks when it may be an injury.",
        "when" => "every-day  # first-48-hours, later or every-day",
        "phase" => "before  # before, during, after or between",
        "tier" => "routine  # emergency, urgent or routine",
        "signs" => "[a symptom, in plain words]",
        _ => "\"\"  # fill this in",
    }
}

pub fn run(root: &Path, topic: &TopicPath) -> Result<String, Diagnostics> {
    let content = root.join("content");
    let section_dir = content.join(&topic.section);
    if !section_dir.join("_section.yaml").is_file() {
        let mut sections: Vec<String> = fs::read_dir(&content)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().join("_section.yaml").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        sections.sort();
        return Err(Diagnostic::new(
            format!("content/{}/", topic.section),
            format!(
                "there is no such section (a folder with a _section.yaml); the sections are: {}",
                sections.join(", ")
            ),
        )
        .into());
    }
    let kind = section_kind(root, &topic.section)?;
    let shown = format!("content/{}/{}.md", topic.section, topic.name);
    let path = section_dir.join(format!("{}.md", topic.name));
    let text = topic_text(topic, kind);
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
    match written {
        Ok(()) => Ok(format!(
            "wrote {shown}: fill in its fields and body, then run backguide check"
        )),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Diagnostic::new(
            shown,
            "this topic exists already; it was left as it was. Choose another name, or edit it",
        )
        .into()),
        Err(e) => Err(Diagnostic::new(shown, format!("cannot write the file: {e}")).into()),
    }
}

/// The `kind:` of the section's `_section.yaml`, which says what fields a new topic needs.
fn section_kind(root: &Path, section: &str) -> Result<SectionKind, Diagnostics> {
    let shown = format!("content/{section}/_section.yaml");
    let file = crate::content::read_source(&shown, &root.join(&shown))?;
    let settings: SectionSettings = crate::yaml::parse(&file.text, &shown, 1)?;
    SectionKind::parse(&settings.kind).ok_or_else(|| {
        Diagnostic::at(
            &shown,
            crate::yaml::key_line(&file.text, "kind").unwrap_or(1),
            format!(
                "unknown section kind `{}`; run backguide check for the kinds",
                settings.kind
            ),
        )
        .into()
    })
}

/// The new topic: front matter with every field its section's kind needs, then a placeholder
/// body.
fn topic_text(topic: &TopicPath, kind: SectionKind) -> String {
    let mut title = topic.name.replace('-', " ");
    if let Some(first) = title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let mut text =
        format!("---\ntitle: {title}\nsummary: One sentence that says what this page is about.\n");
    for field in kind.fields() {
        text.push_str(&format!("{field}: {}\n", placeholder(field)));
    }
    text.push_str(
        "---\nWrite this page in plain English: short sentences, the plain word first and the \
         medical term in brackets.\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercase_words_joined_by_hyphens() {
        let ok = parse_topic_path("causes/hip-flexor-strain").unwrap();
        assert_eq!(
            (ok.section.as_str(), ok.name.as_str()),
            ("causes", "hip-flexor-strain")
        );
        assert_eq!(parse_topic_path("causes/rest2.md").unwrap().name, "rest2");
        let refused = |text| parse_topic_path(text).unwrap_err();
        assert!(refused("causes/Hip Flexor").contains("try `causes/hip-flexor`"));
        assert!(refused("Causes/rest copy").contains("try `causes/rest-copy`"));
        assert!(refused("causes/~$rest").contains("try `causes/rest`"));
        assert!(refused("causes/a--b").contains("try `causes/a-b`"));
        assert!(refused("causes/").contains("`causes/new-topic`"));
        assert!(refused("hip-flexor").contains("causes/hip-flexor"));
    }

    #[test]
    fn every_section_field_has_a_placeholder() {
        for kind in SectionKind::ALL {
            for field in kind.fields() {
                assert!(!placeholder(field).contains("fill this in"), "{field}");
            }
        }
    }
}
