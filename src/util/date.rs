//! Dates as authors write them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date as written, `YYYY-MM-DD`, and the real date it names. Loading keeps what was
/// written even when it names no date (`2026-02-31`), so that checking can report it at its own
/// line: serde_yaml would place an error raised here at the start of the enclosing mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    pub written: String,
    /// `None` when `written` is not a real date; `check` reports it.
    pub date: Option<time::Date>,
}

const ISO_DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl Date {
    pub fn parse(written: &str) -> Date {
        Date {
            written: written.to_string(),
            date: time::Date::parse(written, ISO_DATE).ok(),
        }
    }

    /// `24 November 2026`, for readers.
    pub fn in_words(&self) -> String {
        match self.date {
            Some(d) => format!("{} {} {}", d.day(), d.month(), d.year()),
            None => self.written.clone(),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        String::deserialize(deserializer).map(|written| Date::parse(&written))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.written)
    }
}
