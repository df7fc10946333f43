//! Reading `content/decision.yaml` into the model, with the line of every node, answer and finding.
//!
//! Fields are optional in the raw types and required here, so that a missing field is reported
//! at the node or answer that lacks it (serde_yaml gives no line for a missing field).

use super::model::{
    Answer, Finding, GuideLink, Node, NodeKind, Outcome, Question, Tier, Tree, RESERVED_NODE_IDS,
};
use crate::content::SourceFile;
use crate::diagnostic::Diagnostic;
use crate::yaml;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTree {
    title: String,
    intro: String,
    start: String,
    #[schemars(extend("propertyNames" = { "pattern": "^[a-z0-9_]+$" }))]
    findings: OrderedMap<RawFinding>,
    #[schemars(extend("propertyNames" = { "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" }))]
    nodes: OrderedMap<RawNode>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Finding")]
struct RawFinding {
    #[schemars(required)]
    label: Option<String>,
    #[serde(default)]
    red_flag: bool,
}

#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "NodeType")]
enum RawType {
    Question,
    Outcome,
}

// In the schema, each type requires its own fields and refuses the other's, as `node_kind` does.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Node")]
#[schemars(extend(
    "if" = { "properties": { "type": { "const": "question" } } },
    "then" = {
        "required": ["text", "answers"],
        "properties": { "tier": false, "title": false, "body": false, "links": false }
    },
    "else" = {
        "required": ["tier", "title", "body"],
        "properties": { "text": false, "help": false, "answers": false }
    }
))]
struct RawNode {
    #[serde(rename = "type")]
    #[schemars(required)]
    kind: Option<RawType>,
    text: Option<String>,
    help: Option<String>,
    answers: Option<Vec<RawAnswer>>,
    tier: Option<Tier>,
    title: Option<String>,
    body: Option<String>,
    links: Option<Vec<String>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Answer")]
struct RawAnswer {
    #[schemars(required)]
    label: Option<String>,
    #[serde(default)]
    findings: Vec<String>,
    #[schemars(required)]
    next: Option<String>,
    #[serde(default)]
    unsure: bool,
}

/// A YAML mapping kept in the order it was written, duplicates included, so that the page
/// follows the author's order and a duplicate id can be reported rather than lost.
struct OrderedMap<T>(Vec<(String, T)>);

/// A mapping from id to `T`, as it is written.
impl<T: JsonSchema> JsonSchema for OrderedMap<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("{}s", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "object", "additionalProperties": generator.subschema_for::<T>() })
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of ids")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    items.push((key, value));
                }
                Ok(OrderedMap(items))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// Parse and type the tree. Returns every problem found in the file's shape; the rules about
/// how nodes connect are checked afterwards by `check`.
pub fn load(file: &SourceFile) -> Result<Tree, Vec<Diagnostic>> {
    let raw: RawTree = yaml::parse(&file.text, &file.path, 1).map_err(|d| vec![d])?;
    let lines = Lines::new(&file.text);
    let mut errors = Vec::new();
    let err = |line: usize, message: String| Diagnostic::at(&file.path, line, message);

    let mut findings = Vec::new();
    for (i, (id, raw)) in raw.findings.0.into_iter().enumerate() {
        let line = lines.child("findings", &id, i);
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            errors.push(err(
                line,
                format!("finding `{id}`: ids use only a-z, 0-9 and _, such as `sudden_onset`"),
            ));
        }
        if findings.iter().any(|f: &Finding| f.id == id) {
            errors.push(err(line, format!("finding `{id}` is defined twice")));
        }
        match raw.label.filter(|l| !l.trim().is_empty()) {
            Some(label) => findings.push(Finding {
                id,
                label,
                red_flag: raw.red_flag,
                line,
            }),
            None => errors.push(err(
                line,
                format!("finding `{id}` has no `label`: say in plain words what the reader has"),
            )),
        }
    }

    let mut nodes: Vec<Node> = Vec::new();
    for (i, (id, raw)) in raw.nodes.0.into_iter().enumerate() {
        let line = lines.child("nodes", &id, i);
        if !is_node_id(&id) {
            errors.push(err(line, format!("node `{id}`: ids use only a-z, 0-9 and single hyphens, such as `pain-at-night` (they become file names)")));
        }
        if RESERVED_NODE_IDS.contains(&id.as_str()) {
            errors.push(err(
                line,
                format!("node `{id}`: this id is taken by another page in decide/; choose another"),
            ));
        }
        if nodes.iter().any(|n| n.id == id) {
            errors.push(err(line, format!("node `{id}` is defined twice")));
        }
        match node_kind(&id, raw, &lines, i, line) {
            Ok(kind) => nodes.push(Node { id, line, kind }),
            Err(mut e) => {
                for d in &mut e {
                    d.file = file.path.clone();
                }
                errors.extend(e);
            }
        }
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Tree {
        file: file.path.clone(),
        title: raw.title,
        intro: raw.intro,
        intro_line: lines.top_value("intro").unwrap_or(1),
        start: raw.start,
        start_line: lines.top("start").unwrap_or(1),
        findings,
        findings_line: lines.top("findings").unwrap_or(1),
        nodes,
    })
}

fn is_node_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Type one node, requiring the fields of its type and refusing those of the other.
/// Diagnostics come back without a file; the caller fills it in.
fn node_kind(
    id: &str,
    raw: RawNode,
    lines: &Lines,
    index: usize,
    line: usize,
) -> Result<NodeKind, Vec<Diagnostic>> {
    let at = |field: &str| lines.field(index, field).unwrap_or(line);
    let err = |line: usize, message: String| Diagnostic::at("", line, message);
    let mut errors = Vec::new();
    let Some(kind) = raw.kind else {
        return Err(vec![err(
            line,
            format!("node `{id}` has no `type`: expected `type: question` or `type: outcome`"),
        )]);
    };
    let (own, other): (&[&str], [(&str, bool); 4]) = match kind {
        RawType::Question => (
            &["text", "help", "answers"],
            [
                ("tier", raw.tier.is_some()),
                ("title", raw.title.is_some()),
                ("body", raw.body.is_some()),
                ("links", raw.links.is_some()),
            ],
        ),
        RawType::Outcome => (
            &["tier", "title", "body", "links"],
            [
                ("text", raw.text.is_some()),
                ("help", raw.help.is_some()),
                ("answers", raw.answers.is_some()),
                ("", false),
            ],
        ),
    };
    for (field, present) in other {
        if present {
            errors.push(err(
                at(field),
                format!(
                    "node `{id}`: `{field}` does not belong to a {}; its fields are type, {}",
                    if kind == RawType::Question {
                        "question"
                    } else {
                        "outcome"
                    },
                    own.join(", ")
                ),
            ));
        }
    }
    let required = |value: Option<String>, field: &str, errors: &mut Vec<Diagnostic>| {
        let value = value.filter(|v| !v.trim().is_empty());
        if value.is_none() {
            errors.push(err(line, format!("node `{id}` has no `{field}`")));
        }
        value.unwrap_or_default()
    };

    let kind = match kind {
        RawType::Question => {
            let text = required(raw.text, "text", &mut errors);
            let mut answers = Vec::new();
            for (n, a) in raw.answers.unwrap_or_default().into_iter().enumerate() {
                let answer_line = lines.answer(index, n).unwrap_or(line);
                let what = format!("node `{id}`, answer {}", n + 1);
                let label = a.label.filter(|l| !l.trim().is_empty());
                if label.is_none() {
                    errors.push(err(answer_line, format!("{what} has no `label`")));
                }
                if a.next.is_none() {
                    errors.push(err(
                        answer_line,
                        format!("{what} has no `next`: the id of the node it leads to"),
                    ));
                }
                answers.push(Answer {
                    label: label.unwrap_or_default(),
                    findings: a.findings,
                    next: a.next.unwrap_or_default(),
                    unsure: a.unsure,
                    line: answer_line,
                });
            }
            NodeKind::Question(Question {
                text,
                help: raw.help.filter(|h| !h.trim().is_empty()),
                answers,
            })
        }
        RawType::Outcome => {
            if raw.tier.is_none() {
                errors.push(err(
                    line,
                    format!("node `{id}` has no `tier`: expected emergency, urgent, routine or self-care"),
                ));
            }
            let title = required(raw.title, "title", &mut errors);
            let body = required(raw.body, "body", &mut errors);
            NodeKind::Outcome(Outcome {
                tier: raw.tier.unwrap_or(Tier::Emergency),
                title,
                body,
                body_line: lines.value_line(index, "body").unwrap_or(line),
                links: raw
                    .links
                    .unwrap_or_default()
                    .into_iter()
                    .map(|path| GuideLink {
                        line: lines.in_node(index, &path).unwrap_or(line),
                        // Written as topics' bodies write them (`causes/doms.md#when`); the
                        // page paths (`causes/doms.html`) still work.
                        path: crate::util::names::output_link(&path),
                    })
                    .collect(),
            })
        }
    };
    if errors.is_empty() {
        Ok(kind)
    } else {
        Err(errors)
    }
}

/// Finds where things are written in a block-style YAML file, by indentation. Used only for
/// error lines; anything it cannot find falls back to the enclosing node's line.
pub(super) struct Lines<'a> {
    lines: Vec<&'a str>,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

/// `key:` at the start of `line` (after indentation), with optional quotes around the key.
fn has_key(line: &str, key: &str) -> bool {
    let t = line.trim_start();
    let t = t
        .strip_prefix(&format!("\"{key}\""))
        .or_else(|| t.strip_prefix(&format!("'{key}'")))
        .or_else(|| t.strip_prefix(key));
    t.is_some_and(|rest| rest.starts_with(':'))
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Lines {
            lines: text.lines().collect(),
        }
    }

    /// 1-based line of a top-level key.
    pub(super) fn top(&self, key: &str) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| indent(l) == 0 && has_key(l, key))
            .map(|i| i + 1)
    }

    /// 1-based line where the text of top-level `key:` starts: the same line for `key: text`,
    /// the next for a block scalar (`key: |`).
    pub(super) fn top_value(&self, key: &str) -> Option<usize> {
        let line = self.top(key)?;
        let value = self.lines[line - 1]
            .split_once(':')
            .map_or("", |(_, v)| v.trim());
        let block = value.is_empty() || value.starts_with('|') || value.starts_with('>');
        Some(if block { line + 1 } else { line })
    }

    /// 0-based line range (exclusive end) of the children of top-level `key`, and their indent.
    fn block(&self, key: &str) -> Option<(usize, usize, usize)> {
        let start = self.top(key)?; // 1-based line of the key = 0-based index of the next line
        let end = (start..self.lines.len())
            .find(|&i| is_content(self.lines[i]) && indent(self.lines[i]) == 0)
            .unwrap_or(self.lines.len());
        let child = (start..end)
            .find(|&i| is_content(self.lines[i]))
            .map(|i| indent(self.lines[i]))?;
        Some((start, end, child))
    }

    /// 0-based index of every child key line of a top-level block, in order.
    fn children(&self, key: &str) -> Vec<usize> {
        let Some((start, end, child)) = self.block(key) else {
            return Vec::new();
        };
        (start..end)
            .filter(|&i| {
                let l = self.lines[i];
                is_content(l) && indent(l) == child && l.contains(':')
            })
            .collect()
    }

    /// 1-based line of child `key` of the top-level block `block`. `index` is its position
    /// among the children, which tells duplicates apart.
    pub(super) fn child(&self, block: &str, key: &str, index: usize) -> usize {
        let children = self.children(block);
        match children.get(index) {
            Some(&i) if has_key(self.lines[i], key) => i + 1,
            _ => children
                .iter()
                .find(|&&i| has_key(self.lines[i], key))
                .map_or_else(|| self.top(block).unwrap_or(1), |&i| i + 1),
        }
    }

    /// 0-based line range of the `index`-th node.
    fn node_range(&self, index: usize) -> Option<(usize, usize)> {
        let children = self.children("nodes");
        let start = *children.get(index)?;
        let end = children
            .get(index + 1)
            .copied()
            .unwrap_or_else(|| self.block("nodes").map_or(self.lines.len(), |b| b.1));
        Some((start, end))
    }

    /// 1-based line of `field:` inside the `index`-th node.
    pub(super) fn field(&self, index: usize, field: &str) -> Option<usize> {
        let (start, end) = self.node_range(index)?;
        (start + 1..end)
            .find(|&i| has_key(self.lines[i].trim_start().trim_start_matches("- "), field))
            .map(|i| i + 1)
    }

    /// 1-based line where the text of `field:` inside the `index`-th node starts: the same
    /// line for `body: text`, the next for a block scalar (`body: |`).
    pub(super) fn value_line(&self, index: usize, field: &str) -> Option<usize> {
        let line = self.field(index, field)?;
        let value = self.lines[line - 1]
            .split_once(':')
            .map_or("", |(_, v)| v.trim());
        let block = value.is_empty() || value.starts_with('|') || value.starts_with('>');
        Some(if block { line + 1 } else { line })
    }

    /// 1-based line where the `n`-th answer of the `index`-th node starts (`- label: ...`).
    pub(super) fn answer(&self, index: usize, n: usize) -> Option<usize> {
        let (start, end) = self.node_range(index)?;
        let answers = (start + 1..end).find(|&i| has_key(self.lines[i], "answers"))?;
        let items: Vec<usize> = (answers + 1..end)
            .filter(|&i| {
                let t = self.lines[i].trim_start();
                t == "-" || t.starts_with("- ")
            })
            .collect();
        let item_indent = items.first().map(|&i| indent(self.lines[i]))?;
        items
            .into_iter()
            .filter(|&i| indent(self.lines[i]) == item_indent)
            .nth(n)
            .map(|i| i + 1)
    }

    /// 1-based line of the first line inside the `index`-th node that contains `needle`.
    pub(super) fn in_node(&self, index: usize, needle: &str) -> Option<usize> {
        let (start, end) = self.node_range(index)?;
        (start..end)
            .find(|&i| self.lines[i].contains(needle))
            .map(|i| i + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
title: T
intro: I
start: a
findings:
  x_y:
    label: X
nodes:
  # a comment
  a:
    type: question
    text: Q?
    answers:
      - label: Yes
        findings: [x_y]
        next: b
      -   label: No
          next: b
  b:
    type: outcome
    links: []
";

    #[test]
    fn lines_point_at_nodes_answers_and_fields() {
        let l = Lines::new(TEXT);
        assert_eq!(l.top("start"), Some(3));
        assert_eq!(l.child("findings", "x_y", 0), 5);
        assert_eq!(l.child("nodes", "a", 0), 9);
        assert_eq!(l.child("nodes", "b", 1), 18);
        assert_eq!(l.answer(0, 0), Some(13));
        assert_eq!(l.answer(0, 1), Some(16));
        assert_eq!(l.answer(0, 2), None);
        assert_eq!(l.field(1, "links"), Some(20));
        assert_eq!(l.field(0, "text"), Some(11));
    }

    #[test]
    fn a_missing_field_is_reported_at_its_node() {
        let file = SourceFile {
            path: "content/decision.yaml".into(),
            text: TEXT.into(),
        };
        let errors = load(&file).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter()
                .any(|e| e.starts_with("content/decision.yaml:18: node `b` has no `tier`")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|e| e.contains("node `b` has no `title`")),
            "{text:?}"
        );
    }

    #[test]
    fn fields_of_the_other_type_are_refused() {
        let text = TEXT.replace("    text: Q?\n", "    text: Q?\n    tier: urgent\n");
        let file = SourceFile {
            path: "content/decision.yaml".into(),
            text,
        };
        let errors = load(&file).unwrap_err();
        assert!(
            errors.iter().any(|e| e.line == Some(12)
                && e.message.contains("`tier` does not belong to a question")),
            "{errors:?}"
        );
    }
}
