//! Pages as published: the templates' indentation and blank lines taken out. A browser shows a
//! run of whitespace between words as one space, and a line break is whitespace, so the page
//! reads the same; a page with `<pre>` or `<textarea>`, where whitespace is kept, is left as it
//! is.

use crate::util::find;

/// `html` with no blank lines and no spaces or tabs at the start of a line.
pub fn trim(html: &str) -> String {
    if find::holds(html, "<pre") || find::holds(html, "<textarea") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', html.as_bytes()).chain([html.len()]);
    for end in ends {
        // As `str::lines`: a line ends at `\n` or `\r\n`, and the text after the last `\n`.
        let line = &html[start..end];
        start = end + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = line.trim_start_matches([' ', '\t']);
        if line.trim().is_empty() {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn indentation_and_blank_lines_go() {
        assert_eq!(
            trim("<ul>\n\n  <li>a\n    b</li>\n   \n</ul>\n"),
            "<ul>\n<li>a\nb</li>\n</ul>\n"
        );
    }

    #[test]
    fn a_page_with_preformatted_text_stays_as_it_is() {
        let page = "<pre>\n  code\n\n</pre>\n";
        assert_eq!(trim(page), page);
        let page = "<textarea>\n  a\n</textarea>";
        assert_eq!(trim(page), page);
    }
}
