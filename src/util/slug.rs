//! Slugs: heading text as an id, a title as a file name.

/// Heading text to an id: lowercase letters and digits kept; spaces, `-` and `_` become `-`;
/// everything else dropped. "When it's an injury" → `when-its-an-injury`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !slug.ends_with('-')
            && !slug.is_empty()
        {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_plain() {
        assert_eq!(slugify("When it's an injury"), "when-its-an-injury");
        assert_eq!(slugify("  Heat & cold: why?  "), "heat-cold-why");
        assert_eq!(slugify("48-hour rule_of thumb"), "48-hour-rule-of-thumb");
        assert_eq!(slugify("!!!"), "section");
    }
}
