//! schema.org `MedicalWebPage` JSON-LD for each page, written with serde_json so every string
//! is escaped correctly, then made safe to sit inside a `<script>` element.

use crate::content::GuideSettings;
use serde_json::{json, Value};

/// The JSON-LD of one page. `path` is the page's output path; `url` is set only with a base URL.
pub fn medical_web_page(guide: &GuideSettings, title: &str, summary: &str, path: &str) -> String {
    let mut page = json!({
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": title,
        "description": summary,
        "inLanguage": guide.language,
        "lastReviewed": guide.reviewed,
        "reviewedBy": { "@type": "Organization", "name": guide.reviewer },
        "about": { "@type": "MedicalCondition", "name": guide.title },
        "isPartOf": { "@type": "WebSite", "name": guide.title },
    });
    if let (Some(base), Value::Object(map)) = (&guide.base_url, &mut page) {
        map.insert("url".into(), Value::String(format!("{base}{path}")));
    }
    script_safe(&page.to_string())
}

/// JSON that cannot end its `<script>` element or open a comment in it: `<`, `>` and `&` only
/// occur inside JSON strings, where `\u003c` and friends mean the same characters.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide(base_url: Option<&str>) -> GuideSettings {
        let yaml = r#"
title: "Back pain </script><script>alert(1)</script>"
description: d
language: en-GB
reviewed: 2026-11-24
next_review: 2027-11-24
reviewer: The editors
disclaimer: x
intro: x
emergency: { heading: h, signs: [s], numbers: n, more: m.md }
sections: []
"#;
        let mut g: GuideSettings = serde_yaml::from_str(yaml).unwrap();
        g.base_url = base_url.map(str::to_string);
        g
    }

    #[test]
    fn has_the_review_fields_and_cannot_close_the_script() {
        let text = medical_web_page(&guide(None), "DOMS", "Soreness & aches", "causes/doms.html");
        assert!(!text.contains("</"), "{text}");
        assert!(!text.contains('<'), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["@type"], "MedicalWebPage");
        assert_eq!(v["lastReviewed"], "2026-11-24");
        assert_eq!(v["reviewedBy"]["name"], "The editors");
        assert_eq!(v["inLanguage"], "en-GB");
        assert_eq!(v["description"], "Soreness & aches");
        assert_eq!(
            v["about"]["name"],
            "Back pain </script><script>alert(1)</script>"
        );
        assert!(v.get("url").is_none());
    }

    #[test]
    fn has_an_absolute_url_with_a_base_url() {
        let text = medical_web_page(
            &guide(Some("https://example.org/guide/")),
            "DOMS",
            "s",
            "causes/doms.html",
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["url"], "https://example.org/guide/causes/doms.html");
    }
}
