//! Searching text for a byte or a string with the `memchr` crate's vector search: the build
//! scans every page of the site several times (its inline blocks, its `<main>`, its links), and
//! the standard library's `str::find` was 16% of a build's time at 10,000 topics.
//!
//! Every offset returned is a char boundary when the needle starts with an ASCII byte.

/// Where the byte `b` (ASCII) first is in `haystack`.
pub fn byte(haystack: &str, b: u8) -> Option<usize> {
    debug_assert!(b.is_ascii());
    memchr::memchr(b, haystack.as_bytes())
}

/// Where `needle` first is in `haystack`.
pub fn text(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

/// Whether `haystack` holds `needle`.
pub fn holds(haystack: &str, needle: &str) -> bool {
    text(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_and_only_the_first() {
        assert_eq!(byte("a<b<c", b'<'), Some(1));
        assert_eq!(byte("abc", b'<'), None);
        assert_eq!(text("é<main x><main>", "<main"), Some(2));
        assert_eq!(text("<mai", "<main"), None);
        assert!(holds("a --> b", "-->"));
        assert!(!holds("a -> b", "-->"));
    }
}
