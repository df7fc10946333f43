//! The output is deterministic, `check` writes nothing, and the summary line tells the truth.

mod common;

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
