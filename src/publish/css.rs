//! Stylesheets as published: comments and spare whitespace taken out, so that every page, which
//! loads style.css, weighs less. The meaning is kept: strings are copied as they are, and a space
//! that can matter (the descendant combinator in `.nav :focus`, the operators in `calc(a - b)`)
//! stays as one space.

/// `css` without comments, with each run of whitespace cut to one space, and with no space
/// next to `{`, `}`, `;` or `,`, nor after the `:` of a declaration, nor a `;` before `}`.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // A run of whitespace seen but not yet written.
    let mut pending_space = false;
    // A comment just taken out: it separates two words (`0/**/auto`), not `.a/**/.b`.
    let mut after_comment = false;
    // For each open block, whether it holds declarations (a rule's, not an at-rule's such as
    // @media), where the space after `name:` can go.
    let mut blocks: Vec<bool> = Vec::new();
    let mut statement_start = true;
    let mut at_rule = false;
    let mut after_colon = false;
    while let Some(c) = chars.next() {
        if statement_start && !c.is_whitespace() && c != '/' {
            at_rule = c == '@';
            statement_start = false;
        }
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                after_comment = true;
                continue;
            }
            c if c.is_whitespace() => {
                if !after_colon {
                    pending_space = true;
                }
                continue;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    match s {
                        '\\' if !escaped => escaped = true,
                        s if s == c && !escaped => break,
                        _ => escaped = false,
                    }
                }
            }
            // A combinator between selectors needs no space around it.
            '>' | '+' | '~' if blocks.last() != Some(&true) && !at_rule => {
                pending_space = false;
                out.push(c);
                after_colon = true;
                after_comment = false;
                continue;
            }
            '{' | '}' | ';' | ',' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                match c {
                    '{' => blocks.push(!at_rule),
                    '}' => {
                        blocks.pop();
                    }
                    _ => {}
                }
                statement_start = c != ',';
                out.push(c);
            }
            // A number's leading zero: `0.5rem` is `.5rem` (not in `url(0.5.png)`).
            '0' if chars.peek() == Some(&'.')
                && blocks.last() == Some(&true)
                && (out.ends_with([':', ',', '(', '-']) || pending_space)
                && !out.ends_with("url(") =>
            {
                flush_space(&mut out, &mut pending_space);
            }
            c => {
                let word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '%');
                if after_comment && out.ends_with(word) && word(c) {
                    pending_space = true;
                }
                flush_space(&mut out, &mut pending_space);
                out.push(c);
                if c == ':' && blocks.last() == Some(&true) {
                    after_colon = true;
                    after_comment = false;
                    continue;
                }
            }
        }
        after_comment = false;
        after_colon = false;
    }
    out
}

/// Write the pending space, unless it follows punctuation that needs none.
fn flush_space(out: &mut String, pending: &mut bool) {
    if *pending && !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) {
        out.push(' ');
    }
    *pending = false;
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn comments_and_spare_whitespace_go() {
        let css =
            "/* the header */\n.a {\n  color: red;\n  margin: 0 auto;\n}\n\n.b, .c { x: 1 }\n";
        assert_eq!(minify(css), ".a{color:red;margin:0 auto}.b,.c{x:1}");
    }

    #[test]
    fn spaces_that_carry_meaning_stay() {
        assert_eq!(minify(".nav  :focus {a:b}"), ".nav :focus{a:b}");
        assert_eq!(
            minify(".a { width: calc(100%   -  2rem) }"),
            ".a{width:calc(100% - 2rem)}"
        );
        assert_eq!(
            minify("@media (max-width: 40em) and (prefers-color-scheme: dark) {\n .a{b:c}\n}"),
            "@media (max-width: 40em) and (prefers-color-scheme: dark){.a{b:c}}"
        );
    }

    #[test]
    fn strings_are_copied_as_they_are() {
        let css =
            ".a::before { content: \"/* not a comment */  ,  {\"; }\n.b{content:'it\\'s ; }'}";
        assert_eq!(
            minify(css),
            ".a::before{content:\"/* not a comment */  ,  {\"}.b{content:'it\\'s ; }'}"
        );
    }

    #[test]
    fn the_space_after_a_declarations_colon_goes_but_not_in_selectors_or_at_rules() {
        assert_eq!(
            minify("@media (max-width: 40em) {\n  .a :hover, b:not(.c) { color: red; }\n}\n@page { margin: 1cm }"),
            "@media (max-width: 40em){.a :hover,b:not(.c){color:red}}@page{margin: 1cm}"
        );
    }

    #[test]
    fn the_spaces_around_a_combinator_go() {
        assert_eq!(
            minify("main > p  +  a ~ b , c{x: a + b}"),
            "main>p+a~b,c{x:a + b}"
        );
        assert_eq!(
            minify("@media (min-width: calc(1rem + 2px)) { a > b { x: 1 } }"),
            "@media (min-width: calc(1rem + 2px)){a>b{x:1}}"
        );
    }

    #[test]
    fn a_leading_zero_goes() {
        assert_eq!(
            minify(
                ".a { margin: 0.25rem 0 0.5rem; b: rgba(0,0,0,0.5); c: 10.5px; d: url(0.5.png) }"
            ),
            ".a{margin:.25rem 0 .5rem;b:rgba(0,0,0,.5);c:10.5px;d:url(0.5.png)}"
        );
    }

    #[test]
    fn a_comment_separates_words_but_joins_nothing_else() {
        assert_eq!(minify(".a/**/.b{x:1}"), ".a.b{x:1}");
        assert_eq!(minify("a{margin:0/* top */auto}"), "a{margin:0 auto}");
    }
}
