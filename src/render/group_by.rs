//! `group_by(attribute=...)` for the templates, with the groups in a fixed order. Tera's own
//! filter collects them in a hash map, so a loop over the groups came out in another order each
//! build; this one, registered under the same name, keeps the order their first members come in.

use tera::value::Key;
use tera::{Kwargs, Map, State, Tera, TeraResult, Value};

/// Register `group_by`, in place of Tera's.
pub fn register_filter(tera: &mut Tera) {
    tera.register_filter("group_by", group_by);
}

/// The values grouped by `attribute`, each group where its first member is.
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

#[cfg(test)]
mod tests {
    use crate::render::load_templates;

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
}
