//! HTML escaping, for the few places Rust writes markup itself, and stand-ins for large texts.

/// Escape text for HTML, for the few places Rust writes markup itself (glossary term links).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Hand `f` the pieces of `text` in order as it would be with each `stand_in` replaced by
/// `with`, without making that text: a stand-in keeps a large block (the single file's search
/// index) out of the copies of the markup around it, and it goes in as it is written or hashed.
pub fn each_piece_standing_in(text: &str, stand_in: &str, with: &str, mut f: impl FnMut(&str)) {
    for (i, piece) in text.split(stand_in).enumerate() {
        if i > 0 {
            f(with);
        }
        f(piece);
    }
}
