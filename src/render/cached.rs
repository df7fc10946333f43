//! The template function `cached_include(template="partials/nav.html", root=root, …)`: a
//! partial rendered once for each distinct set of arguments, then reused (Hugo's
//! `partialCached`). The header, the emergency box and the search form are the same on every
//! page of a section, and rendering them for each page was a fifth of the Tera work of a build.
//!
//! Sound by construction: the partial sees only `site`, `words` and the arguments it is called
//! with, so its output is a function of them. The arguments are the cache key; `site` and
//! `words` are the same values for a whole build, which each entry checks by identity.

use foldhash::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

/// The function's name in templates.
pub const NAME: &str = "cached_include";
/// The argument that names the partial; every other argument is passed to it.
const TEMPLATE: &str = "template";

/// Register `cached_include` in `tera` (before its templates are added: Tera checks that every
/// function a template calls exists). Call [`CachedInclude::ready`] once they are.
pub fn register_function(tera: &mut Tera) -> Arc<CachedInclude> {
    let cached = Arc::new(CachedInclude::default());
    tera.register_function(NAME, Calling(cached.clone()));
    cached
}

#[derive(Default)]
pub struct CachedInclude {
    /// The templates the partials are rendered with: a copy of the site's, in which
    /// `cached_include` itself fails (a cached partial cannot nest another, which would also
    /// make the copy hold itself).
    tera: OnceLock<Tera>,
    /// Each partial and its arguments as JSON, with what it rendered.
    cache: Mutex<HashMap<Vec<u8>, Entry>>,
    /// How many times a partial was rendered, not reused.
    renders: AtomicUsize,
}

struct Entry {
    /// The `site` and `words` it was rendered with, kept so that their identity stays theirs.
    site: Value,
    words: Value,
    html: Value,
}

impl CachedInclude {
    /// Give the function the loaded templates it renders partials with.
    pub fn ready(&self, tera: &Tera) {
        let mut copy = tera.clone();
        copy.register_function(NAME, |_: Kwargs, _: &State| -> TeraResult<String> {
            Err(tera::Error::message(format!(
                "a partial included with {NAME} cannot use {NAME} itself: use include there"
            )))
        });
        let _ = self.tera.set(copy);
    }

    fn call(&self, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
        let template: &str = kwargs.must_get(TEMPLATE)?;
        let global = |name: &str| -> TeraResult<Value> {
            state.get::<Value>(name)?.ok_or_else(|| {
                tera::Error::message(format!("{NAME}: `{name}` is not set in this template"))
            })
        };
        let (site, words) = (global("site")?, global("words")?);
        let mut key = template.as_bytes().to_vec();
        let mut args = Vec::new();
        for (name, value) in kwargs.iter() {
            let name = name.as_str().unwrap_or_default();
            if name == TEMPLATE {
                continue;
            }
            if name == "site" || name == "words" {
                return Err(tera::Error::message(format!(
                    "{NAME}: `{name}` is passed to every partial already; leave it out"
                )));
            }
            key.push(0);
            key.extend_from_slice(name.as_bytes());
            key.push(b'=');
            serde_json::to_writer(&mut key, value).map_err(tera::Error::message)?;
            args.push((name, value));
        }
        if let Some(entry) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            if same_value(&entry.site, &site) && same_value(&entry.words, &words) {
                return Ok(entry.html.clone());
            }
        }
        let tera = self.tera.get().ok_or_else(|| {
            tera::Error::message(format!(
                "{NAME} was called before the templates were loaded"
            ))
        })?;
        let mut ctx = Context::new();
        for (name, value) in args {
            ctx.insert_value(name.to_string(), value.clone());
        }
        ctx.insert_value("site", site.clone());
        ctx.insert_value("words", words.clone());
        let html = Value::safe_string(&tera.render(template, &ctx)?);
        self.renders.fetch_add(1, Ordering::Relaxed);
        let entry = Entry {
            site,
            words,
            html: html.clone(),
        };
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, entry);
        Ok(html)
    }
}

/// The same value: one map, shared, not two that are equal (telling those apart would cost
/// more than rendering the partial). Sound only while a clone of `a` is kept, so that its
/// place cannot be another value's.
pub(super) fn same_value(a: &Value, b: &Value) -> bool {
    match (a.as_map(), b.as_map()) {
        (Some(a), Some(b)) => std::ptr::eq(a, b),
        _ => false,
    }
}

/// What Tera calls: the output is HTML from a template that escaped it already.
struct Calling(Arc<CachedInclude>);

impl tera::Function<TeraResult<Value>> for Calling {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        self.0.call(&kwargs, state)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        with_cache(templates).0
    }

    fn with_cache(templates: &[(&str, &str)]) -> (Tera, Arc<CachedInclude>) {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        let cached = register_function(&mut tera);
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        cached.ready(&tera);
        (tera, cached)
    }

    fn context(site: &Value, here: &str) -> Context {
        static WORDS: std::sync::LazyLock<Value> =
            std::sync::LazyLock::new(|| Value::from_serializable(&serde_json::json!({"w": "W"})));
        let mut ctx = Context::new();
        ctx.insert_value("site", site.clone());
        ctx.insert_value("words", WORDS.clone());
        ctx.insert("here", here);
        ctx
    }

    #[test]
    fn a_partial_sees_its_arguments_and_the_site_and_is_not_escaped_twice() {
        let tera = tera(&[
            ("p.html", "{{ site.t }} {{ words.w }} {{ a }} {{ b }}"),
            ("q.html", "{{ a | default(value='no a') }}"),
            (
                "t.html",
                r#"{{ cached_include(template="p.html", a=here, b=1) }}|{% include "q.html" %}"#,
            ),
        ]);
        let site = Value::from_serializable(&serde_json::json!({"t": "<T>"}));
        let out = tera.render("t.html", &context(&site, "x&y")).unwrap();
        // The page has no `a`: it is the partial's own argument.
        assert_eq!(out, "&lt;T&gt; W x&amp;y 1|no a");
    }

    #[test]
    fn each_set_of_arguments_and_each_site_renders_its_own() {
        let (tera, cached) = with_cache(&[
            ("p.html", "{{ site.t }}:{{ a }}"),
            (
                "t.html",
                r#"{{ cached_include(template="p.html", a=here) }}"#,
            ),
        ]);
        let one = Value::from_serializable(&serde_json::json!({"t": "1"}));
        let two = Value::from_serializable(&serde_json::json!({"t": "2"}));
        let again = Value::from_serializable(&serde_json::json!({"t": "1"}));
        let render = |site: &Value, here| tera.render("t.html", &context(site, here)).unwrap();
        let renders = || cached.renders.load(Ordering::Relaxed);
        assert_eq!(render(&one, "a"), "1:a");
        assert_eq!(render(&one, "b"), "1:b");
        assert_eq!(render(&one, "a"), "1:a");
        assert_eq!(renders(), 2, "the third call reuses the first");
        // Another site, or an equal one that is another value, is rendered again.
        assert_eq!(render(&two, "a"), "2:a");
        assert_eq!(render(&one, "a"), "1:a");
        assert_eq!(render(&again, "a"), "1:a");
        assert_eq!(renders(), 5);
    }

    #[test]
    fn a_page_variable_not_passed_is_not_seen_and_nesting_is_refused() {
        let tera = tera(&[
            ("p.html", "[{{ here | default(value='none') }}]"),
            ("nest.html", r#"{{ cached_include(template="p.html") }}"#),
            ("t.html", r#"{{ cached_include(template="p.html") }}"#),
            ("u.html", r#"{{ cached_include(template="nest.html") }}"#),
            (
                "v.html",
                r#"{{ cached_include(template="p.html", site=1) }}"#,
            ),
        ]);
        let site = Value::from_serializable(&serde_json::json!({}));
        assert_eq!(
            tera.render("t.html", &context(&site, "x")).unwrap(),
            "[none]"
        );
        for (template, error) in [
            ("u.html", "cannot use cached_include itself"),
            ("v.html", "passed to every partial already"),
        ] {
            let err = format!(
                "{:?}",
                tera.render(template, &context(&site, "x")).unwrap_err()
            );
            assert!(err.contains(error), "{template}: {err}");
        }
    }
}
