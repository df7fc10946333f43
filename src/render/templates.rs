//! Loading the Tera templates, with errors that name the template file, line and column.

use crate::diagnostic::{Diagnostic, Diagnostics};
use tera::value::Key;
use tera::{ErrorKind, Kwargs, Map, State, Tera, TeraResult, Value};

/// Load the theme's templates (`theme::templates`) into Tera, each named by its path inside
/// `templates/`.
pub fn load_templates(sources: &[(String, String)]) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".svg", ".xml"]);
    // Tera checks at load time that every function a template calls exists.
    super::jsonld::register_function(&mut tera);
    super::tel::register_filter(&mut tera);
    tera.register_filter("group_by", group_by);
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Diagnostics::from(template_error(&e)))?;
    Ok(tera)
}

/// Tera's `group_by(attribute=...)`, with the groups in the order their first member comes.
/// Tera's own collects them in a hash map, so a loop over the groups came out in another order
/// each build.
fn group_by(values: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<Map> {
    let attribute = kwargs.must_get::<&str>("attribute")?;
    let mut groups: Vec<(Key<'static>, Vec<Value>)> = Vec::new();
    let mut place: std::collections::HashMap<Key<'static>, usize> = Default::default();
    for (i, value) in values.iter().enumerate() {
        let Some(by) = value.get_from_path(attribute) else {
            return Err(tera::Error::message(format!(
                "Value at index {i} (a {}) does not have an attribute at path: {attribute}",
                value.name()
            )));
        };
        if by.is_none() {
            continue;
        }
        let key = key_of(by)?;
        match place.get(&key) {
            Some(&at) => groups[at].1.push(value.clone()),
            None => {
                place.insert(key.clone(), groups.len());
                groups.push((key, vec![value.clone()]));
            }
        }
    }
    Ok(groups.into_iter().map(|(k, v)| (k, v.into())).collect())
}

/// A value as a map key, as Tera's `group_by` takes it: a boolean, a whole number or a string.
fn key_of(value: &Value) -> TeraResult<Key<'static>> {
    let key = if let Some(b) = value.as_bool() {
        Key::Bool(b)
    } else if let Some(s) = value.as_str() {
        Key::String(s.into())
    } else if value.is_u64() {
        Key::U64(value.as_u64().unwrap_or_default())
    } else if value.is_i64() {
        Key::I64(value.as_i64().unwrap_or_default())
    } else if value.is_u128() {
        Key::U128(value.as_u128().unwrap_or_default())
    } else if value.is_i128() {
        Key::I128(value.as_i128().unwrap_or_default())
    } else {
        return Err(tera::Error::message(format!(
            "group_by cannot group by a {}: use a string, a number or true/false",
            value.name()
        )));
    };
    Ok(key)
}

/// A Tera error as a diagnostic at `templates/<name>:line:col`, keeping Tera's snippet.
pub fn template_error(err: &tera::Error) -> Diagnostic {
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
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
    fn groups_come_in_the_order_of_their_first_member() {
        let sources = [(
            "g.html".to_string(),
            "{% for kind, items in topics | group_by(attribute=\"kind\") %}{{ kind }}:\
             {% for t in items %}{{ t.title }},{% endfor %} {% endfor %}"
                .to_string(),
        )];
        let tera = load_templates(&sources).unwrap();
        let kinds = [
            "soreness",
            "injury",
            "cause",
            "warning",
            "recovery",
            "prevention",
        ];
        let topics: Vec<serde_json::Value> = (0..24)
            .map(|i| serde_json::json!({ "kind": kinds[(i * 5) % 6], "title": i }))
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("topics", &topics);
        let page = tera.render("g.html", &ctx).unwrap();
        assert_eq!(
            page,
            "soreness:0,6,12,18, prevention:1,7,13,19, recovery:2,8,14,20, \
             warning:3,9,15,21, cause:4,10,16,22, injury:5,11,17,23, "
        );
        ctx.insert("topics", &vec![serde_json::json!({ "kind": [1] })]);
        assert!(tera.render("g.html", &ctx).is_err());
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
