//! The YAML files that are not topics: guide.yaml, _section.yaml, glossary.yaml, sources.yaml.

pub use crate::util::date::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuideSettings {
    /// The guide's title.
    pub title: String,
    /// One sentence: the home page's meta description.
    pub description: String,
    /// A BCP 47 language tag such as `en-GB`; becomes `<html lang>`.
    pub language: String,
    /// Whether a clinician has checked the guide, and when.
    pub review: Review,
    /// Shown in every page's footer.
    pub disclaimer: String,
    /// Markdown shown on the home page.
    pub intro: String,
    /// The emergency box on every page, and the one list of emergency signs.
    pub emergency: Emergency,
    /// The care cards that end the topics of some sections (NHS style: when to get help).
    #[serde(default)]
    pub care: Option<Care>,
    /// The section folders, in reading order, e.g. `[causes, recovery]`.
    pub sections: Vec<String>,
    /// Used only where an absolute URL is required (sitemap, canonical, Open Graph).
    #[serde(default)]
    pub base_url: Option<String>,
    /// How a reader reports a mistake: a link in every page's footer.
    #[serde(default)]
    pub report: Option<Report>,
}

/// "Report a problem with this page": the words of the link and the address it writes to.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The link's words, e.g. `Report a problem with this guide`.
    pub text: String,
    /// The email address the link opens a message to, e.g. `guide@example.org`.
    pub email: String,
}

/// Whether, when and by whom the guide was checked. Pages say plainly when no clinician has.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// `not-clinically-reviewed` until a clinician has checked the guide.
    pub status: ReviewStatus,
    /// The clinician who checked the guide; required when `status` is `clinically-reviewed`.
    #[serde(default)]
    pub reviewer: Option<String>,
    /// The date of the last review, `YYYY-MM-DD`.
    pub reviewed: Date,
    /// The date the next review is due, `YYYY-MM-DD`, after `reviewed`.
    pub next_review: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    NotClinicallyReviewed,
    ClinicallyReviewed,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Emergency {
    /// The emergency box's heading.
    pub heading: String,
    /// The one list of emergency signs: every page, the single file, the warning-sign topics,
    /// the care cards and the decision page show these words.
    pub signs: Vec<Sign>,
    /// Emergency numbers and where each applies, e.g. 999 in the UK.
    pub numbers: Vec<PhoneNumber>,
    /// Numbers for urgent help that is not an emergency, e.g. NHS 111.
    #[serde(default)]
    pub urgent_numbers: Vec<PhoneNumber>,
    /// Topic path of the "Read more" link, e.g. `warning-signs/cauda-equina.md`.
    pub more: String,
}

/// Care cards in the NHS pattern, the action in each heading. The emergency card lists
/// `emergency.signs`, so the red card and the emergency box always agree.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Care {
    /// Every topic of these sections ends with the three cards, e.g. `[causes, soreness-or-injury]`.
    pub sections: Vec<String>,
    pub emergency: EmergencyCard,
    pub urgent: CareCard,
    pub routine: CareCard,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyCard {
    /// e.g. "Call 999 or go to A&E now if you have back pain and:"
    pub heading: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CareCard {
    /// The card's heading, the action first.
    pub heading: String,
    /// When to take that action, one sign an item.
    pub signs: Vec<String>,
    /// A line under the list, e.g. where NHS 111 works and what to do elsewhere.
    #[serde(default)]
    pub note: Option<String>,
}

/// One emergency sign. `id` is the decision tree's red-flag finding for it, so the build can
/// prove the tree asks about every sign.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sign {
    /// The decision tree's red-flag finding for this sign, e.g. `saddle_numbness`.
    pub id: String,
    /// The sign in plain words.
    pub text: String,
}

/// A phone number a reader can tap.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneNumber {
    /// What to dial: digits only, e.g. `999`.
    pub number: String,
    /// The service's name when it has one, e.g. `NHS 111`.
    #[serde(default)]
    pub name: Option<String>,
    /// Where it works, read after "in": `the UK`, `England, Scotland and Wales`.
    #[serde(rename = "where")]
    pub applies_in: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionSettings {
    /// What the section holds, which sets its topics' fields: `causes`, `differentiation`,
    /// `recovery`, `prevention`, `warning-signs` or `general` (plain topics).
    #[schemars(with = "super::SectionKind")]
    pub kind: String,
    /// The section's title.
    pub title: String,
    /// One sentence: the line under the title in lists.
    pub summary: String,
    /// Markdown shown at the top of the section's page.
    pub intro: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// The anchor on glossary.html, e.g. `doms`.
    pub id: String,
    /// The term as pages write it, e.g. `delayed onset muscle soreness`.
    pub term: String,
    /// Other ways pages write it, e.g. `[DOMS]`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The plain definition.
    pub definition: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// What topics' `sources` lists name, e.g. `article`.
    pub id: String,
    /// The page's title.
    pub title: String,
    /// Who published it.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Its address, shown as text and never fetched.
    #[serde(default)]
    pub url: Option<String>,
    /// The words of the page that the guide relies on, quoted.
    #[serde(default)]
    pub note: Option<String>,
    /// True for a page the editors could not read when they wrote the guide: the sources page
    /// lists it apart, and says so.
    #[serde(default)]
    pub could_not_read: bool,
}
