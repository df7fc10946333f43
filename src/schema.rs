//! JSON Schemas for the files an author writes, generated from the types that load them, so an
//! editor can check and complete them as the author types. `backguide schema` writes them to
//! `schemas/`; `.vscode/settings.json` maps each to its files.
//!
//! The schemas say what loading accepts: unknown fields are refused wherever the type refuses
//! them, and a field that loading requires (even one the type holds as an `Option`, so that it
//! can report the line) is required. Rules that span files (a link names a page, an id is
//! defined once) are for `backguide check` alone.

use crate::content::search_terms::RawTerm;
use crate::content::{Date, GlossaryEntry, GuideSettings, Onset, SectionSettings, SourceEntry};
use crate::content::{RawFrontMatter, SECTION_FIELDS};
use crate::decision::RawTree;
use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// One schema and the files it is for.
#[derive(Debug, Clone)]
pub struct SchemaFile {
    /// The file name in `schemas/`, e.g. `guide.schema.json`.
    pub name: String,
    /// The files it describes, as a glob from the root, e.g. `content/*/_section.yaml`.
    pub applies_to: String,
    /// The schema, pretty-printed with sorted keys and a final newline.
    pub json: String,
}

/// Every schema, in a fixed order: the YAML files, then topic front matter, one per section
/// kind, then the one for pages without section fields.
pub fn all() -> Vec<SchemaFile> {
    let mut files = vec![
        file::<GuideSettings>(
            "guide",
            "content/guide.yaml",
            "The guide's settings: content/guide.yaml.",
        ),
        file::<SectionSettings>(
            "section",
            "content/*/_section.yaml",
            "A section's title, summary and intro: content/<section>/_section.yaml.",
        ),
        file::<Vec<GlossaryEntry>>(
            "glossary",
            "content/glossary.yaml",
            "Medical terms and their plain definitions: content/glossary.yaml.",
        ),
        file::<Vec<SourceEntry>>(
            "sources",
            "content/sources.yaml",
            "The sources the guide is built from: content/sources.yaml.",
        ),
        file::<Vec<RawTerm>>(
            "search",
            "content/search.yaml",
            "Readers' words for the guide's, for search: content/search.yaml.",
        ),
        file::<RawTree>(
            "decision",
            "content/decision.yaml",
            "The decision page's tree: content/decision.yaml.",
        ),
        words(),
    ];
    for (kind, _) in SECTION_FIELDS {
        files.push(front_matter(
            &format!("topic-{kind}"),
            &format!("content/<a section of kind {kind}>/*.md"),
            &format!(
                "The front matter of a topic in a section whose _section.yaml says `kind: {kind}`."
            ),
            kind,
        ));
    }
    files.push(front_matter(
        "topic",
        "content/about.md",
        "The front matter of content/about.md, and of topics in a section of kind general.",
        "",
    ));
    files
}

/// content/words.yaml: any key of the built-in words, each a text, with the built-in text as
/// its description so an editor shows what it rewords.
fn words() -> SchemaFile {
    let groups: Map<String, Value> = crate::content::Words::built_in()
        .groups()
        .iter()
        .map(|(group, keys)| {
            let properties: Map<String, Value> = keys
                .iter()
                .map(|(key, text)| {
                    let schema = serde_json::json!({
                        "type": "string",
                        "minLength": 1,
                        "description": format!("Built in: {text}"),
                    });
                    (key.clone(), schema)
                })
                .collect();
            let schema = serde_json::json!({
                "type": "object",
                "additionalProperties": false,
                "properties": properties,
            });
            (group.clone(), schema)
        })
        .collect();
    let schema = json_schema!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "additionalProperties": false,
        "properties": groups,
    });
    finish(
        "words",
        "content/words.yaml",
        "The guide's own words for the interface, over the built-in ones: content/words.yaml.",
        schema,
    )
}

fn generator() -> SchemaGenerator {
    SchemaSettings::draft07().into_generator()
}

fn file<T: JsonSchema>(stem: &str, applies_to: &str, title: &str) -> SchemaFile {
    finish(
        stem,
        applies_to,
        title,
        generator().into_root_schema_for::<T>(),
    )
}

/// Topic front matter for a section of `kind`: the common fields, plus the kind's own,
/// required. The other kinds' fields are left out, so an editor refuses them as loading does.
fn front_matter(stem: &str, applies_to: &str, title: &str, kind: &str) -> SchemaFile {
    let mut schema = generator().into_root_schema_for::<RawFrontMatter>();
    let own = crate::content::section_fields(kind);
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        for (_, fields) in SECTION_FIELDS {
            for field in fields.iter().filter(|f| !own.contains(f)) {
                properties.remove(*field);
            }
        }
        // Required, so `null` (read as absent) is no longer allowed.
        for field in own {
            if let Some(property) = properties.get_mut(*field) {
                *property = without_null(property.take());
            }
        }
    }
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.extend(own.iter().map(|f| Value::from(*f)));
    }
    finish(stem, applies_to, title, schema)
}

fn finish(stem: &str, applies_to: &str, title: &str, mut schema: Schema) -> SchemaFile {
    schema.insert("title".into(), title.into());
    // The types' own doc comments are written for developers.
    schema.remove("description");
    let mut value = schema.to_value();
    drop_unused_definitions(&mut value);
    let mut json = serde_json::to_string_pretty(&sorted(value)).expect("a schema serialises");
    json.push('\n');
    SchemaFile {
        name: format!("{stem}.schema.json"),
        applies_to: applies_to.to_string(),
        json,
    }
}

/// `T | null` as schemars writes an `Option<T>` → `T`.
fn without_null(mut schema: Value) -> Value {
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            schema["type"] = types.remove(0);
        }
    }
    let any_of = schema
        .get("anyOf")
        .and_then(Value::as_array)
        .map(|options| {
            options
                .iter()
                .filter(|o| o.get("type").is_none_or(|t| t != "null"))
                .cloned()
                .collect::<Vec<_>>()
        });
    if let Some(mut options) = any_of {
        let object = schema.as_object_mut().expect("a property is an object");
        object.remove("anyOf");
        if options.len() == 1 {
            if let Value::Object(only) = options.remove(0) {
                object.extend(only);
            }
        } else {
            object.insert("anyOf".into(), options.into());
        }
    }
    schema
}

/// Definitions that nothing refers to any more (another section's field types), removed until
/// none is left.
fn drop_unused_definitions(schema: &mut Value) {
    loop {
        let Some(Value::Object(definitions)) = schema.get("definitions") else {
            return;
        };
        let text = serde_json::to_string(schema).expect("a schema serialises");
        let unused: Vec<String> = definitions
            .keys()
            .filter(|name| !text.contains(&format!("\"#/definitions/{name}\"")))
            .cloned()
            .collect();
        if unused.is_empty() {
            return;
        }
        let definitions = schema["definitions"]
            .as_object_mut()
            .expect("checked above");
        for name in unused {
            definitions.remove(&name);
        }
        if definitions.is_empty() {
            schema
                .as_object_mut()
                .expect("a schema is an object")
                .remove("definitions");
        }
    }
}

/// `value` with every object's keys in order, so the output is the same whichever map
/// serde_json was built with (its `preserve_order` feature keeps insertion order).
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted(v)))
                    .collect::<Map<String, Value>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Written as text and read as it was written (see `Date`); checking then refuses a day that
/// does not exist, as `format: date` does in an editor.
impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date, YYYY-MM-DD, such as 2026-11-24.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

/// As Onset's hand-written `Deserialize` reads it. That `from_hours` is not after `to_hours` is
/// checked on loading only.
impl JsonSchema for Onset {
    fn schema_name() -> Cow<'static, str> {
        "Onset".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let hours = json_schema!({ "type": "integer", "minimum": 0, "maximum": u32::MAX });
        json_schema!({
            "description": "When the pain tends to start: `during` (during the activity or right after it), or `{ from_hours: N, to_hours: M }`.",
            "oneOf": [
                { "const": "during" },
                {
                    "type": "object",
                    "properties": { "from_hours": hours, "to_hours": hours },
                    "required": ["from_hours", "to_hours"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_schema_requires_its_fields_and_leaves_out_the_others() {
        let schemas = all();
        let causes = schemas
            .iter()
            .find(|s| s.name == "topic-causes.schema.json")
            .expect("a schema for causes/");
        let value: Value = serde_json::from_str(&causes.json).unwrap();
        let required: Vec<&str> = value["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(required.contains(&"onset") && required.contains(&"feels_like"));
        assert!(value["properties"].get("tier").is_none());
        assert_eq!(value["properties"]["onset"]["$ref"], "#/definitions/Onset");
        assert_eq!(value["properties"]["feels_like"]["type"], "array");
        assert!(value["definitions"].get("Phase").is_none());
        assert_eq!(value["additionalProperties"], Value::Bool(false));
    }
}
