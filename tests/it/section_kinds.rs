//! Section kinds: the folder name is the author's choice; `kind:` in `_section.yaml` decides a
//! topic's typed fields.

use crate::common;
use std::fs;
use std::path::Path;

/// Rename a section folder of a copy of the guide, and every reference to it in content/.
fn rename_section(root: &Path, from: &str, to: &str) {
    let content = root.join("content");
    fs::rename(content.join(from), content.join(to)).unwrap();
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        let path = entry.path();
        let is_text = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "yaml")
        );
        if entry.file_type().is_file() && is_text {
            let text = fs::read_to_string(path).unwrap();
            let renamed = text
                .replace(&format!("{from}/"), &format!("{to}/"))
                .replace(&format!("- {from}\n"), &format!("- {to}\n"))
                .replace(&format!("[{from}, "), &format!("[{to}, "))
                .replace(&format!(", {from}]"), &format!(", {to}]"));
            if renamed != text {
                fs::write(path, renamed).unwrap();
            }
        }
    }
}

#[test]
fn every_section_folder_can_be_renamed() {
    let dir = common::copy_of_the_guide();
    let renames = [
        ("prevention", "staying-safe"),
        ("causes", "why-it-hurts"),
        ("soreness-or-injury", "sore-or-hurt"),
        ("recovery", "getting-better"),
        ("warning-signs", "get-help"),
    ];
    for (from, to) in renames {
        rename_section(dir.path(), from, to);
    }
    let out = dir.path().join("out");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    for (from, to) in renames {
        assert!(!out.join(from).exists(), "{from}/ was still built");
        assert!(out.join(to).join("index.html").is_file(), "{to}/index.html");
    }
    // The typed fields still render under the new names: a cause's facts, a prevention phase tag.
    let doms = common::read(&out, "why-it-hurts/doms.html");
    assert!(doms.contains("What it feels like"), "cause facts missing");
    let warm_up = common::read(&out, "staying-safe/warm-up.html");
    assert!(
        warm_up.contains("class=\"tag\""),
        "prevention phase missing"
    );
}

#[test]
fn a_section_without_a_kind_names_the_file_and_the_kinds() {
    let dir = common::copy_of_the_guide();
    let section = dir.path().join("content/recovery/_section.yaml");
    let text = fs::read_to_string(&section).unwrap();
    fs::write(
        &section,
        text.replace("kind: recovery\n", "kind: recovry\n"),
    )
    .unwrap();
    let built = common::build(dir.path(), &dir.path().join("out"));
    let (_, stderr) = common::output_text(&built);
    assert!(!built.status.success());
    assert!(
        stderr.contains("content/recovery/_section.yaml:1")
            && stderr.contains("did you mean `recovery`")
            && stderr.contains("general"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("out").exists(),
        "a failed build wrote output"
    );
}

#[test]
fn a_general_section_takes_plain_topics() {
    let dir = common::copy_of_the_guide();
    let content = dir.path().join("content");
    fs::create_dir(content.join("stories")).unwrap();
    fs::write(
        content.join("stories/_section.yaml"),
        "kind: general\ntitle: Stories\nsummary: What readers told us.\nintro: Short stories.\n",
    )
    .unwrap();
    fs::write(
        content.join("stories/one.md"),
        "---\ntitle: One story\nsummary: A short story.\n---\nIt got better.\n",
    )
    .unwrap();
    let guide = content.join("guide.yaml");
    let text = fs::read_to_string(&guide).unwrap();
    fs::write(
        &guide,
        text.replace("  - warning-signs\n", "  - warning-signs\n  - stories\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    assert!(common::read(&out, "stories/one.html").contains("It got better."));
}
