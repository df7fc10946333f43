//! Each kind of bad input stops the build with an error that names the file (and line), says what
//! was expected, exits with 1, and leaves the previous output and the sources exactly as they were.
//!
//! Every test copies the mini guide (tests/fixtures/mini/content, with the repository's real
//! templates/ and static/) into a temporary folder, builds it once into `site/` beside the root,
//! breaks one thing and builds again.

use crate::common;

use std::fs;
use std::io::Read;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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

    /// Run `args`, killing the run and failing the test if it takes longer than `limit`.
    fn run_within(&self, args: &[&str], limit: Duration) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_backguide"))
            .args(args)
            .current_dir(&self.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run backguide");
        // Read both pipes while waiting, so a long report cannot block the child.
        let pipe = |mut r: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                r.read_to_end(&mut bytes).unwrap();
                bytes
            })
        };
        let stdout = pipe(Box::new(child.stdout.take().unwrap()));
        let stderr = pipe(Box::new(child.stderr.take().unwrap()));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > limit {
                child.kill().unwrap();
                child.wait().unwrap();
                panic!("backguide {args:?} took more than {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Output {
            status,
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        }
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
        self.fails_within(args, Duration::from_secs(300))
    }

    /// Build again, which must fail within `limit`.
    fn build_fails_within(&self, limit: Duration) -> String {
        self.fails_within(
            &["build", "--root", self.root(), "--out", self.out()],
            limit,
        )
    }

    /// [`Fixture::fails`], killing the run and failing the test if it takes longer than `limit`.
    fn fails_within(&self, args: &[&str], limit: Duration) -> String {
        let before = common::tree(self.dir.path());
        let site_inode = fs::metadata(&self.out).unwrap().ino();
        let output = self.run_within(args, limit);
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
        "content/causes/doms.md:3:18:",
        &["mapping values are not allowed"],
    );
    assert!(
        err.contains(
            "must be in quotes: summary: \"The ache: here a day or two after a hard workout.\""
        ),
        "{err}"
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
        &["`tier`", "kind warning-signs", "onset, feels_like"],
    );
}

#[test]
fn unknown_section_kind_says_the_kind_meant() {
    let fx = Fixture::new();
    fx.replace(
        "content/causes/_section.yaml",
        "kind: causes\n",
        "kind: cause\n",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/causes/_section.yaml:1:",
        &[
            "unknown section kind `cause`",
            "did you mean `causes`?",
            "general",
        ],
    );
    assert!(err.contains("kind: cause"), "the line is shown:\n{err}");
}

#[test]
fn missing_section_kind() {
    let fx = Fixture::new();
    fx.replace("content/recovery/_section.yaml", "kind: recovery\n", "");
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/recovery/_section.yaml:1",
        &["missing required field `kind`"],
    );
}

#[test]
fn typed_fields_follow_the_kind_not_the_folder_name() {
    let fx = Fixture::new();
    fx.replace(
        "content/recovery/_section.yaml",
        "kind: recovery\n",
        "kind: general\n",
    );
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/recovery/",
        &["field `when` belongs to sections of kind recovery"],
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

/// `--out` never deletes what backguide did not write: a folder of the user's files, one holding
/// `.git`, or an earlier build with a file added is refused before anything is written, by
/// `build` and `serve` alike, naming the folder and what is in it.
#[test]
fn output_folder_with_files_backguide_did_not_write_is_refused() {
    let fx = Fixture::new();
    let docs = fx.dir.path().join("docs");
    fs::create_dir_all(&docs).unwrap();
    fs::write(docs.join("notes.md"), "my notes").unwrap();
    fs::write(docs.join("plan.md"), "my plan").unwrap();
    let repo = fx.dir.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main").unwrap();
    let docs_str = docs.to_str().unwrap();
    let repo_str = repo.to_str().unwrap();
    for command in [&["build"][..], &["serve", "--port", "0"][..]] {
        let run = |out| [command, &["--root", fx.root(), "--out", out]].concat();
        let err = fx.fails(&run(docs_str));
        assert_error(
            &err,
            docs_str,
            &["backguide did not write it", "notes.md, plan.md.", "--out"],
        );
        let err = fx.fails(&run(repo_str));
        assert_error(&err, repo_str, &["did not write it", ": .git/."]);
    }
    // An earlier build with a file added by hand, and one turned into a git repository.
    fs::write(fx.out.join("CNAME"), "guide.example.org").unwrap();
    let err = fx.build_fails();
    assert_error(
        &err,
        fx.out(),
        &["the last build did not write: CNAME.", "static/"],
    );
    fs::remove_file(fx.out.join("CNAME")).unwrap();
    fs::create_dir(fx.out.join(".git")).unwrap();
    let err = fx.build_fails();
    assert_error(&err, fx.out(), &["did not write: .git/."]);
}

/// `--out` at an existing file: refused, the file untouched (it was once moved aside while the
/// site was written in its place).
#[test]
fn output_at_a_file_is_refused() {
    let fx = Fixture::new();
    let file = fx.dir.path().join("site.txt");
    fs::write(&file, "my file").unwrap();
    let file = file.to_str().unwrap();
    let err = fx.fails(&["build", "--root", fx.root(), "--out", file]);
    assert_error(&err, file, &["this is a file, not a folder"]);
}

/// A name that becomes a file name too long for the file system is blamed on the content file
/// that holds it, not on the output path.
#[test]
fn a_topic_name_too_long_for_a_file_name_names_the_topic() {
    let fx = Fixture::new();
    let name = format!("content/causes/{}.md", "a".repeat(252));
    fx.write(&name, fx.read(DOMS).replacen("title: ", "title: Long ", 1));
    let err = fx.build_fails();
    assert_error(
        &err,
        &name,
        &[
            "file name",
            ".html`, 257 bytes long",
            "at most 255",
            "shorten",
        ],
    );
    assert_eq!(error_count(&err), 1, "{err}");
}

#[test]
fn a_decision_node_id_too_long_for_a_file_name_names_the_node() {
    let dir = common::copy_of_the_guide();
    let path = dir.path().join("content/decision.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let start = text
        .lines()
        .find_map(|l| l.strip_prefix("start: "))
        .unwrap();
    let long = "a".repeat(251);
    fs::write(&path, text.replace(start, &long)).unwrap();
    let output = common::build(dir.path(), &dir.path().join("public"));
    let (_, stderr) = common::output_text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_error(
        &stderr,
        "content/decision.yaml:",
        &["node id `aaa", "256 bytes long", "choose a shorter id"],
    );
    assert!(!dir.path().join("public").exists());
}

/// Text that must never reach the site: it lives outside the root, behind symlinks.
const SECRET: &str = "SECRET-OUTSIDE-THE-ROOT-7d1c";

impl Fixture {
    /// A file beside the root (outside it) holding [`SECRET`]; its absolute path.
    fn outside_file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, format!("{text}\n{SECRET}\n")).unwrap();
        path
    }

    /// Every text the site holds, the zipped files included, for a search for [`SECRET`].
    fn site_holds_secret(&self) -> Vec<String> {
        let mut found = Vec::new();
        for (path, bytes) in common::tree(&self.out) {
            if String::from_utf8_lossy(&bytes).contains(SECRET) {
                found.push(path.clone());
            }
            if path.ends_with(".zip") {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                for i in 0..zip.len() {
                    let mut entry = zip.by_index(i).unwrap();
                    let mut text = Vec::new();
                    entry.read_to_end(&mut text).unwrap();
                    if String::from_utf8_lossy(&text).contains(SECRET) {
                        found.push(format!("{path}, entry {i}"));
                    }
                }
            }
        }
        found
    }
}

#[test]
fn symlinks_out_of_the_root_are_all_refused_and_nothing_is_written() {
    let fx = Fixture::new();
    let site_before = common::tree(&fx.out);
    assert!(
        site_before.keys().any(|p| p.ends_with(".zip")),
        "a zip to search"
    );
    let secret = fx.outside_file("secret.txt", "hostname");
    let guide = fx.outside_file("guide.yaml", &fx.read("content/guide.yaml"));
    fx.outside_file("topic.md", &fx.read("content/causes/doms.md"));
    let template = fx.outside_file("leak.html", "{{ page.title }}");
    symlink(&secret, fx.root.join("static/leak.txt")).unwrap();
    symlink("../../../topic.md", fx.root.join("content/causes/leak.md")).unwrap();
    fs::remove_file(fx.root.join("content/guide.yaml")).unwrap();
    symlink(&guide, fx.root.join("content/guide.yaml")).unwrap();
    symlink(&template, fx.root.join("templates/leak.html")).unwrap();
    symlink("/etc/hostname", fx.root.join("static/hostname.txt")).unwrap();

    let err = fx.build_fails();
    let outside = ["which is outside the guide's folder"];
    let secret_at = secret.display().to_string();
    assert_error(&err, "content/causes/leak.md: ", &["`../../../topic.md`"]);
    assert_error(&err, "content/causes/leak.md: ", &outside);
    assert_error(&err, "content/guide.yaml: ", &outside);
    assert_error(&err, "templates/leak.html: ", &outside);
    assert_error(&err, "static/leak.txt: ", &[&secret_at, outside[0]]);
    assert_error(
        &err,
        "static/hostname.txt: ",
        &["`/etc/hostname`", outside[0]],
    );
    assert_eq!(error_count(&err), 5, "one error per link:\n{err}");
    assert_eq!(err.matches("help: copy the file in").count(), 5, "{err}");
    assert!(
        !err.contains(SECRET),
        "the error showed the linked file:\n{err}"
    );
    assert_eq!(common::tree(&fx.out), site_before);
    assert_eq!(fx.site_holds_secret(), Vec::<String>::new());

    // `check` reads the same way, and `serve` builds through the same stages.
    let err = fx.fails(&["check", "--root", fx.root()]);
    assert_error(&err, "static/leak.txt: ", &outside);
}

#[test]
fn a_linked_source_folder_is_refused() {
    let fx = Fixture::new();
    let elsewhere = fx.dir.path().join("elsewhere-static");
    fs::rename(fx.root.join("static"), &elsewhere).unwrap();
    fs::write(elsewhere.join("leak.txt"), SECRET).unwrap();
    symlink(&elsewhere, fx.root.join("static")).unwrap();
    // Inside the root, the folder must still be real.
    fs::rename(fx.root.join("templates"), fx.root.join("shared-templates")).unwrap();
    symlink("shared-templates", fx.root.join("templates")).unwrap();

    let err = fx.build_fails();
    assert_error(&err, "static: ", &["outside the guide's folder"]);
    assert_error(
        &err,
        "templates: ",
        &[
            "`shared-templates`",
            "not in content/, templates/ or static/",
        ],
    );
    assert_eq!(fx.site_holds_secret(), Vec::<String>::new());
}

#[test]
fn a_link_to_a_folder_is_refused_even_inside_the_root() {
    let fx = Fixture::new();
    // A loop (the link leads back to the folder it is in) and a plain folder link.
    symlink("..", fx.root.join("content/causes/loop")).unwrap();
    symlink("../content", fx.root.join("static/content")).unwrap();
    let err = fx.build_fails();
    let folder = ["a folder: links to folders are not followed"];
    assert_error(&err, "content/causes/loop: ", &["`..`", folder[0]]);
    assert_error(&err, "static/content: ", &["`../content`", folder[0]]);
    assert_eq!(
        err.matches("help: make it a real folder").count(),
        2,
        "{err}"
    );
}

#[test]
fn a_link_inside_the_root_must_lead_into_the_sources() {
    let fx = Fixture::new();
    // A link to a file in another source folder, with `..` in it, is followed.
    symlink(
        "../content/glossary.yaml",
        fx.root.join("static/glossary.txt"),
    )
    .unwrap();
    let output = fx.run(&["build", "--root", fx.root(), "--out", fx.out()]);
    let (stdout, stderr) = common::output_text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert_eq!(
        fs::read_to_string(fx.out.join("glossary.txt")).unwrap(),
        fx.read("content/glossary.yaml")
    );
    // One into the root's other folders (a checkout's .git/config can hold a token) is not.
    fs::create_dir(fx.root.join(".git")).unwrap();
    fs::write(fx.root.join(".git/config"), SECRET).unwrap();
    symlink("../.git/config", fx.root.join("static/config.txt")).unwrap();
    let err = fx.build_fails();
    assert_error(
        &err,
        "static/config.txt: ",
        &[
            "`../.git/config`",
            "inside the guide's folder but not in content/",
        ],
    );
    assert_eq!(fx.site_holds_secret(), Vec::<String>::new());
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

/// The longest any bad input may take to be refused. Each takes well under a second of CPU in a
/// debug build; the margin is for a loaded 2-core machine running the whole suite. Before the
/// limits, these inputs took 73 s to minutes in a release build.
const QUICK: Duration = Duration::from_secs(30);

#[test]
fn deep_flow_nesting_is_refused_before_it_costs_anything() {
    let fx = Fixture::new();
    // 400 KB of `[`: libyaml alone took 102 s to reject this.
    let line = fx.line_of("content/guide.yaml", "description:");
    fx.replace(
        "content/guide.yaml",
        "description:",
        &format!("extra: {}\ndescription:", "[".repeat(400_000)),
    );
    let err = fx.build_fails_within(QUICK);
    assert_error(
        &err,
        &format!("content/guide.yaml:{line}:"),
        &["nested too deeply", "32 levels"],
    );
}

#[test]
fn a_hundred_thousand_nested_list_levels_in_front_matter_are_refused_quickly() {
    let fx = Fixture::new();
    fx.replace(
        DOMS,
        "feels_like: [a dull ache, stiffness]",
        &format!("feels_like:\n  {}x", "- ".repeat(100_000)),
    );
    let err = fx.build_fails_within(QUICK);
    assert_error(&err, "content/causes/doms.md:8:", &["nested too deeply"]);
}

#[test]
fn yaml_aliases_and_anchors_are_refused_with_their_place() {
    let fx = Fixture::new();
    // A billion-laughs front matter: each line repeats the one above ten times.
    let mut bomb =
        String::from("keywords: &k0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..30 {
        let prev = i - 1;
        bomb.push_str(&format!(
            "x{i}: &k{i} [{}]\n",
            vec![format!("*k{prev}"); 10].join(", ")
        ));
    }
    fx.replace(DOMS, "sources: [article]\n", &bomb);
    let err = fx.build_fails_within(QUICK);
    assert_error(
        &err,
        "content/causes/doms.md:8:11:",
        &[
            "anchors (`&name`) are not supported",
            "put the value in quotes",
        ],
    );
    assert_eq!(error_count(&err), 1, "{err}");

    let fx = Fixture::new();
    fx.replace("content/glossary.yaml", "\n- id:", "\n- *first\n- id:");
    let line = fx.line_of("content/glossary.yaml", "*first");
    let err = fx.build_fails_within(QUICK);
    assert_error(
        &err,
        &format!("content/glossary.yaml:{line}:3:"),
        &["aliases (`*name`) are not supported"],
    );
}

#[test]
fn a_yaml_file_too_big_is_refused_by_its_size() {
    let fx = Fixture::new();
    let text = fx.read("content/sources.yaml");
    fx.write(
        "content/sources.yaml",
        format!("{text}\n# {}\n", "x".repeat(1100 * 1024)),
    );
    let err = fx.build_fails_within(QUICK);
    assert_error(&err, "content/sources.yaml:1:", &["KB", "split it"]);
}

#[test]
fn sixty_thousand_keywords_are_checked_in_linear_time() {
    let fx = Fixture::new();
    // One per line, the last listed twice (the error must still find its line). Finding each
    // keyword's line by scanning the lines took 103 s in a release build.
    let mut keywords: Vec<String> = (0..60_000).map(|i| format!("  - keyword{i}")).collect();
    keywords.push("  - keyword59999".into());
    fx.replace(
        DOMS,
        "sources: [article]\n",
        &format!("sources: [article]\nkeywords:\n{}\n", keywords.join("\n")),
    );
    let err = fx.build_fails_within(QUICK);
    assert_error(
        &err,
        "content/causes/doms.md:",
        &["keyword `keyword59999` is listed twice"],
    );
}

/// The line after the `file:line:col: message` line shows the source line; the next one has a
/// caret under `column` (1-based, counting characters).
#[track_caller]
fn assert_snippet(stderr: &str, source_line: &str, column: usize) {
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.ends_with(source_line) && l.contains(" | "))
        .unwrap_or_else(|| panic!("no snippet of {source_line:?} in:\n{stderr}"));
    let gutter = lines[at].find(" | ").unwrap() + 3;
    let caret = lines[at + 1];
    assert_eq!(
        caret.find('^'),
        Some(gutter + column - 1),
        "caret not under column {column}:\n{stderr}"
    );
}

#[test]
fn an_error_shows_the_line_with_a_caret_under_the_column() {
    let fx = Fixture::new();
    fx.replace(DOMS, "weight: 10", "weight: ten");
    let err = fx.build_fails();
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("error: content/causes/doms.md:4:9: "),
        "{err}"
    );
    assert!(first.contains("expected a whole number"), "{err}");
    assert_snippet(&err, "weight: ten", 9);
}

#[test]
fn a_tab_used_for_indentation_is_named() {
    let fx = Fixture::new();
    let line = fx.line_of("content/guide.yaml", "  heading:");
    fx.replace("content/guide.yaml", "  heading:", "\theading:");
    let err = fx.build_fails();
    assert_error(&err, &format!("content/guide.yaml:{line}:"), &[]);
    assert!(
        err.contains("help: this line is indented with a tab: YAML needs spaces"),
        "{err}"
    );
}

#[test]
fn no_space_after_a_colon_is_named() {
    let fx = Fixture::new();
    fx.replace(DOMS, "title: Soreness", "title:Soreness");
    let err = fx.build_fails();
    assert_error(&err, "content/causes/doms.md:2:", &[]);
    assert!(!err.contains("RawFrontMatter"), "a Rust type name: {err}");
    assert!(
        err.contains(
            "help: put a space after the colon: `title: Soreness that starts later (DOMS)`"
        ),
        "{err}"
    );
}

#[test]
fn a_list_item_without_a_dash_is_named() {
    let fx = Fixture::new();
    fx.replace(
        DOMS,
        "feels_like: [a dull ache, stiffness]",
        "feels_like:\n  - a dull ache\n  stiffness",
    );
    let err = fx.build_fails();
    assert_error(&err, "content/causes/doms.md:9:", &[]);
    assert!(
        err.contains(
            "help: this line is in a list but does not start with `- `: write `  - stiffness`"
        ),
        "{err}"
    );
}

#[test]
fn text_after_a_hash_dropped_as_a_comment_is_a_warning() {
    let fx = Fixture::new();
    fx.replace(DOMS, "title: Soreness", "title: Tip #1 Soreness");
    let output = fx.run(&["build", "--root", fx.root(), "--out", fx.out()]);
    let (stdout, stderr) = common::output_text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(
        stderr.contains("warning: content/causes/doms.md:2:12: the text from ` #` to the end of this line was read as a YAML comment"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "put the value in double quotes: title: \"Tip #1 Soreness that starts later (DOMS)\""
        ),
        "{stderr}"
    );
    assert!(stdout.contains("with 1 warning"), "{stdout}");
}

#[test]
fn a_duplicate_id_names_both_lines() {
    let fx = Fixture::new();
    fx.replace("content/glossary.yaml", "- id: strain", "- id: doms");
    let first = fx.line_of("content/glossary.yaml", "- id: doms");
    let second = first
        + fx.read("content/glossary.yaml")
            .lines()
            .skip(first)
            .position(|l| l == "- id: doms")
            .unwrap()
        + 1;
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("content/glossary.yaml:{second}:"),
        &["id `doms` is used twice", &format!("first at line {first}")],
    );
}

#[test]
fn topic_file_names_must_be_lowercase_words_joined_by_hyphens() {
    let fx = Fixture::new();
    let rest = fx.read("content/recovery/rest.md");
    for (name, suggested) in [
        ("rest copy.md", "rest-copy.md"),
        ("~$rest.md", "rest.md"),
        ("Gentle Stretching.md", "gentle-stretching.md"),
        ("Rest.md", "rest.md"),
        ("ice.MD", "ice.md"),
        ("heat.markdown", "heat.md"),
    ] {
        fx.write(&format!("content/recovery/{name}"), &rest);
        let err = fx.build_fails();
        assert_error(
            &err,
            &format!("content/recovery/{name}: file name `{name}`"),
            &[&format!("rename it to `{suggested}`")],
        );
        fs::remove_file(fx.root.join("content/recovery").join(name)).unwrap();
    }
    fx.write("content/recovery/_Section.yml", "title: x\n");
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/recovery/_Section.yml: file name",
        &["rename it to `_section.yaml`"],
    );
}

#[test]
fn editor_and_os_files_are_skipped_without_a_word() {
    let fx = Fixture::new();
    let rest = fx.read("content/recovery/rest.md");
    for name in [
        ".DS_Store",
        "rest.md~",
        ".#rest.md",
        "#rest.md#",
        ".rest.md.swp",
        "Thumbs.db",
    ] {
        fx.write(&format!("content/recovery/{name}"), &rest);
    }
    fx.write("content/.DS_Store", "junk");
    let output = fx.run(&["build", "--root", fx.root(), "--out", fx.out()]);
    let (stdout, stderr) = common::output_text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("with 0 warnings"), "{stdout}{stderr}");
    // Any other file in a section is not content, and the build says so.
    fx.write("content/recovery/notes.txt", "x");
    let output = fx.run(&["build", "--root", fx.root(), "--out", fx.out()]);
    let (stdout, stderr) = common::output_text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(
        stderr.contains("warning: content/recovery/notes.txt: ignored"),
        "{stderr}"
    );
}

#[test]
fn a_link_in_angle_brackets_with_spaces_is_checked_and_blames_the_content() {
    let fx = Fixture::new();
    // Before the naming rule, this topic built, its link passed, and the single-file guide
    // failed with an error naming templates/single.html.
    fx.write(
        "content/recovery/Gentle Stretching.md",
        fx.read("content/recovery/rest.md"),
    );
    let text = fx.read(DOMS);
    fx.write(
        DOMS,
        format!("{text}\nSee [stretching](<../recovery/Gentle Stretching.md>).\n"),
    );
    let line = fx.line_of(DOMS, "[stretching]");
    let err = fx.build_fails();
    assert_error(
        &err,
        "content/recovery/Gentle Stretching.md: file name",
        &["`gentle-stretching.md`"],
    );
    assert!(
        !err.contains("templates/"),
        "an error blames a template:\n{err}"
    );
    fs::remove_file(fx.root.join("content/recovery/Gentle Stretching.md")).unwrap();
    let err = fx.build_fails();
    assert_error(
        &err,
        &format!("{DOMS}:{line}: broken link `../recovery/Gentle Stretching.md`"),
        &[],
    );
    assert!(
        !err.contains("templates/"),
        "an error blames a template:\n{err}"
    );
}

#[test]
fn the_language_must_be_a_registered_bcp47_tag() {
    let fx = Fixture::new();
    let line = fx.line_of("content/guide.yaml", "language:");
    let mut written = fx
        .read("content/guide.yaml")
        .lines()
        .nth(line - 1)
        .unwrap()
        .to_string();
    for bad in ["English", "en_GB", "xx-Qqqq-ZZ9"] {
        let now = format!("language: {bad}");
        fx.replace("content/guide.yaml", &written, &now);
        written = now;
        let err = fx.build_fails();
        assert_error(
            &err,
            &format!("content/guide.yaml:{line}: language `{bad}` is not a BCP 47 language tag"),
            &[],
        );
        assert!(err.contains("`en-GB` for British English"), "{err}");
    }
}

/// Build, which must succeed; returns stderr.
fn builds_with_warnings(fx: &Fixture) -> String {
    let output = fx.run(&["build", "--root", fx.root(), "--out", fx.out()]);
    let (stdout, stderr) = common::output_text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    stderr
}

#[test]
fn two_topics_with_one_title_an_empty_body_and_an_unused_term_are_warnings() {
    let fx = Fixture::new();
    assert!(!builds_with_warnings(&fx).contains("warning:"));
    let strain = fx.read("content/causes/muscle-strain.md");
    fx.replace(
        "content/causes/muscle-strain.md",
        strain.lines().nth(1).unwrap(),
        "title: Soreness that starts later (DOMS)",
    );
    let rest = fx.read("content/recovery/rest.md");
    let close = rest.match_indices("\n---\n").next().unwrap().0 + 5;
    fx.write("content/recovery/rest.md", &rest[..close]);
    let glossary = fx.read("content/glossary.yaml");
    fx.write(
        "content/glossary.yaml",
        format!("{glossary}- id: sciatica\n  term: sciatica\n  definition: Pain along the nerve down the leg.\n"),
    );
    // The rest page's anchor is gone now; drop the link to it.
    fx.replace(
        DOMS,
        "(../recovery/rest.md#what-to-do)",
        "(../recovery/rest.md)",
    );
    let stderr = builds_with_warnings(&fx);
    assert!(
        stderr.contains("warning: content/causes/muscle-strain.md:2: the title `Soreness that starts later (DOMS)` is also the title of content/causes/doms.md (line 2)"),
        "{stderr}"
    );
    let body_line = rest[..close].lines().count();
    assert!(
        stderr.contains(&format!(
            "warning: content/recovery/rest.md:{body_line}: this topic has no text"
        )),
        "{stderr}"
    );
    let term_line = glossary.lines().count() + 1;
    assert!(
        stderr.contains(&format!(
            "warning: content/glossary.yaml:{term_line}: no page uses the term `sciatica`"
        )),
        "{stderr}"
    );
}
