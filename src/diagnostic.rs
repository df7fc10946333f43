//! Errors and warnings that point at a place in the author's files.

use std::fmt;

/// One problem found in the sources, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path relative to the root, e.g. `content/causes/doms.md`.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    pub message: String,
    /// What to do about it, in plain words, when the message alone does not say.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            line: Some(line),
            ..Diagnostic::new(file, message)
        }
    }

    pub fn with_column(mut self, column: Option<usize>) -> Self {
        self.column = column;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic as a terminal shows it: `error: file:line:col: message` first (editors
    /// and tests read that line), then the line itself with a caret under the column, as rustc
    /// does, then the help. `source` is the text of `file`, when it could be read.
    pub fn render(&self, level: &str, source: Option<&str>) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let mut out = format!("{level}: {self}");
        let kind = if level == "error" {
            Level::ERROR
        } else {
            Level::WARNING
        };
        let mut group = Group::with_level(kind.clone());
        let mut shown = false;
        if let (Some(line), Some(source)) = (self.line, source) {
            if let Some(span) = line_span(source, line, self.column) {
                group = group.element(
                    Snippet::source(source)
                        .line_start(1)
                        .annotation(AnnotationKind::Primary.span(span)),
                );
                shown = true;
            }
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
            shown = true;
        }
        if shown {
            out.push('\n');
            out.push_str(Renderer::plain().render(&[group]).trim_end());
        }
        out
    }
}

/// The bytes of `source` to underline for a 1-based line and column: the character at the
/// column, or the whole line (without its indentation) when there is no column.
fn line_span(source: &str, line: usize, column: Option<usize>) -> Option<std::ops::Range<usize>> {
    let start = if line == 1 {
        0
    } else {
        source.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let text = &source[start..];
    let text = &text[..text.find('\n').unwrap_or(text.len())];
    match column {
        Some(column) => {
            let (offset, c) = text
                .char_indices()
                .nth(column.saturating_sub(1))
                .unwrap_or((text.len(), ' '));
            let end = (offset + c.len_utf8()).min(text.len()).max(offset);
            Some(start + offset..start + end)
        }
        None => {
            let indent = text.len() - text.trim_start().len();
            (!text.trim().is_empty()).then(|| start + indent..start + text.trim_end().len())
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Everything that went wrong in one stage. A stage collects all its errors so that an
/// author can fix them in one go instead of one build per mistake.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    pub fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Neither errors nor warnings.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.warnings.is_empty()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    /// Sorted so that output is stable whatever order the parallel stages finished in.
    pub fn sort(&mut self) {
        self.errors.sort();
        self.errors.dedup();
        self.warnings.sort();
        self.warnings.dedup();
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics {
            errors: vec![d],
            warnings: Vec::new(),
        }
    }
}

/// 1-based line number of a byte offset in `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
