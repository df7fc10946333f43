//! The output is deterministic, `check` writes nothing, and the summary line tells the truth.

use crate::common;

use std::fs;

fn html_pages(tree: &common::Tree) -> usize {
    tree.keys().filter(|p| p.ends_with(".html")).count()
}

/// The number written just before `word` in `line` ("0 warnings" → 0).
fn count_before(line: &str, word: &str) -> Option<u64> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == word)?;
    words
        .get(at.checked_sub(1)?)?
        .trim_start_matches('(')
        .parse()
        .ok()
}

/// The warning count of a summary line ("0 warnings", "1 warning").
fn warnings_in(line: &str) -> Option<u64> {
    count_before(line, "warnings").or_else(|| count_before(line, "warning"))
}

fn warning_lines(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .count()
}

/// A guide's own template may loop over a map (`words`, a section of guide.yaml): Tera then
/// visits its keys in the map's own order, which must not change from one build to the next.
#[test]
fn a_template_looping_over_a_map_gives_the_same_page_each_build() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::repo_root().join("tests/fixtures/shins"),
        dir.path(),
    );
    fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
    let nav = "<nav class=\"site-nav\" aria-label=\"Sections\"><p id=\"keys\">\
               {% for key, text in words.search %}{{ key }} {% endfor %}\
               {% for key in words.emergency | keys %}{{ key }} {% endfor %}</p></nav>\n";
    fs::write(dir.path().join("templates/partials/nav.html"), nav).unwrap();
    let keys = |n: usize| -> String {
        let out = dir.path().join(format!("public-{n}"));
        let built = common::build(dir.path(), &out);
        let (stdout, stderr) = common::output_text(&built);
        assert!(built.status.success(), "{stdout}\n{stderr}");
        let page = common::read(&out, "index.html");
        let start = page.find("<p id=\"keys\">").expect("the loop's paragraph");
        let end = start + page[start..].find("</p>").unwrap();
        page[start..end].to_string()
    };
    let first = keys(0);
    // Many keys (words.search has over a dozen), so a shuffled order would show.
    assert!(first.split_whitespace().count() > 12, "{first}");
    for n in 1..4 {
        assert_eq!(keys(n), first, "build {n} visited the map in another order");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = common::build_real_guide();
    let (_b, second) = common::build_real_guide();
    let (first, second) = (common::tree(&first), common::tree(&second));
    assert!(
        html_pages(&first) >= 30,
        "only {} pages",
        html_pages(&first)
    );
    let only_one: Vec<&String> = first
        .keys()
        .filter(|k| !second.contains_key(*k))
        .chain(second.keys().filter(|k| !first.contains_key(*k)))
        .collect();
    assert!(only_one.is_empty(), "files in one build only: {only_one:?}");
    let differ: Vec<&String> = first
        .iter()
        .filter(|(path, bytes)| second[*path] != **bytes)
        .map(|(path, _)| path)
        .collect();
    assert!(
        differ.is_empty(),
        "files that differ between builds: {differ:?}"
    );
}

#[test]
fn check_writes_nothing_and_says_what_it_checked() {
    let dir = common::copy_of_the_guide();
    let before = common::tree(dir.path());
    // From inside the root with the default --root, and from elsewhere with --root.
    let runs = [
        common::backguide_in(dir.path(), &["check"]),
        common::backguide(&["check", "--root", dir.path().to_str().unwrap()]),
    ];
    for output in runs {
        let (stdout, stderr) = common::output_text(&output);
        assert!(output.status.success(), "check failed:\n{stdout}{stderr}");
        let line = stdout.trim();
        assert_eq!(line.lines().count(), 1, "one summary line: {stdout}");
        assert!(line.starts_with("checked "), "{line}");
        assert!(
            count_before(line, "pages").is_some_and(|n| n >= 30),
            "{line}"
        );
        assert_eq!(
            warnings_in(line),
            Some(warning_lines(&stderr) as u64),
            "{line}\n{stderr}"
        );
        assert!(
            line.ends_with(" ms") && count_before(line, "ms").is_some(),
            "{line}"
        );
    }
    let after = common::tree(dir.path());
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .chain(before.keys().filter(|k| !after.contains_key(*k)))
        .collect();
    assert!(changed.is_empty(), "check changed files: {changed:?}");
}

#[test]
fn build_prints_one_true_summary_line() {
    let dir = common::copy_of_the_guide();
    let out = dir.path().join("out");
    let output = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&output);
    assert!(output.status.success(), "build failed:\n{stdout}{stderr}");
    let line = stdout.trim();
    assert_eq!(line.lines().count(), 1, "one summary line: {stdout}");
    assert!(line.starts_with("built "), "{line}");

    // Pages: at least one per topic, section, and the home, about, glossary and sources pages;
    // at most the HTML files written (a download such as the single-file guide may not count).
    let written = common::tree(&out);
    let pages = count_before(line, "pages").expect("a page count") as usize;
    let content = common::tree(&dir.path().join("content"));
    let topics = content
        .keys()
        .filter(|p| p.contains('/') && p.ends_with(".md"))
        .count();
    let sections = content
        .keys()
        .filter(|p| p.ends_with("/_section.yaml"))
        .count();
    assert!(
        topics >= 20 && sections >= 5,
        "{topics} topics, {sections} sections"
    );
    let at_least = topics + sections + 4;
    assert!(
        (at_least..=html_pages(&written)).contains(&pages),
        "{line}: expected from {at_least} to {} pages",
        html_pages(&written)
    );
    // `check` counts the same pages.
    let check = common::backguide(&["check", "--root", dir.path().to_str().unwrap()]);
    let check_line = String::from_utf8_lossy(&check.stdout);
    assert_eq!(
        count_before(&check_line, "pages"),
        Some(pages as u64),
        "{line}\n{check_line}"
    );
    // Warnings: the number of warning lines printed.
    assert_eq!(
        warnings_in(line),
        Some(warning_lines(&stderr) as u64),
        "{line}\n{stderr}"
    );
    // Time: a number of milliseconds, last.
    assert!(
        line.ends_with(" ms") && count_before(line, "ms").is_some(),
        "{line}"
    );
}

#[test]
fn summary_counts_warnings() {
    // A stray top-level file is ignored with a warning; the summary must count it.
    let dir = common::copy_of_the_guide();
    fs::write(dir.path().join("content/notes.txt"), "draft").unwrap();
    let out = dir.path().join("out");
    let output = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&output);
    assert!(output.status.success(), "build failed:\n{stdout}{stderr}");
    assert!(
        stderr.contains("warning: content/notes.txt"),
        "no warning for content/notes.txt:\n{stderr}"
    );
    let line = stdout.trim();
    let printed = warning_lines(&stderr) as u64;
    assert!(printed >= 1);
    assert_eq!(warnings_in(line), Some(printed), "{line}\n{stderr}");
}

/// The folders `--out` may replace: one that does not exist, an empty one, and an earlier build
/// (whose pages that are no longer made go). The manifest that marks a build lists every file,
/// is the same for the same input, and is not part of the site: not zipped, not in the sitemap.
#[test]
fn out_replaces_only_a_new_empty_or_earlier_build_folder() {
    let dir = common::copy_of_the_guide();
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let output = common::build(dir.path(), &empty);
    assert!(
        output.status.success(),
        "{:?}",
        common::output_text(&output)
    );
    let first = common::tree(&empty);
    let manifest = common::read(&empty, ".backguide-manifest");
    let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    let files: Vec<&str> = first
        .keys()
        .map(String::as_str)
        .filter(|p| !p.ends_with('/') && *p != ".backguide-manifest")
        .collect();
    assert_eq!(listed, files, "the manifest lists every file, sorted");

    // An earlier build with one more topic is replaced whole: the topic's page goes.
    let extra = dir.path().join("content/causes/extra-topic.md");
    let doms = common::read(dir.path(), "content/causes/doms.md");
    fs::write(&extra, doms.replacen("title: ", "title: Extra ", 1)).unwrap();
    let output = common::build(dir.path(), &empty);
    assert!(
        output.status.success(),
        "{:?}",
        common::output_text(&output)
    );
    assert!(empty.join("causes/extra-topic.html").is_file());
    fs::remove_file(&extra).unwrap();
    let output = common::build(dir.path(), &empty);
    assert!(
        output.status.success(),
        "{:?}",
        common::output_text(&output)
    );
    assert_eq!(
        common::tree(&empty),
        first,
        "the same input gives the same folder"
    );

    let zip = fs::read(empty.join("downloads/back-pain-after-working-out-offline.zip")).unwrap();
    assert!(
        !String::from_utf8_lossy(&zip).contains("backguide-manifest"),
        "the zip holds the manifest"
    );
    let new = dir.path().join("new/site");
    let output = common::build(dir.path(), &new);
    assert!(
        output.status.success(),
        "{:?}",
        common::output_text(&output)
    );
    assert_eq!(common::tree(&new), first);
}

/// A staging folder left by a build that was killed is deleted by the next build when it is
/// backguide's; a folder that only looks like one is left alone, with a warning.
#[test]
fn a_killed_builds_staging_folder_is_cleaned_up_only_when_ours() {
    let dir = common::copy_of_the_guide();
    let out = dir.path().join("public");
    let stopped = u32::MAX - 1; // no such process
    let ours = dir.path().join(format!(".public.building-{stopped}"));
    let theirs = dir.path().join(format!(".public.building-{}", stopped - 1));
    fs::create_dir_all(ours.join("causes")).unwrap();
    fs::write(ours.join("causes/doms.html"), "half a page").unwrap();
    fs::write(
        ours.join(".backguide-manifest"),
        "# Written by backguide: a build in progress. If no build is running, the next one deletes it.\n",
    )
    .unwrap();
    fs::create_dir_all(&theirs).unwrap();
    fs::write(theirs.join("notes.txt"), "mine").unwrap();
    let output = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(!ours.exists(), "the stopped build's folder is still there");
    assert_eq!(common::read(&theirs, "notes.txt"), "mine");
    assert!(
        stderr.contains(&format!("warning: {}: left alone", theirs.display())),
        "{stderr}"
    );
    assert_eq!(
        warnings_in(stdout.trim()),
        Some(warning_lines(&stderr) as u64)
    );
}

/// A 400-character title builds: the downloads, named from the title, get a name cut at a word.
#[test]
fn a_very_long_title_builds_with_short_download_names() {
    let dir = common::copy_of_the_guide();
    let guide = dir.path().join("content/guide.yaml");
    let text = fs::read_to_string(&guide).unwrap();
    let title = "Back pain after working out and what to do ".repeat(10);
    let line = text.lines().find(|l| l.starts_with("title: ")).unwrap();
    fs::write(
        &guide,
        text.replacen(line, &format!("title: {}", title.trim()), 1),
    )
    .unwrap();
    let out = dir.path().join("public");
    let output = common::build(dir.path(), &out);
    assert!(
        output.status.success(),
        "{:?}",
        common::output_text(&output)
    );
    let names: Vec<String> = fs::read_dir(out.join("downloads"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.ends_with("-offline.zip")) && names.iter().all(|n| n.len() <= 80),
        "{names:?}"
    );
}
