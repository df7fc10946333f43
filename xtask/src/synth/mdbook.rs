//! The synthetic guide as an mdBook: one chapter per topic, nested under a chapter per section.
//!
//! mdBook has no front matter, so each chapter starts with the title, summary and typed fields
//! written as Markdown, then the same body, then the related pages and sources as links. mdBook
//! rewrites relative `.md` links to `.html` itself, so the links stay exactly as written.
//! Search and the print page are turned off: backguide builds neither.

use super::{
    about_body, first_in, section_intro, section_title, write_file, Guide, Value, INTRO, SECTIONS,
    SOURCES,
};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

pub fn write(guide: &Guide, dir: &Path) -> io::Result<()> {
    let n = guide.topics.len();
    write_file(
        &dir.join("book.toml"),
        &format!(
            "[book]\ntitle = \"Back pain after working out: {n} topics\"\nlanguage = \"en\"\n\
             src = \"src\"\n\n[output.html]\n\n[output.html.search]\nenable = false\n\n\
             [output.html.print]\nenable = false\n"
        ),
    )?;
    let src = dir.join("src");
    let mut summary = String::from("# Summary\n\n[Home](index.md)\n\n");
    write_file(&src.join("index.md"), &format!("# Home\n\n{INTRO}\n"))?;
    for section in SECTIONS {
        let title = section_title(section);
        let _ = writeln!(summary, "- [{title}]({section}/index.md)");
        let first = &guide.topics[first_in(guide, section)];
        write_file(
            &src.join(section).join("index.md"),
            &format!("# {title}\n\n{}\n", section_intro(first)),
        )?;
        for t in guide.topics.iter().filter(|t| t.section == section) {
            let _ = writeln!(summary, "  - [{}]({})", t.title, t.path());
        }
    }
    let _ = writeln!(summary, "- [About this guide](about.md)");
    let _ = writeln!(summary, "- [Glossary](glossary.md)");
    let _ = writeln!(summary, "- [Sources](sources.md)");
    write_file(&src.join("SUMMARY.md"), &summary)?;

    write_file(
        &src.join("about.md"),
        &format!("# About this guide\n\n{}", about_body(guide)),
    )?;
    let mut glossary = String::from("# Glossary\n\n");
    for t in &guide.glossary {
        let _ = write!(glossary, "## {}\n\n{}\n\n", t.term, t.definition);
    }
    write_file(&src.join("glossary.md"), &glossary)?;
    let mut sources = String::from("# Sources\n\n");
    for (_, title) in SOURCES {
        let _ = writeln!(sources, "- {title}");
    }
    write_file(&src.join("sources.md"), &sources)?;

    for t in &guide.topics {
        let mut text = format!("# {}\n\n*{}*\n\n", t.title, t.summary);
        for (key, value) in &t.fields {
            let _ = writeln!(text, "- **{key}**: {}", plain(value));
        }
        text.push('\n');
        text.push_str(&t.body);
        text.push_str("\n**Related:** ");
        let related: Vec<String> = t
            .related
            .iter()
            .map(|&j| {
                let r = &guide.topics[j];
                let href = if r.section == t.section {
                    format!("{}.md", r.slug)
                } else {
                    format!("../{}", r.path())
                };
                format!("[{}]({href})", r.title)
            })
            .collect();
        text.push_str(&related.join(", "));
        let _ = writeln!(text, "\n\n**Based on:** {}", t.sources.join(", "));
        write_file(&src.join(t.path()), &text)?;
    }
    Ok(())
}

fn plain(value: &Value) -> String {
    match value {
        Value::Str(s) => s.clone(),
        Value::List(items) => items.join("; "),
        Value::Hours { from, to } => format!("{from} to {to} hours after the workout"),
    }
}
