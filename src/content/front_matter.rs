//! Topic front matter: the fields every topic has, and the typed fields of each section.

use super::{Date, Lines};
use crate::diagnostic::Diagnostic;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Front matter as written. Every field any section allows is listed, so that serde rejects a
/// misspelt name; `TopicFields::from_raw` then rejects a field of another section.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    /// The page title.
    title: String,
    /// One sentence: the meta description and the line under the title in lists.
    summary: String,
    /// Topics are listed by weight, then by file name (default 0).
    #[serde(default)]
    weight: i64,
    /// Topic paths from content/, such as `causes/doms.md`, shown as "Related".
    #[serde(default)]
    related: Vec<String>,
    /// Ids from sources.yaml that this topic relies on.
    #[serde(default)]
    sources: Vec<String>,
    /// Words readers may search for that the page does not use, e.g. `[ice, ice pack]`.
    #[serde(default)]
    keywords: Vec<String>,
    /// This page's own last review date, `YYYY-MM-DD` (default: guide.yaml's).
    #[serde(default)]
    reviewed: Option<Date>,
    /// This page's own next review date, `YYYY-MM-DD` (default: guide.yaml's).
    #[serde(default)]
    next_review: Option<Date>,
    onset: Option<Onset>,
    /// causes sections: how it feels, as a list of short phrases.
    feels_like: Option<Vec<String>>,
    /// differentiation sections: how this sign looks when it is muscle soreness.
    soreness: Option<String>,
    /// differentiation sections: how this sign looks when it may be an injury.
    injury: Option<String>,
    when: Option<When>,
    phase: Option<Phase>,
    tier: Option<Tier>,
    /// warning-signs sections: the symptoms, in plain words.
    signs: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicFields {
    pub title: String,
    pub summary: String,
    pub weight: i64,
    pub related: Vec<String>,
    pub sources: Vec<String>,
    /// Extra words readers may search for that the page does not use, e.g. "ice".
    pub keywords: Vec<String>,
    /// This topic's own review dates, when it was checked apart from the guide (guide.yaml
    /// `review` otherwise).
    pub reviewed: Option<Date>,
    pub next_review: Option<Date>,
    pub kind: TopicKind,
}

/// The fields that belong to one section only.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TopicKind {
    Cause {
        onset: Onset,
        feels_like: Vec<String>,
    },
    Differentiation {
        soreness: String,
        injury: String,
    },
    Recovery {
        when: When,
    },
    Prevention {
        phase: Phase,
    },
    WarningSign {
        tier: Tier,
        signs: Vec<String>,
    },
    /// A page with no section fields: the about page, or a topic of a `general` section.
    Plain,
}

/// When a cause's pain tends to start.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Onset {
    /// During the activity or right after it.
    During,
    Hours {
        from_hours: u32,
        to_hours: u32,
    },
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum When {
    #[serde(rename = "first-48-hours")]
    First48Hours,
    Later,
    EveryDay,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Before,
    During,
    After,
    Between,
}

/// How soon to get help. Ordered from least to most urgent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    Routine,
    Urgent,
    Emergency,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Routine => "routine",
            Tier::Urgent => "urgent",
            Tier::Emergency => "emergency",
        }
    }
}

/// What a section holds, declared by `kind:` in its `_section.yaml`. The kind, not the folder's
/// name, says which typed fields its topics have, so an author may name folders freely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// What may be behind the pain: each topic has `onset` and `feels_like`.
    Causes,
    /// Telling two things apart: each topic has `soreness` and `injury`.
    Differentiation,
    /// Self-care: each topic has `when`.
    Recovery,
    /// Habits that help: each topic has `phase`.
    Prevention,
    /// When to get help: each topic has `tier` and `signs`.
    WarningSigns,
    /// Plain topics with no fields of their own.
    General,
}

impl SectionKind {
    pub const ALL: [SectionKind; 6] = [
        SectionKind::Causes,
        SectionKind::Differentiation,
        SectionKind::Recovery,
        SectionKind::Prevention,
        SectionKind::WarningSigns,
        SectionKind::General,
    ];

    /// As written in `_section.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Causes => "causes",
            SectionKind::Differentiation => "differentiation",
            SectionKind::Recovery => "recovery",
            SectionKind::Prevention => "prevention",
            SectionKind::WarningSigns => "warning-signs",
            SectionKind::General => "general",
        }
    }

    pub fn parse(text: &str) -> Option<SectionKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The fields every topic of a section of this kind must have besides the common ones.
    pub fn fields(self) -> &'static [&'static str] {
        section_fields(self.as_str())
    }
}

/// The kind-only fields, by kind, so errors can say which kind owns a field.
pub const SECTION_FIELDS: &[(&str, &[&str])] = &[
    ("causes", &["onset", "feels_like"]),
    ("differentiation", &["soreness", "injury"]),
    ("recovery", &["when"]),
    ("prevention", &["phase"]),
    ("warning-signs", &["tier", "signs"]),
];

/// The fields topics of sections of `kind` must have besides the common ones (none for
/// `general`).
pub fn section_fields(kind: &str) -> &'static [&'static str] {
    SECTION_FIELDS
        .iter()
        .find(|(s, _)| *s == kind)
        .map_or(&[], |(_, fields)| fields)
}

impl TopicFields {
    /// Check that the topic has exactly the fields its section asks for.
    pub fn from_raw(
        raw: RawFrontMatter,
        section: &str,
        kind: SectionKind,
        lines: &Lines,
    ) -> Result<Self, Vec<Diagnostic>> {
        let present: Vec<&str> = [
            ("onset", raw.onset.is_some()),
            ("feels_like", raw.feels_like.is_some()),
            ("soreness", raw.soreness.is_some()),
            ("injury", raw.injury.is_some()),
            ("when", raw.when.is_some()),
            ("phase", raw.phase.is_some()),
            ("tier", raw.tier.is_some()),
            ("signs", raw.signs.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, is_set)| is_set.then_some(name))
        .collect();

        let allowed = kind.fields();

        let mut errors = Vec::new();
        for field in &present {
            if !allowed.contains(field) {
                let owner = SECTION_FIELDS
                    .iter()
                    .find(|(_, fields)| fields.contains(field))
                    .map_or("", |(s, _)| s);
                let expected = if allowed.is_empty() {
                    "this page takes only title, summary, weight, related, sources and keywords"
                        .to_string()
                } else {
                    format!(
                        "topics in {section}/ (kind {}) take {}",
                        kind.as_str(),
                        allowed.join(", ")
                    )
                };
                errors.push(Diagnostic::at(
                    &lines.file,
                    lines.of(field),
                    format!("field `{field}` belongs to sections of kind {owner}; {expected}"),
                ));
            }
        }
        for field in allowed {
            if !present.contains(field) {
                errors.push(Diagnostic::at(
                    &lines.file,
                    lines.first_line,
                    format!(
                        "missing required field `{field}` (every topic in {section}/, a section of kind {}, needs {})",
                        kind.as_str(),
                        allowed.join(" and ")
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let kind = match kind {
            SectionKind::Causes => TopicKind::Cause {
                onset: raw.onset.expect("checked above"),
                feels_like: raw.feels_like.expect("checked above"),
            },
            SectionKind::Differentiation => TopicKind::Differentiation {
                soreness: raw.soreness.expect("checked above"),
                injury: raw.injury.expect("checked above"),
            },
            SectionKind::Recovery => TopicKind::Recovery {
                when: raw.when.expect("checked above"),
            },
            SectionKind::Prevention => TopicKind::Prevention {
                phase: raw.phase.expect("checked above"),
            },
            SectionKind::WarningSigns => TopicKind::WarningSign {
                tier: raw.tier.expect("checked above"),
                signs: raw.signs.expect("checked above"),
            },
            SectionKind::General => TopicKind::Plain,
        };
        Ok(TopicFields {
            title: raw.title,
            summary: raw.summary,
            weight: raw.weight,
            related: raw.related,
            sources: raw.sources,
            keywords: raw.keywords,
            reviewed: raw.reviewed,
            next_review: raw.next_review,
            kind,
        })
    }
}

impl<'de> Deserialize<'de> for Onset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OnsetVisitor;
        const EXPECTED: &str = "`during` or a mapping `{ from_hours: N, to_hours: M }`";

        impl<'de> Visitor<'de> for OnsetVisitor {
            type Value = Onset;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTED)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Onset, E> {
                match v {
                    "during" => Ok(Onset::During),
                    other => Err(E::custom(format!(
                        "unknown onset `{other}`, expected {EXPECTED}"
                    ))),
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Onset, A::Error> {
                let (mut from, mut to) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "from_hours" => from = Some(map.next_value::<u32>()?),
                        "to_hours" => to = Some(map.next_value::<u32>()?),
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["from_hours", "to_hours"],
                            ))
                        }
                    }
                }
                let from = from.ok_or_else(|| de::Error::missing_field("from_hours"))?;
                let to = to.ok_or_else(|| de::Error::missing_field("to_hours"))?;
                if from > to {
                    return Err(de::Error::custom(format!(
                        "onset from_hours ({from}) is after to_hours ({to})"
                    )));
                }
                Ok(Onset::Hours {
                    from_hours: from,
                    to_hours: to,
                })
            }
        }

        deserializer.deserialize_any(OnsetVisitor)
    }
}
