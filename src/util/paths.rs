//! Relative paths between the files of the site, all written with `/` and relative to its
//! root.

/// The folder a path is in: `causes` for `causes/doms.md`, `""` at the root.
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Join a relative path onto a folder, resolving `.` and `..`; `None` if it leaves the root.
pub fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The href from the page at `from` to the file at `to`, both site-root-relative:
/// `relative_href("causes/doms.html", "recovery/rest.html")` = `../recovery/rest.html`.
pub fn relative_href(from: &str, to: &str) -> String {
    let mut href = root_prefix(from);
    href.push_str(to);
    href
}

/// `../` once for each folder the page is in.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// `causes/doms.md#when` → (`causes/doms.md`, `Some("when")`).
pub fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_hrefs_name_files() {
        assert_eq!(
            relative_href("index.html", "causes/doms.html"),
            "causes/doms.html"
        );
        assert_eq!(
            relative_href("causes/doms.html", "recovery/rest.html"),
            "../recovery/rest.html"
        );
        assert_eq!(
            relative_href("causes/doms.html", "index.html"),
            "../index.html"
        );
        assert_eq!(relative_href("decide/a.html", "style.css"), "../style.css");
    }

    #[test]
    fn join_resolves_dots_and_refuses_escape() {
        assert_eq!(
            join("causes", "../recovery/rest.md").unwrap(),
            "recovery/rest.md"
        );
        assert_eq!(join("causes", "./doms.md").unwrap(), "causes/doms.md");
        assert_eq!(join("", "causes/doms.md").unwrap(), "causes/doms.md");
        assert!(join("causes", "../../x.md").is_none());
    }
}
