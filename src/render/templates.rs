//! Loading the Tera templates, with errors that name the template file, line and column.

use crate::diagnostic::{Diagnostic, Diagnostics};
use tera::{ErrorKind, Tera};

/// Load the theme's templates (`theme::templates`) into Tera, each named by its path inside
/// `templates/`.
pub fn load_templates(sources: &[(String, String)]) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".svg", ".xml"]);
    // Tera checks at load time that every function a template calls exists.
    super::jsonld::register_function(&mut tera);
    super::tel::register_filter(&mut tera);
    super::group_by::register_filter(&mut tera);
    let cached = super::cached::register_function(&mut tera);
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Diagnostics::from(template_error(&e)))?;
    cached.ready(&tera);
    Ok(tera)
}

/// A Tera error as a diagnostic at `templates/<name>:line:col`, keeping Tera's snippet.
pub fn template_error(err: &tera::Error) -> Diagnostic {
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            // An error inside a partial that `cached_include` rendered: the report is at the
            // call, its message is the partial's own report, whose place is the one to fix.
            if let Some((name, line, column)) = report_location(report.message()) {
                let headline = report.message().lines().next().unwrap_or_default();
                let headline = headline.trim_start_matches("error: ");
                return Diagnostic::at(
                    format!("templates/{name}"),
                    line,
                    format!("{headline}\n{err}"),
                )
                .with_column(Some(column));
            }
            let span = report.span();
            Diagnostic::at(
                format!("templates/{}", report.filename()),
                span.start_line,
                format!("{}\n{}", report.message(), err),
            )
            .with_column(Some(span.start_col + 1))
        }
        // Unknown filters, tests and functions come as plain messages holding Tera's reports.
        ErrorKind::Msg(message) => match report_location(message) {
            Some((name, line, column)) => {
                let headline = message.lines().next().unwrap_or_default();
                Diagnostic::at(
                    format!("templates/{name}"),
                    line,
                    format!("{}\n{message}", headline.trim_start_matches("error: ")),
                )
                .with_column(Some(column))
            }
            None => Diagnostic::new("templates/", message.clone()),
        },
        ErrorKind::MissingParent { current: tpl, .. }
        | ErrorKind::CircularExtend { tpl, .. }
        | ErrorKind::CircularInclude { tpl, .. } => {
            Diagnostic::new(format!("templates/{tpl}"), err.to_string())
        }
        _ => Diagnostic::new("templates/", err.to_string()),
    }
}

/// The first ` --> name:line:col` of a Tera report.
fn report_location(message: &str) -> Option<(&str, usize, usize)> {
    let place = message
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = place.trim().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_in_a_cached_partial_is_reported_at_the_partial() {
        let sources = [
            (
                "t.html".to_string(),
                "a\n{{ cached_include(template=\"p.html\") }}".to_string(),
            ),
            (
                "p.html".to_string(),
                "one\ntwo {{ page.title }}".to_string(),
            ),
        ];
        let tera = load_templates(&sources).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("site", &serde_json::json!({}));
        ctx.insert("words", &serde_json::json!({}));
        let diag = template_error(&tera.render("t.html", &ctx).unwrap_err());
        let text = diag.to_string();
        assert!(text.starts_with("templates/p.html:2:"), "{text}");
        assert!(text.contains("`page` is not defined"), "{text}");
    }

    #[test]
    fn content_is_escaped_for_either_kind_of_quoted_attribute() {
        let sources = [(
            "t.html".to_string(),
            r#"<a title="{{ t }}" data-x='{{ t }}'>{{ t }}</a>"#.to_string(),
        )];
        let tera = load_templates(&sources).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("t", r#"x' onclick='y" <b>&"#);
        let escaped = "x&#39; onclick=&#39;y&quot; &lt;b&gt;&amp;";
        assert_eq!(
            tera.render("t.html", &ctx).unwrap(),
            format!(r#"<a title="{escaped}" data-x='{escaped}'>{escaped}</a>"#)
        );
    }
}
