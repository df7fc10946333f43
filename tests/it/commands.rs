//! The command line: `--root` anywhere, help for every flag, `--strict`, `new` and `review`,
//! and review dates that change warnings but never the files built.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Output;

fn run_in(dir: &Path, args: &[&str]) -> (Output, String, String) {
    let output = common::backguide_in(dir, args);
    let (stdout, stderr) = common::output_text(&output);
    (output, stdout, stderr)
}

fn root_str(dir: &tempfile::TempDir) -> &str {
    dir.path().to_str().unwrap()
}

#[test]
fn root_is_one_flag_before_or_after_the_subcommand() {
    let dir = common::copy_of_the_guide();
    let elsewhere = tempfile::tempdir().unwrap();
    let root = root_str(&dir);
    for args in [
        ["-r", root, "check"],
        ["--root", root, "check"],
        ["check", "-r", root],
        ["check", "--root", root],
    ] {
        let (output, stdout, stderr) = run_in(elsewhere.path(), &args);
        assert!(output.status.success(), "{args:?}: {stdout}{stderr}");
        assert!(stdout.starts_with("checked "), "{args:?}: {stdout}");
    }
}

/// Every subcommand and every flag of each says what it is for.
#[test]
fn every_flag_and_subcommand_has_help() {
    let (_, top, _) = run_in(Path::new("."), &["--help"]);
    let commands = ["build", "check", "serve", "new", "review"];
    for command in commands {
        let line = top
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{command} ")))
            .unwrap_or_else(|| panic!("`{command}` is not in --help:\n{top}"));
        assert!(line.split_whitespace().count() > 2, "no help: {line}");
    }
    for command in commands {
        let (output, help, _) = run_in(Path::new("."), &[command, "--help"]);
        assert!(output.status.success(), "{command} --help");
        assert!(
            help.contains("-r, --root <DIR>"),
            "{command} --help:\n{help}"
        );
        let options = help.split("Options:").nth(1).unwrap();
        for line in options.lines().filter(|l| l.trim_start().starts_with('-')) {
            // `  -r, --root <DIR>  The folder that holds ...`: the flag, two spaces, the help.
            let text = line.trim_start();
            let help_text = text.split_once("  ").map(|(_, h)| h.trim());
            assert!(
                help_text.is_some_and(|h| h.len() >= 10),
                "`{command}`: a flag without help: {line}"
            );
        }
    }
}

/// `--strict` turns warnings into errors: `check` and `build` fail, listing them, and `build`
/// writes nothing.
#[test]
fn strict_turns_warnings_into_errors() {
    let dir = common::copy_of_the_guide();
    fs::write(dir.path().join("content/notes.txt"), "draft").unwrap();
    let root = root_str(&dir);
    let out = dir.path().join("site");
    let out_str = out.to_str().unwrap();
    let (output, _, stderr) = run_in(dir.path(), &["check", "--root", root]);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("warning: content/notes.txt"), "{stderr}");
    for args in [
        &["check", "--strict", "--root", root][..],
        &["build", "--strict", "--root", root, "--out", out_str][..],
    ] {
        let (output, stdout, stderr) = run_in(dir.path(), args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stdout}{stderr}");
        assert!(
            stderr.contains("error: content/notes.txt")
                && stderr.contains("--strict makes it an error"),
            "{stderr}"
        );
        assert!(!stderr.contains("warning: "), "{stderr}");
    }
    assert!(!out.exists(), "build --strict wrote the site");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// An overdue review of the guide, or of a page with its own dates, is a warning naming the
/// file and line; the files built are the same whatever the date.
#[test]
fn an_overdue_review_warns_and_the_site_does_not_depend_on_the_date() {
    let dir = common::copy_of_the_guide();
    let root = root_str(&dir);
    let guide_line = common::read(dir.path(), "content/guide.yaml")
        .lines()
        .position(|l| l.trim_start().starts_with("next_review:"))
        .unwrap()
        + 1;
    let (output, _, stderr) = run_in(dir.path(), &["check", "--today", "2000-01-01"]);
    assert!(
        output.status.success() && !stderr.contains("review"),
        "{stderr}"
    );
    let (output, _, stderr) = run_in(dir.path(), &["check", "-r", root, "--today", "2099-01-01"]);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "warning: content/guide.yaml:{guide_line}: the review of the whole guide was due on"
        )),
        "{stderr}"
    );
    let (output, _, stderr) = run_in(dir.path(), &["check", "--strict", "--today", "2099-01-01"]);
    assert_eq!(output.status.code(), Some(1), "{stderr}");

    let mut trees = Vec::new();
    for today in ["2000-01-01", "2099-01-01"] {
        let out = dir.path().join(format!("out-{today}"));
        let args = ["build", "--today", today, "--out", out.to_str().unwrap()];
        let (output, _, stderr) = run_in(dir.path(), &args);
        assert!(output.status.success(), "{stderr}");
        trees.push(common::tree(&out));
    }
    assert!(trees[0] == trees[1], "the site depends on the date");
}

/// `review` lists every page with its dates, overdue first; `--strict` fails when any is.
/// A page's own dates are checked like the guide's.
#[test]
fn review_lists_pages_overdue_first() {
    let dir = common::copy_of_the_guide();
    let doms = dir.path().join("content/causes/doms.md");
    let text = fs::read_to_string(&doms).unwrap();
    let with_dates = text.replacen(
        "\nsummary:",
        "\nreviewed: 2025-01-10\nnext_review: 2026-01-10\nsummary:",
        1,
    );
    fs::write(&doms, &with_dates).unwrap();
    let (output, stdout, stderr) = run_in(dir.path(), &["review", "--today", "2026-06-01"]);
    assert!(output.status.success(), "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("status"), "{stdout}");
    assert!(
        lines[1].starts_with("OVERDUE by 142 d")
            && lines[1].contains("2026-01-10   2025-01-10")
            && lines[1].contains("content/causes/doms.md"),
        "{stdout}"
    );
    assert!(
        lines[2].contains("content/guide.yaml: the whole guide"),
        "{stdout}"
    );
    let topics = common::tree(&dir.path().join("content"))
        .keys()
        .filter(|p| p.contains('/') && p.ends_with(".md"))
        .count();
    // A header, the guide, every topic and the about page, and a summary.
    assert_eq!(lines.len(), topics + 4, "{stdout}");
    assert!(
        lines
            .last()
            .unwrap()
            .contains("1 review overdue (today is 2026-06-01)"),
        "{stdout}"
    );
    assert!(stdout.contains("(the guide's)"), "{stdout}");

    let (output, _, stderr) = run_in(dir.path(), &["review", "--strict", "--today", "2026-06-01"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("error: content/causes/doms.md:4: the review of"),
        "{stderr}"
    );
    let (output, _, stderr) = run_in(dir.path(), &["review", "--strict", "--today", "2025-06-01"]);
    assert!(output.status.success(), "{stderr}");
    let (_, _, stderr) = run_in(dir.path(), &["check", "--today", "2026-06-01"]);
    assert!(
        stderr.contains("warning: content/causes/doms.md:4: the review of \"Muscle"),
        "{stderr}"
    );

    fs::write(&doms, with_dates.replace("2026-01-10", "2026-02-31")).unwrap();
    for command in ["review", "check"] {
        let (output, _, stderr) = run_in(dir.path(), &[command]);
        assert_eq!(output.status.code(), Some(1), "{command}");
        assert!(
            stderr.contains(
                "error: content/causes/doms.md:4: next_review `2026-02-31` is not a date"
            ),
            "{stderr}"
        );
    }
    let (output, _, stderr) = run_in(dir.path(), &["review", "--today", "2026-13-01"]);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
}

/// `new` writes a topic that builds, in every section, and refuses to overwrite or to use a
/// name that is not lowercase words joined by hyphens.
#[test]
fn new_writes_a_topic_that_builds_and_refuses_to_overwrite() {
    let dir = common::copy_of_the_guide();
    let sections: Vec<String> = fs::read_dir(dir.path().join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("_section.yaml").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(sections.len() >= 5, "{sections:?}");
    for section in &sections {
        let topic = format!("{section}/a-new-topic");
        let (output, stdout, stderr) = run_in(dir.path(), &["new", &topic]);
        assert!(output.status.success(), "{stdout}{stderr}");
        assert!(
            stdout.contains(&format!("wrote content/{topic}.md")),
            "{stdout}"
        );
    }
    let out = dir.path().join("site");
    let (output, stdout, stderr) = run_in(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{stdout}{stderr}");
    for section in &sections {
        assert!(out.join(format!("{section}/a-new-topic.html")).is_file());
    }

    let written = dir.path().join("content/causes/a-new-topic.md");
    fs::write(&written, "my words").unwrap();
    let (output, _, stderr) = run_in(dir.path(), &["new", "causes/a-new-topic"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("exists already"), "{stderr}");
    assert_eq!(fs::read_to_string(&written).unwrap(), "my words");

    let (output, _, stderr) = run_in(dir.path(), &["new", "causes/Hip Flexor Strain"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("try `causes/hip-flexor-strain`"),
        "{stderr}"
    );
    let (output, _, stderr) = run_in(dir.path(), &["new", "backs/hip"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("the sections are: causes, "), "{stderr}");
    assert!(!dir.path().join("content/backs").exists());
}
