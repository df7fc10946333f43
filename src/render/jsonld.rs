//! schema.org `MedicalWebPage` JSON-LD for each page, written with serde_json so every string
//! is escaped correctly, then made safe to sit inside a `<script>` element.

use crate::util::json::script_safe;
use serde::Deserialize;
use serde_json::{json, Value};
use tera::Tera;

/// What the template function `medical_jsonld(page=page, site=site)` reads from its arguments:
/// the fields of `site` and `page` that every template context has.
#[derive(Debug)]
pub struct Args {
    pub site: Site,
    pub page: Page,
}

#[derive(Debug)]
pub struct Site {
    pub title: String,
    pub language: String,
    pub review: Review,
    pub base_url: Option<String>,
}

/// `site.review`: the JSON-LD claims a review only when a clinician is named.
#[derive(Debug, Deserialize)]
pub struct Review {
    pub clinically_reviewed: bool,
    #[serde(default)]
    pub reviewer: Option<String>,
    pub dates: ReviewDates,
}

#[derive(Debug, Deserialize)]
pub struct ReviewDates {
    pub reviewed: String,
}

#[derive(Debug)]
pub struct Page {
    pub title: String,
    pub summary: String,
    /// The output path, e.g. `causes/doms.html`.
    pub path: String,
}

/// The JSON-LD of one page; `url` is set only with a base URL.
pub fn medical_web_page(site: &Site, page: &Page) -> String {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.summary,
        "inLanguage": site.language,
        "about": { "@type": "MedicalCondition", "name": site.title },
        "isPartOf": { "@type": "WebSite", "name": site.title },
    });
    let Value::Object(map) = &mut ld else {
        unreachable!("json! of an object is an object")
    };
    if let (true, Some(reviewer)) = (site.review.clinically_reviewed, &site.review.reviewer) {
        map.insert("lastReviewed".into(), json!(site.review.dates.reviewed));
        map.insert(
            "reviewedBy".into(),
            json!({ "@type": "Person", "name": reviewer }),
        );
    }
    if let Some(base) = &site.base_url {
        map.insert("url".into(), Value::String(format!("{base}{}", page.path)));
    }
    script_safe(&ld.to_string())
}

/// The template function `medical_jsonld(page=page, site=site)`: the page's schema.org JSON-LD,
/// already safe inside `<script type="application/ld+json">` (write it with `| safe`). A function
/// rather than a page field, so every page gets it, whichever module renders the page.
pub fn register_function(tera: &mut Tera) {
    tera.register_function(
        "medical_jsonld",
        |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let args = args_of(&kwargs)?;
            Ok(medical_web_page(&args.site, &args.page))
        },
    );
}

/// The fields [`Args`] holds, read one by one: deserializing the whole of `site` and `page`
/// walked every section, word and page body, 1.6% of a build at 10,000 topics.
fn args_of(kwargs: &tera::Kwargs) -> tera::TeraResult<Args> {
    let site: &tera::Value = kwargs.must_get("site")?;
    let page: &tera::Value = kwargs.must_get("page")?;
    let text = |value: &tera::Value, path: &str| {
        (value.get_from_path(path).and_then(tera::Value::as_str)).map(str::to_string)
    };
    let field = |of: &str, value: &tera::Value, path: &str| -> tera::TeraResult<String> {
        text(value, path)
            .ok_or_else(|| tera::Error::message(format!("medical_jsonld: {of}.{path} is not text")))
    };
    let review = site
        .get_from_path("review")
        .ok_or_else(|| tera::Error::message("medical_jsonld: site.review is missing"))?;
    Ok(Args {
        site: Site {
            title: field("site", site, "title")?,
            language: field("site", site, "language")?,
            review: Review::deserialize(review).map_err(tera::Error::message)?,
            base_url: text(site, "base_url"),
        },
        page: Page {
            title: field("page", page, "title")?,
            summary: field("page", page, "summary")?,
            path: field("page", page, "path")?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_url: Option<&str>) -> Site {
        Site {
            title: "Back pain </script><script>alert(1)</script>".into(),
            language: "en-GB".into(),
            review: Review {
                clinically_reviewed: false,
                reviewer: None,
                dates: ReviewDates {
                    reviewed: "2026-11-24".into(),
                },
            },
            base_url: base_url.map(str::to_string),
        }
    }

    fn doms() -> Page {
        Page {
            title: "DOMS".into(),
            summary: "Soreness & aches".into(),
            path: "causes/doms.html".into(),
        }
    }

    #[test]
    fn claims_no_review_until_a_clinician_is_named_and_cannot_close_the_script() {
        let text = medical_web_page(&site(None), &doms());
        assert!(!text.contains('<'), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["@type"], "MedicalWebPage");
        assert!(v.get("lastReviewed").is_none(), "{text}");
        assert!(v.get("reviewedBy").is_none(), "{text}");
        assert_eq!(v["inLanguage"], "en-GB");
        assert_eq!(v["description"], "Soreness & aches");
        assert_eq!(
            v["about"]["name"],
            "Back pain </script><script>alert(1)</script>"
        );
        assert!(v.get("url").is_none());
    }

    #[test]
    fn a_clinical_review_is_claimed_with_its_reviewer_and_date() {
        let mut reviewed = site(None);
        reviewed.review.clinically_reviewed = true;
        reviewed.review.reviewer = Some("Dr A Example, GP".into());
        let v: Value = serde_json::from_str(&medical_web_page(&reviewed, &doms())).unwrap();
        assert_eq!(v["lastReviewed"], "2026-11-24");
        assert_eq!(v["reviewedBy"]["name"], "Dr A Example, GP");
        assert_eq!(v["reviewedBy"]["@type"], "Person");
    }

    #[test]
    fn has_an_absolute_url_with_a_base_url() {
        let text = medical_web_page(&site(Some("https://example.org/guide/")), &doms());
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["url"], "https://example.org/guide/causes/doms.html");
    }

    #[test]
    fn the_template_function_reads_page_and_site() {
        let mut tera = tera::Tera::new();
        register_function(&mut tera);
        tera.add_raw_template(
            "t.html",
            "{{ medical_jsonld(page=page, site=site) | safe }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert(
            "page",
            &json!({"title": "T", "summary": "S", "path": "a.html", "kind": "topic"}),
        );
        ctx.insert(
            "site",
            &json!({"title": "G", "language": "en", "base_url": null, "other": [1, 2],
                    "review": {"clinically_reviewed": true, "reviewer": "R",
                               "dates": {"reviewed": "2026-01-01", "next_review": "2027-01-01"}}}),
        );
        let v: Value = serde_json::from_str(&tera.render("t.html", &ctx).unwrap()).unwrap();
        assert_eq!(v["name"], "T");
        assert_eq!(v["reviewedBy"]["name"], "R");
        assert!(v.get("url").is_none());

        ctx.insert("page", &json!({"title": "T", "path": "a.html"}));
        let error = format!("{:?}", tera.render("t.html", &ctx).unwrap_err());
        assert!(error.contains("page.summary is not text"), "{error}");
    }
}
