//! Review dates: when the guide, and each page that has dates of its own, was last reviewed and
//! is next due. `backguide review` lists them; `build` and `check` warn about an overdue one.
//! Only warnings depend on today's date, never what is built.

use crate::check::check_date;
use crate::content::{Content, Page};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// One page's review dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The file that holds the dates: `content/guide.yaml` for the whole guide, else a topic's.
    pub file: String,
    /// The line of `next_review` in it.
    pub line: usize,
    /// The page's title; `None` for the guide as a whole.
    pub title: Option<String>,
    pub reviewed: Option<time::Date>,
    pub next_review: time::Date,
    /// False when the page has no dates of its own, so the guide's apply.
    pub own: bool,
}

impl Due {
    pub fn is_overdue(&self, today: time::Date) -> bool {
        self.next_review < today
    }

    /// `the whole guide`, or the page's title in quotes.
    pub fn what(&self) -> String {
        match &self.title {
            Some(title) => format!("\"{title}\""),
            None => "the whole guide".into(),
        }
    }
}

/// The guide first, then every topic and the about page in reading order. A page's own dates
/// must be real dates, the next review after the last (errors in `diags`); a page whose dates
/// are wrong is left out, as is the guide when its own are (`crate::check` reports those).
pub fn schedule(content: &Content, diags: &mut Diagnostics) -> Vec<Due> {
    let review = &content.guide.review;
    let Some(guide_next) = review.next_review.date else {
        return Vec::new();
    };
    let guide = Due {
        file: content.guide_lines.file.clone(),
        line: content.guide_lines.of("next_review"),
        title: None,
        reviewed: review.reviewed.date,
        next_review: guide_next,
        own: true,
    };
    let pages = content
        .sections
        .iter()
        .flat_map(|s| s.topics.iter().map(|t| &**t))
        .chain([&content.about]);
    let mut list = vec![guide.clone()];
    for page in pages {
        if let Some(due) = page_dates(page, &guide, diags) {
            list.push(due);
        }
    }
    list
}

fn page_dates(page: &Page, guide: &Due, diags: &mut Diagnostics) -> Option<Due> {
    let lines = &page.front_matter;
    let fields = &page.fields;
    let mut errors = Diagnostics::default();
    let reviewed = fields
        .reviewed
        .as_ref()
        .and_then(|d| check_date(d, "reviewed", lines, &mut errors));
    let next = fields
        .next_review
        .as_ref()
        .and_then(|d| check_date(d, "next_review", lines, &mut errors));
    if let (Some(r), Some(n)) = (reviewed, next) {
        if n <= r {
            errors.error(Diagnostic::at(
                page.file(),
                lines.of("next_review"),
                format!("next_review ({n}) must be after reviewed ({r})"),
            ));
        }
    }
    if fields.reviewed.is_some() && fields.next_review.is_none() {
        errors.error(Diagnostic::at(
            page.file(),
            lines.of("reviewed"),
            "a page with its own `reviewed` date needs `next_review` too: when it is next due",
        ));
    }
    let failed = errors.has_errors();
    diags.extend(errors);
    if failed {
        return None;
    }
    Some(match next {
        Some(next_review) => Due {
            file: page.file().to_string(),
            line: lines.of("next_review"),
            title: Some(page.fields.title.clone()),
            reviewed,
            next_review,
            own: true,
        },
        None => Due {
            file: page.file().to_string(),
            title: Some(page.fields.title.clone()),
            own: false,
            ..guide.clone()
        },
    })
}

/// A warning for each overdue review, at its `next_review` line. Pages that take the guide's
/// dates are covered by the guide's warning.
pub fn overdue_warnings(schedule: &[Due], today: time::Date) -> Vec<Diagnostic> {
    schedule
        .iter()
        .filter(|due| due.own && due.is_overdue(today))
        .map(|due| {
            let days = (today - due.next_review).whole_days();
            Diagnostic::at(
                &due.file,
                due.line,
                format!(
                    "the review of {} was due on {} ({days} day{} ago): check the content, \
                     then set reviewed to the day you did and next_review to when it is next due",
                    due.what(),
                    due.next_review,
                    if days == 1 { "" } else { "s" },
                ),
            )
        })
        .collect()
}

/// By due date, so the overdue come first (the longest overdue at the top); ties in reading
/// order.
pub fn by_due_date(mut schedule: Vec<Due>) -> Vec<Due> {
    schedule.sort_by_key(|due| due.next_review);
    schedule
}
