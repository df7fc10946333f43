//! Geometry of the onset timeline: when each cause's pain tends to start, drawn from the
//! causes' `onset` fields. The SVG markup itself is `templates/timeline.svg`.

use crate::content::{Onset, Section, TopicKind, Words};
use crate::pages::{Kind, Pages};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Timeline {
    pub width: u32,
    pub height: u32,
    pub axis_y: u32,
    pub chart_left: u32,
    pub chart_right: u32,
    pub ticks: Vec<Tick>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct Tick {
    pub x: u32,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub label: String,
    pub path: String,
    /// Plain-words description, also used as the text alternative.
    pub when: String,
    /// The hours alone, beside the bar: "24 to 72 hours".
    pub range: String,
    pub during: bool,
    pub y: u32,
    pub x1: u32,
    pub x2: u32,
}

// A narrow drawing, so that its text stays readable when scaled down to a 360 px phone.
const WIDTH: u32 = 400;
const LEFT: u32 = 14;
const RIGHT: u32 = 380;
const ROW: u32 = 52;
const TOP: u32 = 8;

/// `None` when no section has topics with an `onset`. The topics are `pages`' (the page table).
pub fn timeline(sections: &[Section], pages: &Pages, words: &Words) -> Option<Timeline> {
    let causes: Vec<(&str, String, Onset)> = pages
        .iter()
        .filter_map(|page| match page.kind {
            Kind::Topic { section, topic } => Some((page, &sections[section].topics[topic])),
            _ => None,
        })
        .filter_map(|(page, t)| match &t.fields.kind {
            TopicKind::Cause { onset, .. } => {
                Some((page.title.as_str(), page.output.clone(), *onset))
            }
            _ => None,
        })
        .collect();
    if causes.is_empty() {
        return None;
    }
    let max_hours = causes
        .iter()
        .map(|(_, _, o)| match o {
            Onset::During => 0,
            Onset::Hours { to_hours, .. } => *to_hours,
        })
        .max()
        .unwrap_or(0);
    // Whole days, with a day to spare after the latest onset.
    let span = (max_hours / 24 + 1).max(2) * 24;
    let x = |hours: u32| LEFT + (RIGHT - LEFT) * hours / span;

    let rows = causes
        .into_iter()
        .enumerate()
        .map(|(i, (label, path, onset))| {
            let y = TOP + i as u32 * ROW;
            let (during, x1, x2, when, range) = match onset {
                Onset::During => (
                    true,
                    x(0),
                    x(0) + 10,
                    words.get("timeline", "during").to_string(),
                    String::new(),
                ),
                Onset::Hours {
                    from_hours,
                    to_hours,
                } => {
                    let (from, to) = (from_hours.to_string(), to_hours.to_string());
                    let hours = [("from", from.as_str()), ("to", to.as_str())];
                    (
                        false,
                        x(from_hours),
                        x(to_hours),
                        words.fill("timeline", "hours", &hours),
                        words.fill("timeline", "range", &hours),
                    )
                }
            };
            Row {
                label: label.to_string(),
                path,
                when,
                range,
                during,
                y,
                x1,
                x2,
            }
        })
        .collect::<Vec<_>>();
    let axis_y = TOP + rows.len() as u32 * ROW;
    let ticks = (0..=span)
        .step_by(24)
        .map(|h| Tick {
            x: x(h),
            label: words.fill("timeline", "tick", &[("hours", &h.to_string())]),
        })
        .collect();
    Some(Timeline {
        width: WIDTH,
        height: axis_y + 40,
        axis_y,
        chart_left: LEFT,
        chart_right: RIGHT,
        ticks,
        rows,
    })
}
