//! The layers run one way: no module under `src/` imports from a layer after its own in the
//! table of `src/lib.rs` (its "Layers" section, the one place the order is written).
//!
//! Every `crate::`, `super::` and `self::` path is read, and every path that starts with the name
//! of a child module, in `use` items and in code alike, with comments, strings and character
//! literals blanked out first. Test modules inside a file are checked too.

use std::fs;
use std::path::Path;

/// One row of the table: its name and the module paths in it.
#[derive(Debug)]
struct Layer {
    name: String,
    modules: Vec<Vec<String>>,
}

/// The "Layers" table of the crate docs, bottom row first.
fn parse_table(lib_rs: &str) -> Vec<Layer> {
    let mut rows = lib_rs
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("//!"))
        .map(str::trim)
        .skip_while(|l| *l != "# Layers")
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2); // the header and the `| --- |` line
    let mut layers = Vec::new();
    for row in rows.by_ref() {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 2, "a layer row has two cells: {row}");
        let modules = cells[1]
            .split(',')
            .map(|m| m.trim().trim_matches('`'))
            .map(|m| m.split("::").map(str::to_string).collect())
            .collect();
        layers.push(Layer {
            name: cells[0].to_string(),
            modules,
        });
    }
    layers
}

/// The layer a module path is in: that of its longest prefix named in the table.
fn layer_of(layers: &[Layer], path: &[String]) -> Option<usize> {
    unit_of(layers, path).map(|(layer, _)| layer)
}

/// The layer and the table entry (`decision::render`, `links`) a module path falls under.
fn unit_of(layers: &[Layer], path: &[String]) -> Option<(usize, String)> {
    let mut best: Option<(usize, &Vec<String>)> = None;
    for (i, layer) in layers.iter().enumerate() {
        for m in &layer.modules {
            if path.starts_with(m) && best.is_none_or(|(_, b)| m.len() > b.len()) {
                best = Some((i, m));
            }
        }
    }
    best.map(|(i, m)| (i, m.join("::")))
}

/// `src/decision/render.rs` → `decision::render`; `src/util/mod.rs` → `util`.
fn module_of(file: &str) -> Vec<String> {
    let rel = file.strip_prefix("src/").unwrap_or(file);
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The text with comments, string literals and character literals replaced by spaces, line
/// breaks kept, so that only code is left and line numbers still count.
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, chars: &[char]| {
        for &ch in chars {
            out.push(if ch == '\n' { '\n' } else { ' ' });
        }
    };
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < c.len() {
        let prev_ident = i > 0 && ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            let end = c[i..]
                .iter()
                .position(|&ch| ch == '\n')
                .map_or(c.len(), |p| i + p);
            blank(&mut out, &c[i..end]);
            i = end;
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < c.len() && depth > 0 {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &c[i..j]);
            i = j;
        } else if c[i] == 'r'
            && (!prev_ident || (c[i - 1] == 'b' && (i < 2 || !ident(c[i - 2]))))
            && raw_string_hashes(&c[i + 1..]).is_some()
        {
            let hashes = raw_string_hashes(&c[i + 1..]).unwrap_or(0);
            let body = i + 2 + hashes;
            let closes = |j: usize| {
                c[j] == '"'
                    && c[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes
            };
            let mut j = body;
            while j < c.len() && !closes(j) {
                j += 1;
            }
            let end = (j + 1 + hashes).min(c.len());
            blank(&mut out, &c[i..end]);
            i = end;
        } else if c[i] == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(c.len());
            blank(&mut out, &c[i..end]);
            i = end;
        } else if c[i] == '\'' {
            // A character literal ('a', '\n', '\u{1F600}'), or else a lifetime or label ('a).
            let end = if c.get(i + 1) == Some(&'\\') {
                // Skip the escaped character itself, which may be `'`.
                (c.get(i + 3..).unwrap_or_default().iter())
                    .position(|&ch| ch == '\'')
                    .map(|p| i + 4 + p)
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(end) => {
                    blank(&mut out, &c[i..end]);
                    i = end;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// After the `r` of a raw string: how many `#` come before its `"`; `None` if it is not one.
fn raw_string_hashes(after_r: &[char]) -> Option<usize> {
    let hashes = after_r.iter().take_while(|&&ch| ch == '#').count();
    (after_r.get(hashes) == Some(&'"')).then_some(hashes)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    PathSep,
    Punct(char),
}

/// Identifiers, `::` and single punctuation, each with its line (from 1).
fn tokens(code: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = code.chars().collect();
    let (mut toks, mut line, mut i) = (Vec::new(), 1, 0);
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            toks.push((Tok::Ident(c[start..i].iter().collect()), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            toks.push((Tok::PathSep, line));
            i += 2;
        } else {
            toks.push((Tok::Punct(ch), line));
            i += 1;
        }
    }
    toks
}

/// The paths of a use tree or a plain path starting at `toks[*j]`, each as written (`crate`,
/// `super` and `self` kept), expanding `{a, b::c}` groups.
fn paths_from(
    toks: &[(Tok, usize)],
    j: &mut usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    loop {
        match toks.get(*j).map(|t| &t.0) {
            Some(Tok::Ident(s)) => {
                prefix.push(s.clone());
                *j += 1;
                if toks.get(*j).map(|t| &t.0) == Some(&Tok::PathSep) {
                    *j += 1;
                    continue;
                }
                out.push(prefix);
                return;
            }
            Some(Tok::Punct('{')) => {
                *j += 1;
                loop {
                    match toks.get(*j).map(|t| &t.0) {
                        None => return,
                        Some(Tok::Punct('}')) => {
                            *j += 1;
                            return;
                        }
                        Some(Tok::Punct(',')) => *j += 1,
                        Some(Tok::Ident(s)) if s == "as" => *j += 2,
                        _ => {
                            let before = *j;
                            paths_from(toks, j, prefix.clone(), out);
                            if *j == before {
                                *j += 1;
                            }
                        }
                    }
                }
            }
            _ => {
                out.push(prefix);
                return;
            }
        }
    }
}

/// A path as written in module `current`, made absolute (from the crate root).
fn absolute(current: &[String], written: &[String]) -> Option<Vec<String>> {
    let (mut base, mut rest) = match written.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &written[1..]),
        _ => (current.to_vec(), written),
    };
    while let Some(first) = rest.first() {
        match first.as_str() {
            "super" => {
                base.pop()?;
            }
            "self" => {}
            _ => break,
        }
        rest = &rest[1..];
    }
    base.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(base)
}

/// Every import of a layer after the importing module's own, as `file:line: …`, and every
/// module the table does not place.
fn violations(files: &[(String, String)], layers: &[Layer]) -> Vec<String> {
    read_imports(files, layers).0
}

/// An import from one entry of the table to another: (from, to, `file:line`).
type Edge = (String, String, String);

/// The problems `violations` reports, and every import between two entries of the table.
/// `files` are (path like `src/a/b.rs`, text); their module paths tell a child module from an
/// outside crate.
fn read_imports(files: &[(String, String)], layers: &[Layer]) -> (Vec<String>, Vec<Edge>) {
    let known: Vec<Vec<String>> = files.iter().map(|(f, _)| module_of(f)).collect();
    let mut found = Vec::new();
    let mut edges = Vec::new();
    for (file, text) in files {
        let file_module = module_of(file);
        if file_module.is_empty() {
            continue; // lib.rs declares the modules; it imports none
        }
        let Some((own, own_unit)) = unit_of(layers, &file_module) else {
            found.push(format!(
                "{file}: module `{}` is in no layer of the table in src/lib.rs",
                file_module.join("::")
            ));
            continue;
        };
        let toks = tokens(&code_only(text));
        // Inline modules (`mod tests { … }`): their names, and the brace depth that closes each.
        let (mut inline, mut depth, mut opening): (Vec<(String, usize)>, usize, Option<String>) =
            (Vec::new(), 0, None);
        let mut i = 0;
        while i < toks.len() {
            let current: Vec<String> = file_module
                .iter()
                .cloned()
                .chain(inline.iter().map(|(m, _)| m.clone()))
                .collect();
            match &toks[i].0 {
                Tok::Punct('{') => {
                    depth += 1;
                    if let Some(name) = opening.take() {
                        inline.push((name, depth));
                    }
                }
                Tok::Punct('}') => {
                    if inline.last().is_some_and(|(_, d)| *d == depth) {
                        inline.pop();
                    }
                    depth = depth.saturating_sub(1);
                }
                Tok::Punct(';') => opening = None,
                Tok::Ident(kw) if kw == "mod" => {
                    if let (Some((Tok::Ident(name), _)), Some((Tok::Punct('{'), _))) =
                        (toks.get(i + 1), toks.get(i + 2))
                    {
                        opening = Some(name.clone());
                    }
                }
                Tok::Ident(first) => {
                    let starts_path = i == 0 || toks[i - 1].0 != Tok::PathSep;
                    let then_path = toks.get(i + 1).map(|t| &t.0) == Some(&Tok::PathSep);
                    let mut child = current.clone();
                    child.push(first.clone());
                    let relative = matches!(first.as_str(), "crate" | "super" | "self")
                        || known.contains(&child);
                    if starts_path && then_path && relative {
                        let line = toks[i].1;
                        let mut written = Vec::new();
                        let mut j = i;
                        paths_from(&toks, &mut j, Vec::new(), &mut written);
                        for path in &written {
                            let Some(target) = absolute(&current, path) else {
                                found.push(format!(
                                    "{file}:{line}: `{}` leaves the crate",
                                    path.join("::")
                                ));
                                continue;
                            };
                            if let Some((_, unit)) = unit_of(layers, &target) {
                                if unit != own_unit {
                                    edges.push((own_unit.clone(), unit, format!("{file}:{line}")));
                                }
                            }
                            match layer_of(layers, &target) {
                                Some(to) if to > own => found.push(format!(
                                    "{file}:{line}: `{}` (layer \"{}\") imports `{}` from the later layer \"{}\"",
                                    file_module.join("::"),
                                    layers[own].name,
                                    path.join("::"),
                                    layers[to].name
                                )),
                                Some(_) => {}
                                None if target.is_empty() => {}
                                None => found.push(format!(
                                    "{file}:{line}: `{}` names `{}`, in no layer of the table",
                                    path.join("::"),
                                    target.join("::")
                                )),
                            }
                        }
                        i = j.max(i + 1);
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    (found, edges)
}

/// Each import that closes a circle between entries of the table (even within one layer, as
/// `decision` and `links` were): `a → b at file:line, and b leads back to a`.
fn cycles(files: &[(String, String)], layers: &[Layer]) -> Vec<String> {
    let edges = read_imports(files, layers).1;
    let leads_to = |from: &str, to: &str| {
        let (mut seen, mut todo) = (vec![from.to_string()], vec![from.to_string()]);
        while let Some(at) = todo.pop() {
            for (a, b, _) in &edges {
                if *a == at && !seen.contains(b) {
                    seen.push(b.clone());
                    todo.push(b.clone());
                }
            }
        }
        seen.iter().any(|s| s == to)
    };
    // One line for each pair of entries, at its first import.
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    let mut found = Vec::new();
    for (a, b, at) in &edges {
        if !pairs.contains(&(a, b)) && leads_to(b, a) {
            pairs.push((a, b));
            found.push(format!(
                "{at}: `{a}` imports from `{b}`, which leads back to `{a}`"
            ));
        }
    }
    found
}

fn sources_under(dir: &Path, root: &Path, files: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources_under(&path, root, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((name, fs::read_to_string(&path).unwrap()));
        }
    }
}

fn table() -> Vec<Layer> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    parse_table(&fs::read_to_string(root.join("src/lib.rs")).unwrap())
}

#[test]
fn no_module_imports_from_a_later_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources_under(&root.join("src"), root, &mut files);
    // The binary is its own crate: its `crate::` is not the library's.
    files.retain(|(f, _)| f != "src/main.rs");
    let layers = table();
    assert!(
        layers.len() > 5,
        "the Layers table of src/lib.rs: {layers:?}"
    );
    let found = violations(&files, &layers);
    assert!(
        found.is_empty(),
        "imports against the layer order of src/lib.rs (move the item down, or the module up):\n{}",
        found.join("\n")
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources_under(&root.join("src"), root, &mut files);
    files.retain(|(f, _)| f != "src/main.rs");
    let found = cycles(&files, &table());
    assert!(
        found.is_empty(),
        "modules importing in a circle (move the shared item to a lower module):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_circle_within_one_layer_is_caught() {
    let files: Vec<(String, String)> = [
        ("src/links.rs", "fn f() { crate::decision::PAGE; }\n"),
        ("src/decision/mod.rs", "use crate::links::LinkIndex;\n"),
    ]
    .iter()
    .map(|(f, t)| (f.to_string(), t.to_string()))
    .collect();
    let found = cycles(&files, &table());
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("src/links.rs:1: `links` imports from `decision`"),
        "{found:?}"
    );
}

#[test]
fn the_table_names_every_top_level_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let layers = table();
    for line in lib.lines() {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(';'))
        {
            assert!(
                layers
                    .iter()
                    .any(|l| l.modules.contains(&vec![name.to_string()])),
                "`{name}` is declared in src/lib.rs but has no row in its Layers table"
            );
        }
    }
}

fn fake(files: &[(&str, &str)]) -> Vec<String> {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    violations(&files, &table())
}

#[test]
fn an_import_from_a_later_layer_is_caught_with_its_line() {
    let found = fake(&[
        ("src/util/mod.rs", "pub mod html;\n"),
        (
            "src/util/html.rs",
            "//! x\n\nuse crate::render::template_error;\n",
        ),
        ("src/render/mod.rs", "mod context;\n"),
    ]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("src/util/html.rs:3: "), "{found:?}");
    assert!(
        found[0].contains("`crate::render::template_error`"),
        "{found:?}"
    );
}

#[test]
fn groups_super_self_child_and_inline_paths_are_followed() {
    let found = fake(&[
        // In a group, beside an allowed import.
        ("src/check.rs", "use crate::{links::LinkIndex, site::Site};\n"),
        // `super::super` out of decision/, and a child module named from its parent.
        ("src/decision/graph.rs", "fn f() { super::super::offline::slug(); }\n"),
        ("src/decision/mod.rs", "mod render;\npub use render::outputs;\nfn g() { self::render::x(); }\n"),
        ("src/decision/render.rs", "\n"),
        // Inside a function body of a test module.
        ("src/links.rs", "#[cfg(test)]\nmod tests {\n    use super::*;\n    fn t() { crate::search::SearchIndex::new(); }\n}\n"),
    ]);
    let at: Vec<&str> = found.iter().map(|f| f.split(' ').next().unwrap()).collect();
    assert_eq!(
        at,
        [
            "src/check.rs:1:",
            "src/decision/graph.rs:1:",
            "src/decision/mod.rs:2:",
            "src/decision/mod.rs:3:",
            "src/links.rs:4:"
        ],
        "{found:#?}"
    );
}

#[test]
fn words_in_comments_strings_and_characters_are_not_imports() {
    let found = fake(&[(
        "src/util/x.rs",
        "//! see crate::site\n/* crate::site /* nested */ crate::site */\n\
         const A: &str = \"crate::site::x \\\" crate::site\";\n\
         const B: &str = r#\"crate::site \" crate::site\"#;\n\
         const C: char = '\"'; fn f<'a>(x: &'a str) -> &'a str { x }\n\
         const D: &str = \"ok\";\n",
    )]);
    assert!(found.is_empty(), "{found:?}");
    // … but code after them is still read.
    let found = fake(&[("src/util/x.rs", "const C: char = '\"'; use crate::site;\n")]);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_module_outside_the_table_is_reported() {
    let found = fake(&[("src/newthing.rs", "use crate::util::html::escape;\n")]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("in no layer"), "{found:?}");
}
