//! `backguide review`: every page with its review dates, overdue first.

use crate::content::{self, Date};
use crate::diagnostic::Diagnostics;
use crate::review::{self, Due};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Today's date, in UTC (the same everywhere, so CI and a laptop agree).
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// `--today`: a real date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<time::Date, String> {
    Date::parse(text)
        .date
        .ok_or_else(|| format!("`{text}` is not a date; write a real date as YYYY-MM-DD"))
}

/// Print the list; with `strict`, fail when any review is overdue.
pub fn run(root: &Path, today: time::Date, strict: bool) -> Result<String, Diagnostics> {
    let (content, mut diags) = content::load(root)?;
    let pages = crate::pages::Pages::new(&content, None);
    crate::check::check(&content, &pages)
        .1
        .errors
        .into_iter()
        .for_each(|e| diags.error(e));
    let schedule = review::by_due_date(review::schedule(&content, &mut diags));
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    // A reader such as `head` may stop early; that is not an error.
    let _ = std::io::stdout().write_all(table(&schedule, today).as_bytes());
    let overdue = review::overdue_warnings(&schedule, today);
    let summary = format!(
        "{} page{}: {} review{} overdue (today is {today})",
        schedule.len() - 1,
        if schedule.len() == 2 { "" } else { "s" },
        overdue.len(),
        if overdue.len() == 1 { "" } else { "s" },
    );
    if strict && !overdue.is_empty() {
        let _ = writeln!(std::io::stdout(), "{summary}");
        return Err(super::strict_errors(overdue));
    }
    Ok(summary)
}

/// One line per page: when it is due, its dates, its file and title.
fn table(schedule: &[Due], today: time::Date) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:<18}  {:<11}  {:<13}  page",
        "status", "next review", "last review"
    );
    for due in schedule {
        let days = (due.next_review - today).whole_days();
        let status = match days {
            d if d < 0 => format!("OVERDUE by {} d", -d),
            0 => "due today".into(),
            d => format!("due in {d} d"),
        };
        let reviewed = match (due.own, due.reviewed) {
            (false, _) => "(the guide's)".to_string(),
            (true, Some(date)) => date.to_string(),
            (true, None) => "-".to_string(),
        };
        let _ = writeln!(
            text,
            "{status:<18}  {:<11}  {reviewed:<13}  {}: {}",
            due.next_review.to_string(),
            due.file,
            due.what()
        );
    }
    text
}
