//! A cautious shrink for the scripts in static/, which every page (search.js) or the decision
//! pages (decide.js) load: whole-line `//` comments, indentation and blank lines go; every other
//! line is kept as written, with its line break (so automatic semicolons stay where they were).
//! A script with a template literal (a backtick) or a line that ends in a backslash may carry a
//! string across lines, so it is published as it is.

/// The script, smaller; or `None` when it is not safe to touch.
pub fn shrink(js: &str) -> Option<String> {
    if js.contains('`') || js.lines().any(|l| l.trim_end().ends_with('\\')) {
        return None;
    }
    let mut out = String::with_capacity(js.len());
    for line in js.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::shrink;

    #[test]
    fn comments_indentation_and_blank_lines_go_and_the_lines_stay() {
        let js = "// About it.\n(function () {\n  var a = 1; // a trailing comment stays\n\n    return a\n})();\n";
        assert_eq!(
            shrink(js).unwrap(),
            "(function () {\nvar a = 1; // a trailing comment stays\nreturn a\n})();\n"
        );
    }

    #[test]
    fn a_string_that_may_cross_lines_leaves_the_script_as_it_is() {
        assert_eq!(shrink("var a = `x\n  // y`;\n"), None);
        assert_eq!(shrink("var a = 'x\\\n  // y';\n"), None);
    }
}
