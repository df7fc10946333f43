//! What one YAML text may cost, checked with the parser's own event stream before serde_yaml
//! reads it.
//!
//! serde_yaml expands aliases (each may repeat its anchor's whole node) and only counts nesting
//! after libyaml has parsed the whole text, and libyaml's scanner slows down with every level of
//! flow nesting (`[[[[...` of 400 KB took 102 s). Here the same parser (unsafe-libyaml, which
//! serde_yaml runs) is driven one event at a time, so the walk stops at the first anchor, alias,
//! level too deep or node too many, having read only that far. The events are exactly the ones
//! serde_yaml would see: nothing here guesses at YAML's syntax, except a count of bytes that
//! can only overcount, which lets most front matter skip the walk.

use std::mem::MaybeUninit;
use unsafe_libyaml as unsafe_yaml;

/// Deepest nesting of lists and mappings. The real guide needs 6.
pub const MAX_DEPTH: usize = 32;
/// Most values (scalars, lists and mappings) in one text: far above a real file, well below
/// what would slow a build.
pub const MAX_NODES: usize = 200_000;

/// A 0-based place in the text, as libyaml reports it (column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Anchor(Mark),
    Alias(Mark),
    TooDeep(Mark),
    TooManyNodes(Mark),
}

/// What the walk noticed in a text it accepted.
#[derive(Debug, Default)]
pub struct Survey {
    /// Plain values followed on their line by ` #...`, which YAML drops as a comment: the place of
    /// the `#`.
    pub dropped_comments: Vec<Mark>,
}

/// Walk `text`'s events. A syntax error ends the walk quietly: serde_yaml reports it, with its
/// message, when it parses the same text (and it stops at the same place).
pub fn survey(text: &str) -> Result<Survey, Refusal> {
    if within_budget_unread(text) {
        return Ok(Survey::default());
    }
    walk(text)
}

/// [`survey`], walking every event.
fn walk(text: &str) -> Result<Survey, Refusal> {
    let mut survey = Survey::default();
    let mut depth = 0usize;
    let mut nodes = 0usize;
    let mut walk = |event: &Event| -> Result<bool, Refusal> {
        match event.kind {
            Kind::Alias => return Err(Refusal::Alias(event.start)),
            _ if event.anchored => return Err(Refusal::Anchor(event.start)),
            Kind::Start => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Refusal::TooDeep(event.start));
                }
            }
            Kind::End => depth -= 1,
            Kind::PlainScalar { end } => {
                if let Some(mark) = dropped_comment(text, end, event.end) {
                    survey.dropped_comments.push(mark);
                }
            }
            Kind::OtherScalar | Kind::Other => {}
            Kind::StreamEnd => return Ok(false),
        }
        if matches!(
            event.kind,
            Kind::Start | Kind::PlainScalar { .. } | Kind::OtherScalar
        ) {
            nodes += 1;
            if nodes > MAX_NODES {
                return Err(Refusal::TooManyNodes(event.start));
            }
        }
        Ok(true)
    };
    events(text, &mut walk)?;
    Ok(survey)
}

/// Whether `text` passes the walk without being walked, as most front matter does (the walk is
/// a second parse: a fifth of the time spent on YAML). Sound, not exact; false means walk:
/// - an anchor is a token that starts with `&`, an alias one that starts with `*`;
/// - a dropped comment needs a `#`;
/// - each list or mapping starts at a byte of its own among `[`, `{`, `:`, `?` and a `-`
///   not inside a word, so there are no more levels than such bytes;
/// - each byte starts at most one token and each token at most three values (an empty key, an
///   empty value and the list or mapping it opens), so a text of n bytes holds at most 3n + 3.
fn within_budget_unread(text: &str) -> bool {
    const ROOM: usize = (MAX_NODES - 3) / 3;
    let bytes = text.as_bytes();
    if bytes.len() > ROOM || memchr::memchr3(b'&', b'*', b'#', bytes).is_some() {
        return false;
    }
    let openers = bytes.iter().enumerate().filter(|&(i, &b)| match b {
        b'[' | b'{' | b':' | b'?' => true,
        // Not one followed by a letter, digit or `-` (`hill-walk`, `10-20`, all but the last
        // of `---`); any other next byte may be a space or a line break (libyaml's include
        // three that are not ASCII).
        b'-' => !bytes
            .get(i + 1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-'),
        _ => false,
    });
    openers.count() <= MAX_DEPTH
}

/// ` #note` straight after a plain value (one space, as in `title: Tip #1 keep moving`). A
/// comment set off by two or more spaces (`weight: 10  # lighter first`) is taken as meant.
fn dropped_comment(text: &str, end: usize, end_mark: Mark) -> Option<Mark> {
    let rest = &text[end.min(text.len())..];
    let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    (gap == 1 && rest[1..].starts_with('#')).then_some(Mark {
        line: end_mark.line,
        column: end_mark.column + 1,
    })
}

enum Kind {
    Alias,
    Start,
    End,
    /// A plain (unquoted) scalar, with the byte offset where it ends.
    PlainScalar {
        end: usize,
    },
    OtherScalar,
    StreamEnd,
    Other,
}

struct Event {
    kind: Kind,
    anchored: bool,
    start: Mark,
    end: Mark,
}

/// Feed each event of `text` to `f` until it returns `Ok(false)`, an error, or the parser fails.
fn events<E>(text: &str, f: &mut impl FnMut(&Event) -> Result<bool, E>) -> Result<(), E> {
    let mark = |m: unsafe_yaml::yaml_mark_t| Mark {
        line: m.line as usize,
        column: m.column as usize,
    };
    // The parser keeps pointers into itself and into `text`: it lives in a box that does not
    // move, and `text` outlives it.
    let mut parser: Box<MaybeUninit<unsafe_yaml::yaml_parser_t>> = Box::new(MaybeUninit::uninit());
    let parser = parser.as_mut_ptr();
    // SAFETY: the calls follow libyaml's documented life cycle (initialize, set the input, parse
    // events, delete each event, delete the parser), as serde_yaml's own parser does; the input
    // pointer and length come from a `&str` that lives until the parser is deleted.
    unsafe {
        if unsafe_yaml::yaml_parser_initialize(parser).fail {
            return Ok(()); // out of memory: let serde_yaml fail as it will
        }
        unsafe_yaml::yaml_parser_set_encoding(parser, unsafe_yaml::YAML_UTF8_ENCODING);
        unsafe_yaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
        let mut result = Ok(());
        loop {
            let mut raw = MaybeUninit::<unsafe_yaml::yaml_event_t>::uninit();
            if unsafe_yaml::yaml_parser_parse(parser, raw.as_mut_ptr()).fail {
                break;
            }
            let raw = raw.as_mut_ptr();
            let (kind, anchored) = match (*raw).type_ {
                unsafe_yaml::YAML_ALIAS_EVENT => (Kind::Alias, false),
                unsafe_yaml::YAML_SCALAR_EVENT => {
                    let scalar = (*raw).data.scalar;
                    let kind = if scalar.style == unsafe_yaml::YAML_PLAIN_SCALAR_STYLE {
                        Kind::PlainScalar {
                            end: (*raw).end_mark.index as usize,
                        }
                    } else {
                        Kind::OtherScalar
                    };
                    (kind, !scalar.anchor.is_null())
                }
                unsafe_yaml::YAML_SEQUENCE_START_EVENT => {
                    (Kind::Start, !(*raw).data.sequence_start.anchor.is_null())
                }
                unsafe_yaml::YAML_MAPPING_START_EVENT => {
                    (Kind::Start, !(*raw).data.mapping_start.anchor.is_null())
                }
                unsafe_yaml::YAML_SEQUENCE_END_EVENT | unsafe_yaml::YAML_MAPPING_END_EVENT => {
                    (Kind::End, false)
                }
                unsafe_yaml::YAML_STREAM_END_EVENT => (Kind::StreamEnd, false),
                _ => (Kind::Other, false),
            };
            let event = Event {
                kind,
                anchored,
                start: mark((*raw).start_mark),
                end: mark((*raw).end_mark),
            };
            unsafe_yaml::yaml_event_delete(raw);
            match f(&event) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        unsafe_yaml::yaml_parser_delete(parser);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_passes_unread_and_what_might_not_is_walked() {
        let front = "title: \"Sore back after a hill-walk\"\nrelated: [\"causes/a-b.md\"]\nonset: { from_hours: 14, to_hours: 49 }\n";
        assert!(within_budget_unread(front));
        for walked in ["a: &x 1", "a: *x", "a: b #c"] {
            assert!(!within_budget_unread(walked), "{walked}");
        }
        assert!(!within_budget_unread(&"- ".repeat(MAX_DEPTH + 1)));
        assert!(!within_budget_unread(&"[".repeat(MAX_DEPTH + 1)));
        assert!(!within_budget_unread(&"a".repeat(MAX_NODES)));
    }

    proptest::proptest! {
        /// Whatever passes unread, the walk passes too, and notices nothing.
        #[test]
        fn what_passes_unread_passes_the_walk(
            text in "([-:?\\[\\]{},&*# \\n\"']|[a-c0-1]{1,3}|\u{85}|\u{2028}){0,60}",
        ) {
            if within_budget_unread(&text) {
                let walked = walk(&text);
                proptest::prop_assert!(walked.is_ok(), "{text:?}: {walked:?}");
                proptest::prop_assert!(walked.unwrap().dropped_comments.is_empty());
            }
        }

        /// Nesting near the limit, in every way of opening a level, is walked when it might be
        /// too deep.
        #[test]
        fn what_passes_unread_is_never_too_deep(
            block in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("- "),
                    proptest::strategy::Just("? "),
                ],
                0..40,
            ),
            flow in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("["),
                    proptest::strategy::Just("{a: "),
                    proptest::strategy::Just("[a: "),
                ],
                0..40,
            ),
        ) {
            let text = block.concat() + &flow.concat() + "x";
            if within_budget_unread(&text) {
                proptest::prop_assert!(walk(&text).is_ok(), "{text:?}");
            }
        }
    }

    #[test]
    fn aliases_and_anchors_are_refused_where_they_are() {
        assert_eq!(
            survey("a: &x [1, 2]\nb: 3\n").unwrap_err(),
            Refusal::Anchor(Mark { line: 0, column: 3 })
        );
        assert!(matches!(
            survey("a: 1\nb: *x\n").unwrap_err(),
            Refusal::Alias(Mark { line: 1, .. })
        ));
    }

    #[test]
    fn stars_and_ampersands_in_text_are_text() {
        let text = "a: \"*x &y\"\nb: 'it''s *z'\nc: |\n  **bold** & *more*\nd: heat & ice *now*\n";
        assert!(survey(text).is_ok());
    }

    #[test]
    fn nesting_is_bounded_and_stops_early() {
        let deep = "[".repeat(400_000);
        let started = std::time::Instant::now();
        assert!(matches!(
            survey(&deep).unwrap_err(),
            Refusal::TooDeep(Mark { line: 0, .. })
        ));
        assert!(started.elapsed().as_secs() < 5);
        assert!(survey(&format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        ))
        .is_ok());
    }

    #[test]
    fn a_comment_one_space_after_a_value_is_noticed() {
        let s = survey("title: Tip #1 keep moving\nweight: 10  # lighter first\n").unwrap();
        assert_eq!(
            s.dropped_comments,
            vec![Mark {
                line: 0,
                column: 11
            }]
        );
        assert!(survey("title: \"Tip #1\"\n")
            .unwrap()
            .dropped_comments
            .is_empty());
    }
}
