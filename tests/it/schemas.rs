//! The editor schemas in schemas/: current with the types they are generated from, wired up for
//! VS Code, passed by every file of the real guide, and failed by broken samples that loading
//! refuses too.

use crate::common;

use backguide::schema::{self, SchemaFile};
use jsonschema::Validator;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn schemas() -> Vec<SchemaFile> {
    schema::all()
}

fn validator(name: &str) -> Validator {
    let file = schemas()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no schema {name}"));
    let schema: Value = serde_json::from_str(&file.json).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{name} is not a valid schema: {e}"))
}

/// The YAML as the schema sees it (the JSON data model), read by the tool's own YAML reader.
fn as_json(yaml: &str, file: &str) -> Value {
    backguide::yaml::parse::<Value>(yaml, file, 1)
        .unwrap_or_else(|d| panic!("{file}: {}", d.message))
}

/// A topic's front matter: the text between the opening and closing `---` lines.
fn front_matter(text: &str) -> &str {
    let rest = text
        .strip_prefix("---\n")
        .expect("front matter opens the file");
    let end = rest.find("\n---\n").expect("front matter is closed");
    &rest[..=end]
}

/// Every problem the schema `name` finds in `instance`, one line each.
fn problems(name: &str, instance: &Value) -> Vec<String> {
    validator(name)
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The schema for `path` (from content/), as `.vscode/settings.json` and README assign them.
fn schema_for(path: &str) -> String {
    let names: Vec<String> = schemas().into_iter().map(|s| s.name).collect();
    let stem = match path.split_once('/') {
        None => path
            .trim_end_matches(".yaml")
            .trim_end_matches(".md")
            .to_string(),
        Some((_, "_section.yaml")) => "section".to_string(),
        Some((section, _)) => format!("topic-{}", kind_of(section)),
    };
    let stem = if stem == "about" {
        "topic".into()
    } else {
        stem
    };
    let name = format!("{stem}.schema.json");
    if names.contains(&name) {
        name
    } else {
        "topic.schema.json".into()
    }
}

/// The `kind:` of the real guide's section folder `section`.
fn kind_of(section: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content")
        .join(section)
        .join("_section.yaml");
    let text = fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("kind:"))
        .map_or(String::new(), |k| k.trim().to_string())
}

/// The instance a schema checks in `path`: the whole YAML file, or a topic's front matter.
fn instance(path: &str, text: &str) -> Value {
    if path.ends_with(".md") {
        as_json(front_matter(text), path)
    } else {
        as_json(text, path)
    }
}

#[test]
fn the_committed_schemas_are_current() {
    let dir = common::repo_root().join("schemas");
    let mut stale = Vec::new();
    for file in schemas() {
        match fs::read_to_string(dir.join(&file.name)) {
            Ok(committed) if committed == file.json => {}
            Ok(_) => stale.push(format!("schemas/{} is out of date", file.name)),
            Err(_) => stale.push(format!("schemas/{} is missing", file.name)),
        }
    }
    let generated: Vec<String> = schemas().into_iter().map(|s| s.name).collect();
    for entry in fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !generated.contains(&name) {
            stale.push(format!(
                "schemas/{name} is not generated any more: delete it"
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nrun `backguide schema` (cargo run -- schema) and commit schemas/",
        stale.join("\n")
    );
}

#[test]
fn the_command_writes_the_same_files_and_leaves_others_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let out_arg = out.to_str().unwrap();

    let first = common::backguide(&["schema", "--out", out_arg]);
    let (stdout, stderr) = common::output_text(&first);
    assert!(first.status.success(), "{stderr}");
    let n = schemas().len();
    assert!(stdout.contains(&format!("{n} written")), "{stdout}");
    for file in schemas() {
        assert_eq!(fs::read_to_string(out.join(&file.name)).unwrap(), file.json);
    }
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");

    let again = common::backguide(&["schema", "--out", out_arg]);
    let (stdout, _) = common::output_text(&again);
    assert!(stdout.contains("0 written"), "{stdout}");

    let help = common::backguide(&["schema", "--help"]);
    let (stdout, _) = common::output_text(&help);
    assert!(stdout.contains("--out <DIR>") && stdout.contains("default: <root>/schemas"));
}

#[test]
fn vscode_maps_every_yaml_schema_to_its_files() {
    let text = fs::read_to_string(common::repo_root().join(".vscode/settings.json")).unwrap();
    let settings: Value = serde_json::from_str(&text).unwrap();
    let mapping = settings["yaml.schemas"]
        .as_object()
        .expect("yaml.schemas in .vscode/settings.json");
    let mut mapped = 0;
    for file in schemas() {
        let key = format!("./schemas/{}", file.name);
        let globs = match mapping.get(&key) {
            Some(Value::String(glob)) => vec![glob.clone()],
            Some(Value::Array(globs)) => globs
                .iter()
                .map(|g| g.as_str().unwrap().to_string())
                .collect(),
            _ => Vec::new(),
        };
        if file.applies_to.ends_with(".yaml") {
            assert!(
                globs.contains(&file.applies_to),
                "{key} should map to {} in .vscode/settings.json",
                file.applies_to
            );
            mapped += 1;
        }
    }
    assert_eq!(
        mapped, 7,
        "guide, section, glossary, sources, search, decision, words"
    );
    assert_eq!(mapping.len(), mapped, "only the YAML schemas are mapped");
}

#[test]
fn every_file_of_the_real_guide_passes_its_schema() {
    let content = common::repo_root().join("content");
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path
            .strip_prefix(&content)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !entry.file_type().is_file() || !(rel.ends_with(".yaml") || rel.ends_with(".md")) {
            continue;
        }
        let name = schema_for(&rel);
        let text = fs::read_to_string(path).unwrap();
        for problem in problems(&name, &instance(&rel, &text)) {
            failures.push(format!("content/{rel} ({name}): {problem}"));
        }
        checked.push(name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every schema was used, and every topic was checked.
    for file in schemas() {
        assert!(
            checked.contains(&file.name),
            "no file checked against {}",
            file.name
        );
    }
    assert!(checked.len() > 40, "only {} files checked", checked.len());
}

/// A change to one real file that loading refuses, so its schema must refuse it too.
struct Broken {
    file: &'static str,
    what: &'static str,
    edit: fn(&str) -> String,
}

fn add_after_first_line(text: &str, line: &str) -> String {
    let (first, rest) = text.split_once('\n').unwrap();
    format!("{first}\n{line}\n{rest}")
}

fn drop_line(text: &str, starting: &str) -> String {
    assert!(
        text.lines().any(|l| l.starts_with(starting)),
        "no line {starting}"
    );
    text.split_inclusive('\n')
        .filter(|l| !l.starts_with(starting))
        .collect()
}

fn replace_line(text: &str, starting: &str, with: &str) -> String {
    drop_line(text, starting).replacen("---\n", &format!("---\n{with}\n"), 1)
}

const BROKEN: &[Broken] = &[
    Broken {
        file: "words.yaml",
        what: "a misspelt key",
        edit: |t| t.replacen("  compare_minor:", "  compare_minr:", 1),
    },
    Broken {
        file: "words.yaml",
        what: "an empty text",
        edit: |t| format!("{t}\npage:\n  related: \"\"\n"),
    },
    Broken {
        file: "guide.yaml",
        what: "an unknown field",
        edit: |t| format!("{t}\ncolour: blue\n"),
    },
    Broken {
        file: "guide.yaml",
        what: "a review status that does not exist",
        edit: |t| {
            t.replacen(
                "status: not-clinically-reviewed",
                "status: reviewed-by-me",
                1,
            )
        },
    },
    Broken {
        file: "causes/_section.yaml",
        what: "no intro",
        edit: |t| {
            let start = t.find("intro:").unwrap();
            t[..start].to_string()
        },
    },
    Broken {
        file: "glossary.yaml",
        what: "a misspelt field",
        edit: |t| t.replacen("  definition:", "  defintion:", 1),
    },
    Broken {
        file: "sources.yaml",
        what: "an entry without an id",
        edit: |t| format!("{t}\n- title: A page with no id\n"),
    },
    Broken {
        file: "search.yaml",
        what: "an entry without `means`",
        edit: |t| format!("{t}\n- words: [sore bum]\n"),
    },
    Broken {
        file: "decision.yaml",
        what: "an outcome with answers",
        edit: |t| {
            t.replacen(
                "    type: outcome\n",
                "    type: outcome\n    answers: []\n",
                1,
            )
        },
    },
    Broken {
        file: "decision.yaml",
        what: "an unknown top-level field",
        edit: |t| format!("{t}\nversion: 2\n"),
    },
    Broken {
        file: "causes/doms.md",
        what: "a field of warning-signs/",
        edit: |t| add_after_first_line(t, "tier: urgent"),
    },
    Broken {
        file: "causes/doms.md",
        what: "an onset that is neither `during` nor hours",
        edit: |t| replace_line(t, "onset:", "onset: later"),
    },
    Broken {
        file: "soreness-or-injury/how-it-feels.md",
        what: "no `injury`",
        edit: |t| drop_line(t, "injury:"),
    },
    Broken {
        file: "recovery/rest.md",
        what: "a `when` that is not one of the three",
        edit: |t| replace_line(t, "when:", "when: tomorrow"),
    },
    Broken {
        file: "prevention/warm-up.md",
        what: "no `phase`",
        edit: |t| drop_line(t, "phase:"),
    },
    Broken {
        file: "warning-signs/cauda-equina.md",
        what: "a tier the topics do not use",
        edit: |t| replace_line(t, "tier:", "tier: self-care"),
    },
    Broken {
        file: "about.md",
        what: "a field that belongs to causes/",
        edit: |t| add_after_first_line(t, "onset: during"),
    },
    Broken {
        file: "about.md",
        what: "a misspelt field",
        edit: |t| add_after_first_line(t, "sumary: About this guide"),
    },
];

/// Whether loading the guide at `root` (its content, then its decision tree) fails.
fn loading_fails(root: &Path) -> bool {
    match backguide::content::load(root) {
        Err(_) => true,
        Ok((content, _)) => content
            .decision
            .as_ref()
            .is_some_and(|file| backguide::decision::load(file).is_err()),
    }
}

#[test]
fn each_broken_sample_fails_its_schema_as_it_fails_loading() {
    let guide = common::copy_of_the_guide();
    assert!(!loading_fails(guide.path()), "the real guide loads");
    let mut schemas_used = Vec::new();
    for broken in BROKEN {
        let path = guide.path().join("content").join(broken.file);
        let original = fs::read_to_string(&path).unwrap();
        let text = (broken.edit)(&original);
        assert_ne!(text, original, "{}: the edit changed nothing", broken.file);
        fs::write(&path, &text).unwrap();
        let refused_by_loader = loading_fails(guide.path());
        fs::write(&path, &original).unwrap();

        let name = schema_for(broken.file);
        let found = problems(&name, &instance(broken.file, &text));
        assert!(
            refused_by_loader,
            "{} with {}: loading accepts it, so the sample tests nothing",
            broken.file, broken.what
        );
        assert!(
            !found.is_empty(),
            "{} with {}: loading refuses it, but {name} accepts it",
            broken.file,
            broken.what
        );
        schemas_used.push(name);
    }
    for file in schemas() {
        assert!(
            schemas_used.contains(&file.name),
            "no broken sample for {}",
            file.name
        );
    }
}

#[test]
fn an_impossible_date_is_refused_as_check_refuses_it() {
    let guide = fs::read_to_string(common::repo_root().join("content/guide.yaml")).unwrap();
    let reviewed = guide
        .lines()
        .find(|l| l.trim_start().starts_with("reviewed:"))
        .unwrap();
    let broken = guide.replacen(reviewed, "  reviewed: 2026-02-31", 1);
    assert!(!problems("guide.schema.json", &as_json(&broken, "guide.yaml")).is_empty());
}

#[test]
fn a_topic_from_backguide_new_passes_its_schema() {
    let guide = common::copy_of_the_guide();
    let root = guide.path().to_str().unwrap();
    for section in fs::read_dir(guide.path().join("content")).unwrap() {
        let section = section.unwrap().file_name().to_string_lossy().into_owned();
        if !guide
            .path()
            .join("content")
            .join(&section)
            .join("_section.yaml")
            .is_file()
        {
            continue;
        }
        let topic = format!("{section}/a-new-topic");
        let output = common::backguide(&["new", &topic, "--root", root]);
        assert!(
            output.status.success(),
            "{}",
            common::output_text(&output).1
        );
        let rel = format!("{topic}.md");
        let text = fs::read_to_string(guide.path().join("content").join(&rel)).unwrap();
        let name = schema_for(&rel);
        assert_eq!(name, format!("topic-{}.schema.json", kind_of(&section)));
        let found = problems(&name, &instance(&rel, &text));
        assert!(found.is_empty(), "content/{rel}: {}", found.join("\n"));
    }
}
