//! Each kind of bad input stops the build with an error that names the file (and line), says what
//! was expected, exits with 1, and leaves the previous output and the sources exactly as they were.
//!
//! Every test copies the mini guide (tests/fixtures/mini/content, with the repository's real
//! templates/ and static/) into a temporary folder, builds it once into `site/` beside the root,
//! breaks one thing and builds again.

mod common;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::process::Output;

/// The mini guide, copied and built once.
struct Fixture {
    /// Holds `root/` and `site/`, and nothing else.
    dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let repo = common::repo_root();
        common::copy_dir(
            &repo.join("tests/fixtures/mini/content"),
            &root.join("content"),
        );
        common::copy_dir(&repo.join("templates"), &root.join("templates"));
        common::copy_dir(&repo.join("static"), &root.join("static"));
        let fx = Fixture {
            out: dir.path().join("site"),
            root,
            dir,
        };
        let output = fx.run(&["build", "--root", fx.root(), "--out", fx.out()]);
        let (stdout, stderr) = common::output_text(&output);
        assert!(
            output.status.success(),
            "the mini guide must build:\n{stdout}{stderr}"
        );
        assert!(fx.out.join("causes/doms.html").is_file());
        let beside: Vec<String> = common::tree(fx.dir.path()).into_keys().collect();
        assert!(
            beside
                .iter()
                .all(|p| p.starts_with("root/") || p.starts_with("site/")),
            "a successful build left something beside the output: {beside:?}"
        );
        fx
    }

    fn root(&self) -> &str {
        self.root.to_str().unwrap()
    }

    fn out(&self) -> &str {
        self.out.to_str().unwrap()
    }

    /// Run backguide from inside the root, so a stray default `public/` would show up too.
    fn run(&self, args: &[&str]) -> Output {
        common::backguide_in(&self.root, args)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap()
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    /// Replace `from` (which must be in the file) with `to`.
    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} no longer contains {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// The 1-based line of the first line of `rel` that contains `needle`.
    fn line_of(&self, rel: &str, needle: &str) -> usize {
        self.read(rel)
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{rel} has no line with {needle:?}"))
            + 1
    }

    /// Build again, which must fail.
    fn build_fails(&self) -> String {
        self.fails(&["build", "--root", self.root(), "--out", self.out()])
    }

    /// Run `args`, which must fail with exit code 1 and change nothing on disk: the old site is
    /// the same folder with the same bytes, the sources are intact, and no temporary folder is
    /// left beside the output. Returns stderr.
    fn fails(&self, args: &[&str]) -> String {
        let before = common::tree(self.dir.path());
        let site_inode = fs::metadata(&self.out).unwrap().ino();
        let output = self.run(args);
        let (stdout, stderr) = common::output_text(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "expected exit code 1 for {args:?}\nstdout: {stdout}\nstderr: {stderr}"
        );
        assert!(
            stdout.is_empty(),
            "a failed run printed a summary: {stdout}"
        );
        assert!(
            stderr.contains("found; nothing was written"),
            "stderr should end by saying nothing was written:\n{stderr}"
        );
        let after = common::tree(self.dir.path());
        let changed: Vec<&String> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert!(
            changed.is_empty(),
            "the failed run changed files: {changed:?}\nstderr: {stderr}"
        );
        assert_eq!(
            fs::metadata(&self.out).unwrap().ino(),
            site_inode,
            "the old site was replaced by a copy"
        );
        stderr
    }
}

/// Assert that stderr has an error line starting with `start` and containing every one of `has`.
#[track_caller]
fn assert_error(stderr: &str, start: &str, has: &[&str]) {
    let found = stderr.lines().any(|line| {
        line.strip_prefix("error: ")
            .is_some_and(|l| l.starts_with(start) && has.iter().all(|h| l.contains(h)))
    });
    assert!(
        found,
        "no error line `error: {start}...` containing {has:?} in:\n{stderr}"
    );
}

fn error_count(stderr: &str) -> usize {
    stderr.lines().filter(|l| l.starts_with("error: ")).count()
}

// Lines of content/causes/doms.md in the fixture:
//  1 ---                          6 onset: ...
//  2 title: ...                   7 feels_like: ...
//  3 summary: ...                 8 sources: [article]
//  4 weight: 10                   9 ---
//  5 related: [...]              12 a paragraph with a link to ../recovery/rest.md#what-to-do
const DOMS: &str = "content/causes/doms.md";

#[test]
fn malformed_front_matter() {
    let fx = Fixture::new();
    fx.replace(DOMS, "summary: The ache", "summary: The ache: here");
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:3:",
        &["mapping values are not allowed"],
    );
    assert_eq!(error_count(&err), 1, "{err}");
}

#[test]
fn unclosed_quote_in_front_matter_counts_lines_from_the_top_of_the_file() {
    let fx = Fixture::new();
    fx.replace(DOMS, "summary: The ache", "summary: \"The ache");
    let err = fx.build_fails();
    // The error is where the file ends; the message points back at the opening quote, on file
    // line 3, column 10 (not at front matter line 2).
    assert_error(
        &err,
        "content/causes/doms.md:",
        &["quoted scalar at line 3 column 10"],
    );
}

#[test]
fn malformed_guide_yaml() {
    let fx = Fixture::new();
    let line = fx.line_of("content/guide.yaml", "  heading:");
    fx.replace("content/guide.yaml", "  heading:", " heading:");
    let err = fx.build_fails();
    // libyaml notices on the next key; its message points back at the mapping on `line`.
    assert_error(
        &err,
        "content/guide.yaml:",
        &[
            "did not find expected key",
            &format!("at line {line} column 2"),
        ],
    );
    // One mistake, one error: not also "folder is not listed" for every section.
    assert_eq!(error_count(&err), 1, "{err}");
}

#[test]
fn missing_title() {
    let fx = Fixture::new();
    fx.replace(DOMS, "title: Soreness that starts later (DOMS)\n", "");
    fx.replace(
        "content/recovery/_section.yaml",
        "title: Getting better\n",
        "",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:2",
        &["missing required field `title`"],
    );
    assert_error(
        &err,
        "content/recovery/_section.yaml:1",
        &["missing required field `title`"],
    );
}

#[test]
fn unknown_field_lists_the_expected_fields() {
    let fx = Fixture::new();
    fx.replace(DOMS, "title:", "titel:");
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:2:",
        &[
            "unknown field `titel`",
            "expected one of",
            "`title`",
            "`summary`",
        ],
    );
}

#[test]
fn unknown_field_in_guide_yaml() {
    let fx = Fixture::new();
    let line = fx.line_of("content/guide.yaml", "  status:");
    fx.replace(
        "content/guide.yaml",
        "  status:",
        "  reviewer: Dr A\n  statu:",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("content/guide.yaml:{}:", line + 1),
        &["unknown field `statu`", "expected one of", "`status`"],
    );
}

#[test]
fn an_impossible_date_names_its_line() {
    let fx = Fixture::new();
    let line = fx.line_of("content/guide.yaml", "  reviewed:");
    fx.replace(
        "content/guide.yaml",
        "  reviewed: 2026-01-10",
        "  reviewed: 2026-02-31",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("content/guide.yaml:{line}:"),
        &["`2026-02-31` is not a date", "YYYY-MM-DD"],
    );
}

#[test]
fn next_review_must_come_after_reviewed() {
    let fx = Fixture::new();
    let line = fx.line_of("content/guide.yaml", "  next_review:");
    fx.replace(
        "content/guide.yaml",
        "next_review: 2027-01-10",
        "next_review: 2025-12-31",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("content/guide.yaml:{line}:"),
        &["next_review (2025-12-31) must be after review.reviewed (2026-01-10)"],
    );
}

#[test]
fn a_clinical_review_must_name_the_reviewer() {
    let fx = Fixture::new();
    let line = fx.line_of("content/guide.yaml", "  status:");
    fx.replace(
        "content/guide.yaml",
        "status: not-clinically-reviewed",
        "status: clinically-reviewed",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("content/guide.yaml:{line}:"),
        &["clinically-reviewed but no reviewer is named"],
    );
}

#[test]
fn a_topic_may_have_its_own_review_dates_which_must_be_real() {
    let fx = Fixture::new();
    fx.replace(
        "content/causes/doms.md",
        "weight: 10\n",
        "weight: 10\nreviewed: 2026-06-01\nnext_review: 2026-12-01\n",
    );
    let output = fx.run(&["build", "--root", fx.root(), "--out", fx.out()]);
    assert!(
        output.status.success(),
        "{:?}",
        common::output_text(&output)
    );
    let doms = fs::read_to_string(fx.out.join("causes/doms.html")).unwrap();
    assert!(
        doms.contains("<time datetime=\"2026-06-01\">1 June 2026</time>"),
        "{doms}"
    );
    assert!(doms.contains("<time datetime=\"2026-12-01\">1 December 2026</time>"));
    let strain = fs::read_to_string(fx.out.join("causes/muscle-strain.html")).unwrap();
    assert!(
        strain.contains("<time datetime=\"2026-01-10\">"),
        "the others keep the guide's dates"
    );

    let line = fx.line_of("content/causes/doms.md", "next_review:");
    fx.replace(
        "content/causes/doms.md",
        "next_review: 2026-12-01",
        "next_review: 2026-02-30",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("content/causes/doms.md:{line}:"),
        &["`2026-02-30` is not a date"],
    );
    // Its own next review must come after the guide's last review when it has none of its own.
    fx.replace("content/causes/doms.md", "reviewed: 2026-06-01\n", "");
    fx.replace(
        "content/causes/doms.md",
        "next_review: 2026-02-30",
        "next_review: 2025-01-01",
    );
    let line = fx.line_of("content/causes/doms.md", "next_review:");
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("content/causes/doms.md:{line}:"),
        &["next_review (2025-01-01) must be after reviewed (2026-01-10)"],
    );
}

#[test]
fn field_of_another_section() {
    let fx = Fixture::new();
    fx.replace(DOMS, "weight: 10\n", "weight: 10\ntier: urgent\n");
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:5:",
        &["`tier`", "warning-signs/", "onset, feels_like"],
    );
}

#[test]
fn broken_link() {
    let fx = Fixture::new();
    fx.replace(DOMS, "../recovery/rest.md#what-to-do", "../recovery/rst.md");
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:12:",
        &["broken link `../recovery/rst.md`", "no such page"],
    );
}

#[test]
fn broken_anchor() {
    let fx = Fixture::new();
    fx.replace(DOMS, "#what-to-do", "#what-to-dont");
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:12:",
        &[
            "`../recovery/rest.md#what-to-dont`",
            "no anchor",
            "what-to-do",
        ],
    );
}

#[test]
fn broken_anchor_in_a_yaml_intro() {
    let fx = Fixture::new();
    let line = fx.line_of("content/guide.yaml", "doms.md#how-it-feels");
    fx.replace("content/guide.yaml", "#how-it-feels", "#how-it-fels");
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("content/guide.yaml:{line}:"),
        &["#how-it-fels", "no anchor", "how-it-feels"],
    );
}

#[test]
fn broken_related() {
    let fx = Fixture::new();
    fx.replace(
        DOMS,
        "[causes/muscle-strain.md]",
        "[causes/muscle-stran.md]",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:5:",
        &["related `causes/muscle-stran.md`", "expected a path"],
    );
}

#[test]
fn empty_topic_file() {
    for empty in ["", "\n\n  \n"] {
        let fx = Fixture::new();
        fx.write("content/causes/muscle-strain.md", empty);
        let err = fx.build_fails();
        assert_error(
            &err,
            "content/causes/muscle-strain.md:1:",
            &["empty topic file", "expected front matter"],
        );
    }
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let fx = Fixture::new();
    let rel = "content/causes/muscle-strain.md";
    let line = fx.line_of(rel, "A muscle strain hurts");
    let mut bytes = fx.read(rel).into_bytes();
    let at = fx.read(rel).find("A muscle strain hurts").unwrap() + "A muscle ".len();
    bytes.insert(at, 0xff);
    fx.write(rel, bytes);
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("{rel}:{line}:10:"),
        &["not valid UTF-8", "save the file as UTF-8"],
    );

    // The column counts characters, as editors do, not bytes: "Été – " is 6 characters.
    let mut bytes = fx.read("content/causes/doms.md").into_bytes();
    bytes.extend_from_slice("\nÉté – ".as_bytes());
    bytes.push(0xff);
    fx.write("content/causes/doms.md", &bytes);
    let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    let err = fx.build_fails();
    assert_error(&err, &format!("{DOMS}:{line}:7:"), &["not valid UTF-8"]);
}

#[test]
fn tera_syntax_error() {
    let fx = Fixture::new();
    fx.write(
        "templates/x.html",
        "<p>fine</p>\n<p>{{ page.title | }}</p>\n",
    );
    let err = fx.build_fails();
    assert_error(&err, "templates/x.html:2:20:", &["expected identifier"]);
}

#[test]
fn tera_unclosed_block() {
    let fx = Fixture::new();
    fx.write(
        "templates/x.html",
        "<p>fine</p>\n{% if page.title %}\n<p>never closed</p>\n",
    );
    let err = fx.build_fails();
    assert_error(&err, "templates/x.html:", &["end of input"]);
}

/// Put `line` first inside topic.html's main block; returns the template line it lands on.
fn add_to_topic_template(fx: &Fixture, line: &str) -> usize {
    let block = fx.line_of("templates/topic.html", "{% block main %}");
    fx.replace(
        "templates/topic.html",
        "{% block main %}",
        &format!("{{% block main %}}\n{line}"),
    );
    block + 1
}

#[test]
fn tera_render_error_unknown_variable() {
    let fx = Fixture::new();
    let line = add_to_topic_template(&fx, "<p>{{ nothere }}</p>");
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("templates/topic.html:{line}:7:"),
        &["`nothere` is not defined"],
    );
}

#[test]
fn tera_render_error_unknown_field() {
    let fx = Fixture::new();
    let line = add_to_topic_template(&fx, "<p>{{ page.sumary }}</p>");
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("templates/topic.html:{line}:"),
        &["`sumary` is not defined", "summary"],
    );
}

#[test]
fn tera_unknown_filter() {
    let fx = Fixture::new();
    let line = add_to_topic_template(&fx, "<p>{{ page.title | nofilter }}</p>");
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("templates/topic.html:{line}:20:"),
        &["Unknown filter `nofilter`"],
    );
}

#[test]
fn tera_render_error_in_a_partial_names_the_partial() {
    let fx = Fixture::new();
    let rel = "templates/partials/emergency.html";
    fx.write(
        rel,
        format!("{{{{ site.emergency.nope }}}}\n{}", fx.read(rel)),
    );
    let err = fx.build_fails();
    assert_error(&err, "templates/partials/emergency.html:1:", &["`nope`"]);
}

#[test]
fn output_folder_pointing_at_the_sources_is_refused() {
    let fx = Fixture::new();
    let link = fx.dir.path().join("link-to-content");
    std::os::unix::fs::symlink(fx.root.join("content"), &link).unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (fx.root.clone(), "root itself"),
        (fx.root.join("public/.."), "root itself"),
        (fx.root.join("content"), "content/"),
        (fx.root.join("content/causes/out"), "content/"),
        (fx.root.join("templates"), "templates/"),
        (fx.root.join("templates/partials"), "templates/"),
        (fx.root.join("static"), "static/"),
        (fx.root.join("static/out"), "static/"),
        (fx.dir.path().to_path_buf(), "contains the root"),
        (link.clone(), "content/"),
    ];
    for (out, why) in cases {
        let out_str = out.to_str().unwrap();
        let err = fx.fails(&["build", "--root", fx.root(), "--out", out_str]);
        assert_error(&err, out_str, &["refusing", why, "public"]);
    }
    // The same, with a relative --out and the default --root of `.`.
    for out in [".", "content", "./static/x", ".."] {
        let err = fx.fails(&["build", "--out", out]);
        assert_error(&err, out, &["refusing"]);
    }
    assert!(fx.root.join("content/causes/doms.md").is_file());
}

#[test]
fn symlink_loop_in_content() {
    let fx = Fixture::new();
    std::os::unix::fs::symlink("..", fx.root.join("content/causes/loop")).unwrap();
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/loop",
        &["symlink loop", "remove the link"],
    );
}

#[test]
fn unlisted_section_folder() {
    let fx = Fixture::new();
    let line = fx.line_of("content/guide.yaml", "sections:");
    fx.write("content/extra/rest.md", fx.read("content/recovery/rest.md"));
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("content/guide.yaml:{line}:"),
        &["content/extra/", "not listed in `sections`"],
    );
}

#[test]
fn every_error_of_a_stage_is_listed_not_just_the_first() {
    // Two files that do not load.
    let fx = Fixture::new();
    fx.replace(DOMS, "title:", "titel:");
    fx.replace("content/causes/muscle-strain.md", "onset: during\n", "");
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:2:",
        &["unknown field `titel`"],
    );
    assert_error(
        &err,
        "content/causes/muscle-strain.md:",
        &["missing required field `onset`"],
    );
    assert!(err.contains("2 errors found"), "{err}");

    // Links broken in two files, and a template that does not parse: all reported in one run.
    let fx = Fixture::new();
    fx.replace(DOMS, "#what-to-do", "#nope");
    fx.replace("content/about.md", "cauda-equina.md", "cauda-equna.md");
    fx.write("templates/x.html", "{{ page.title | }}\n");
    let err = fx.build_fails();
    assert_error(&err, "content/causes/doms.md:12:", &["#nope"]);
    assert_error(&err, "content/about.md:", &["cauda-equna.md"]);
    assert_error(&err, "templates/x.html:1:", &[]);
    assert!(err.contains("3 errors found"), "{err}");
}

#[test]
fn check_with_errors_fails_and_writes_nothing() {
    let fx = Fixture::new();
    fx.replace(DOMS, "#what-to-do", "#nope");
    let err = fx.fails(&["check", "--root", fx.root()]);
    assert_error(&err, "content/causes/doms.md:12:", &["no anchor `#nope`"]);
    // And with the default root, from inside it: still no public/ appears.
    let err = fx.fails(&["check"]);
    assert_error(&err, "content/causes/doms.md:12:", &["no anchor `#nope`"]);
}

#[test]
fn an_image_of_a_topic_is_refused() {
    let fx = Fixture::new();
    fx.replace(
        DOMS,
        "DOMS feels like a dull ache.",
        "![a picture](muscle-strain.md) DOMS feels like a dull ache.",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:12:",
        &["image `muscle-strain.md`", "not supported"],
    );
}

#[test]
fn an_unclosed_html_comment_is_refused() {
    let fx = Fixture::new();
    fx.replace(
        DOMS,
        "## When it starts",
        "<!-- a note to self\n\n## When it starts",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/doms.md:14:",
        &["`<!--`", "never closed"],
    );
}

#[test]
fn a_raw_html_link_is_refused() {
    let fx = Fixture::new();
    fx.replace(
        DOMS,
        "DOMS feels like a dull ache.",
        "DOMS feels like <a href=\"https://x.example/\">an ache</a>.",
    );
    let err = fx.build_fails();
    assert_error(&err, "content/causes/doms.md:12:", &["HTML", "Markdown"]);
}
