//! Phone numbers as links. Every number in guide.yaml's `emergency.numbers` and
//! `emergency.urgent_numbers` becomes a `tel:` link wherever it is shown, with a label a screen
//! reader reads well, so an emergency number is always one tap away on a phone. The partial
//! `partials/phone.html` and the filter `tel_links` (for text written in content, such as
//! "call 999") both use the labels made here.

use crate::content::{PhoneNumber, Words};
use crate::util::find;
use serde::{Deserialize, Serialize};

/// A number as the templates see it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Phone {
    pub number: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(rename = "where")]
    pub applies_in: String,
    /// What a screen reader says for the link: "Call 999, the emergency number in the UK".
    pub label: String,
}

impl Phone {
    pub fn new(n: &PhoneNumber, urgent: bool, words: &Words) -> Phone {
        let called = n.name.as_deref().unwrap_or(&n.number);
        let key = match (urgent, called == n.number) {
            (false, true) => "label",
            (false, false) => "label_named",
            (true, true) => "urgent_label",
            (true, false) => "urgent_label_named",
        };
        let label = words.fill(
            "emergency",
            key,
            &[
                ("called", called),
                ("number", &n.number),
                ("where", &n.applies_in),
            ],
        );
        Phone {
            number: n.number.clone(),
            name: n.name.clone(),
            applies_in: n.applies_in.clone(),
            label,
        }
    }
}

/// `site.emergency` as `tel_links(emergency=site.emergency)` reads it.
#[derive(Deserialize)]
pub struct Lists {
    pub numbers: Vec<Phone>,
    #[serde(default)]
    pub urgent_numbers: Vec<Phone>,
}

/// `html` with each known number in its text (outside tags, entities and existing links) made a
/// `tel:` link. A number must be a whole run of digits: "call 999." links, "01999" does not.
pub fn link_numbers(html: &str, lists: &Lists) -> String {
    let phones: Vec<&Phone> = lists.numbers.iter().chain(&lists.urgent_numbers).collect();
    if !may_hold_a_number(html, lists) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut in_link = 0usize;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = find::byte(rest, b'>').map_or(rest.len(), |i| i + 1);
                let tag = &rest[..end];
                if is_link(tag, false) {
                    in_link += 1;
                } else if is_link(tag, true) {
                    in_link = in_link.saturating_sub(1);
                }
                out.push_str(tag);
                rest = &rest[end..];
            }
            '&' => {
                let end = rest.find(';').map_or(1, |i| i + 1);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            '0'..='9' => {
                let end = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                let digits = &rest[..end];
                let standalone = stands_alone(&out, &rest[end..]);
                match phones.iter().find(|p| p.number == digits) {
                    Some(p) if in_link == 0 && standalone => {
                        out.push_str(&format!(
                            "<a class=\"tel\" href=\"tel:{}\" aria-label=\"{}\">{}</a>",
                            p.number,
                            crate::util::html::escape(&p.label),
                            digits
                        ));
                    }
                    _ => out.push_str(digits),
                }
                rest = &rest[end..];
            }
            _ => {
                // Copy plain text up to the next character that may start something.
                // Bytes, not chars: the three kinds looked for are ASCII.
                let end = (rest.bytes())
                    .position(|b| b == b'<' || b == b'&' || b.is_ascii_digit())
                    .unwrap_or(rest.len())
                    .max(c.len_utf8());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Most pages' text holds no number at all, and then [`link_numbers`] would copy it unchanged:
/// a search for each number's digits is much quicker than its walk.
fn may_hold_a_number(html: &str, lists: &Lists) -> bool {
    (lists.numbers.iter().chain(&lists.urgent_numbers))
        .any(|p| p.number.is_empty() || find::holds(html, &p.number))
}

/// Whether digits between `before` and `after` are a number of their own, not part of a word, a
/// web address or a file name (`nhs-111`, `111.wales.nhs.uk`); a full stop ending a sentence is fine.
pub fn stands_alone(before: &str, after: &str) -> bool {
    let joined = |c: char| c.is_alphanumeric() || "-_/:#=?@".contains(c);
    let prev_ok = before
        .chars()
        .next_back()
        .is_none_or(|c| !joined(c) && c != '.');
    let mut next = after.chars();
    let next_ok = match next.next() {
        None => true,
        Some('.') => next.next().is_none_or(|c| !c.is_alphanumeric()),
        Some(c) => !joined(c),
    };
    prev_ok && next_ok
}

/// Whether `tag` is `<a ...>` (or `</a>` with `close`).
fn is_link(tag: &str, close: bool) -> bool {
    let start = if close { "</a" } else { "<a" };
    tag.len() > start.len()
        && tag[..start.len()].eq_ignore_ascii_case(start)
        && tag[start.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
}

/// Register `tel_links(emergency=site.emergency)`: HTML in, HTML with the numbers linked out.
/// Every page passes the same `site.emergency`, so its numbers are read from it once, not once
/// a page; a page with no number in it comes back as it was, not copied.
pub fn register_filter(tera: &mut tera::Tera) {
    let last: std::sync::Mutex<Option<(tera::Value, std::sync::Arc<Lists>)>> = Default::default();
    tera.register_filter(
        "tel_links",
        move |html: tera::Value,
              kwargs: tera::Kwargs,
              _: &tera::State|
              -> tera::TeraResult<tera::Value> {
            let emergency: tera::Value = kwargs.must_get("emergency")?;
            let lists = {
                let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                match &*last {
                    Some((value, lists)) if super::cached::same_value(value, &emergency) => {
                        lists.clone()
                    }
                    _ => {
                        let lists = std::sync::Arc::new(
                            Lists::deserialize(&emergency).map_err(tera::Error::message)?,
                        );
                        *last = Some((emergency, lists.clone()));
                        lists
                    }
                }
            };
            let text = html
                .as_str()
                .ok_or_else(|| tera::Error::message("tel_links: the value filtered is not text"))?;
            if !may_hold_a_number(text, &lists) {
                return Ok(html);
            }
            Ok(tera::Value::from(link_numbers(text, &lists)))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> Lists {
        let words = Words::built_in();
        let n = |number: &str, name: Option<&str>, applies_in: &str| PhoneNumber {
            number: number.into(),
            name: name.map(str::to_string),
            applies_in: applies_in.into(),
        };
        Lists {
            numbers: vec![Phone::new(&n("999", None, "the UK"), false, &words)],
            urgent_numbers: vec![Phone::new(
                &n("111", Some("NHS 111"), "England"),
                true,
                &words,
            )],
        }
    }

    #[test]
    fn labels_read_well() {
        let l = lists();
        assert_eq!(
            l.numbers[0].label,
            "Call 999, the emergency number in the UK"
        );
        assert_eq!(
            l.urgent_numbers[0].label,
            "Call NHS 111 on 111, for urgent medical help that is not an emergency, in England"
        );
    }

    #[test]
    fn numbers_in_text_become_links() {
        let out = link_numbers("<p><strong>Call 999 now</strong> or NHS 111.</p>", &lists());
        assert_eq!(
            out,
            "<p><strong>Call <a class=\"tel\" href=\"tel:999\" aria-label=\"Call 999, the emergency number in the UK\">999</a> now</strong> or NHS <a class=\"tel\" href=\"tel:111\" aria-label=\"Call NHS 111 on 111, for urgent medical help that is not an emergency, in England\">111</a>.</p>"
        );
    }

    #[test]
    fn other_digits_entities_tags_and_links_are_left_alone() {
        let html = "<p id=\"s999\">19990 &#111; <a href=\"tel:999\">999</a> 12 to 48 \
                    https://111.wales.nhs.uk/ nhs-111 999.html</p>";
        assert_eq!(link_numbers(html, &lists()), html);
    }

    #[test]
    fn text_that_holds_no_number_is_kept_as_it_is() {
        let html = "<p id=\"s99\">1999 &#11; <a href=\"x.html\">12</a> 48 hours</p>";
        assert_eq!(link_numbers(html, &lists()), html);
        // One number present: the others' absence does not skip the walk.
        let out = link_numbers("<p>19 or 111</p>", &lists());
        assert!(out.ends_with(">111</a></p>"), "{out}");
    }

    #[test]
    fn text_after_a_link_is_linked_again() {
        let out = link_numbers("<a href=\"x.html\">x</a> 999", &lists());
        assert!(out.ends_with(">999</a>"), "{out}");
    }

    #[test]
    fn the_filter_reads_each_emergency_value_and_escapes_as_a_filter_does() {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        register_filter(&mut tera);
        tera.add_raw_template("t.html", "{{ text | tel_links(emergency=e) }}")
            .unwrap();
        let emergency = |number: &str| {
            let phone = |n: &str| serde_json::json!({"number": n, "where": "here", "label": format!("Call {n}")});
            tera::Value::from_serializable(&serde_json::json!({"numbers": [phone(number)]}))
        };
        let render = |e: &tera::Value, text: &str| {
            let mut ctx = tera::Context::new();
            ctx.insert_value("e", e.clone());
            ctx.insert("text", text);
            tera.render("t.html", &ctx).unwrap()
        };
        let (nine, one) = (emergency("999"), emergency("111"));
        assert!(render(&nine, "call 999").contains("href=&quot;tel:999&quot;"));
        // Kept, but escaped all the same: the filter's output is not marked safe.
        assert_eq!(
            render(&nine, "<b>no number</b>"),
            "&lt;b&gt;no number&lt;/b&gt;"
        );
        // Another emergency value is read again, not taken from the last.
        assert!(!render(&one, "call 999").contains("tel:"));
        assert!(render(&one, "call 111").contains("tel:111"));
        assert!(render(&nine, "call 999").contains("tel:999"));
    }
}
