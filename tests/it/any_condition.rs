//! One binary for any condition guide: a second guide on another subject (tests/fixtures/shins:
//! its own folder names and findings, no templates/ or static/) builds from the built-in theme
//! and no page says "back" or "workout"; `backguide init` writes a guide that builds at once
//! and says on every page that it is a placeholder; a guide's own template or static file
//! overrides the built-in one.

use crate::common;
use std::fs;
use std::path::Path;

/// Every text file of a built site, by path (the zip is skipped: its pages are the same pages).
fn text_files(site: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_some_and(|e| e == "zip") {
            continue;
        }
        let rel = path
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        files.push((rel, fs::read_to_string(path).unwrap()));
    }
    files
}

/// The reader-facing files: pages, the search index and the decision data. The built-in
/// scripts and stylesheet are code, not words (decide.js says "Back" in a comment).
fn reader_files(site: &Path) -> Vec<(String, String)> {
    text_files(site)
        .into_iter()
        .filter(|(p, _)| {
            [".html", ".svg", ".xml", ".json", ".txt"]
                .iter()
                .any(|e| p.ends_with(e))
                || p == "search-index.js"
        })
        .collect()
}

/// The whole words of `text`, lowercased.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn build_copy(fixture: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(fixture, dir.path());
    let out = dir.path().join("public");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.is_empty(), "warnings: {stderr}");
    (dir, out)
}

#[test]
fn a_guide_on_another_subject_builds_with_the_built_in_theme_and_never_says_back_or_workout() {
    let fixture = common::repo_root().join("tests/fixtures/shins");
    assert!(!fixture.join("templates").exists() && !fixture.join("static").exists());
    let (_dir, out) = build_copy(&fixture);

    // Its own folders and its own findings.
    for page in [
        "why-it-hurts/index.html",
        "sore-or-hurt/where-it-hurts.html",
        "staying-well/build-up-slowly.html",
        "get-help/emergency-signs.html",
        "decide/call-now.html",
        "style.css",
        "decide.js",
    ] {
        assert!(out.join(page).is_file(), "{page} was not built");
    }
    let decision = common::read(&out, "decision.json");
    for id in ["cold_pale_foot", "cannot_stand", "one_spot"] {
        assert!(decision.contains(id), "decision.json lacks {id}");
    }
    // Its own words for the interface reached the pages.
    assert!(common::read(&out, "why-it-hurts/index.html").contains("after a run"));

    let files = reader_files(&out);
    assert!(files.len() > 20, "only {} files", files.len());
    let mut found = Vec::new();
    for (path, text) in &files {
        // In a page: the text shown, and the labels a screen reader says.
        let text = if path.ends_with(".html") {
            let labels: Vec<&str> = text
                .split("aria-label=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .collect();
            format!(
                "{} {}",
                common::linkcheck::visible_text(text),
                labels.join(" ")
            )
        } else {
            text.clone()
        };
        for w in words(&text) {
            if ["back", "backs", "workout", "workouts"].contains(&w.as_str()) {
                found.push(format!("{path}: {w}"));
            }
        }
    }
    found.dedup();
    assert!(found.is_empty(), "pages that say it:\n{}", found.join("\n"));
}

/// The built-in interface words name no body part, activity or health service: "back" only
/// as the way back, in the few labels a guide on backs or any other subject rewords alike.
#[test]
fn the_built_in_words_say_nothing_about_backs_workouts_or_a_health_service() {
    let text = fs::read_to_string(common::repo_root().join("templates/words.yaml")).unwrap();
    let navigation = ["back", "back_to", "bad_link", "single_back", "note"];
    let mut key = "";
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        // A line of a block text (`note: |-`) belongs to the key above it.
        if !line.starts_with("    ") {
            key = line.trim_start().split(':').next().unwrap_or_default();
        }
        for w in words(line) {
            assert!(
                ![
                    "workout",
                    "workouts",
                    "spine",
                    "gp",
                    "nhs",
                    "999",
                    "111",
                    "physiotherapist"
                ]
                .contains(&w.as_str()),
                "templates/words.yaml says `{w}`: {line}"
            );
            if w == "back" {
                assert!(navigation.contains(&key), "templates/words.yaml: {line}");
            }
        }
    }
}

#[test]
fn init_writes_a_guide_that_builds_at_once_and_says_on_every_page_it_is_a_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("knee-guide");
    let made = common::backguide(&["init", guide.to_str().unwrap()]);
    let (stdout, stderr) = common::output_text(&made);
    assert!(made.status.success(), "{stdout}\n{stderr}");
    assert!(!guide.join("templates").exists() && !guide.join("static").exists());

    let strict = common::backguide(&["--root", guide.to_str().unwrap(), "check", "--strict"]);
    let (stdout, stderr) = common::output_text(&strict);
    assert!(strict.status.success(), "{stdout}\n{stderr}");

    let out = dir.path().join("site");
    let built = common::build(&guide, &out);
    assert!(built.status.success());
    let mut pages = 0;
    for (path, html) in text_files(&out)
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        pages += 1;
        let text = common::linkcheck::visible_text(html);
        assert!(
            text.contains("This is a placeholder guide made by backguide init"),
            "{path} does not say it is a placeholder"
        );
    }
    // One section of each kind with a topic, the decision pages, and the rest.
    assert!(pages >= 20, "only {pages} pages");
    for kind_page in [
        "causes/placeholder-cause.html",
        "telling-apart/placeholder-sign.html",
        "getting-better/placeholder-step.html",
        "prevention/placeholder-habit.html",
        "warning-signs/placeholder-warning-sign.html",
        "more/placeholder-page.html",
        "decide/how-it-feels.html",
    ] {
        assert!(out.join(kind_page).is_file(), "{kind_page} was not built");
    }

    // A second init into the same folder is refused and changes nothing.
    let before = common::tree(&guide);
    let again = common::backguide(&["init", guide.to_str().unwrap()]);
    assert!(!again.status.success());
    assert_eq!(common::tree(&guide), before);
}

#[test]
fn a_guides_own_template_and_static_file_override_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::repo_root().join("tests/fixtures/shins"),
        dir.path(),
    );
    fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
    fs::create_dir_all(dir.path().join("static")).unwrap();
    let nav = "<nav class=\"site-nav\" aria-label=\"Sections\"><p>Our own nav</p></nav>\n";
    fs::write(dir.path().join("templates/partials/nav.html"), nav).unwrap();
    fs::write(
        dir.path().join("static/style.css"),
        "body { color: #222; }\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    assert!(common::read(&out, "index.html").contains("Our own nav"));
    assert!(common::read(&out, "about.html").contains("Our own nav"));
    let css = common::read(&out, "style.css");
    assert!(
        css.contains("#222") && !css.contains("--emergency"),
        "{css}"
    );
    assert!(out.join("logo.svg").is_file());
    // The files not overridden are the built-in ones.
    let built_in = fs::read(common::repo_root().join("static/decide.js")).unwrap();
    let published = backguide::publish::published_static("decide.js", built_in);
    assert_eq!(
        common::read(&out, "decide.js").as_bytes(),
        published.as_slice()
    );
}
