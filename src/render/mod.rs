//! Rendering the checked content model to HTML pages, through the Tera templates in
//! `templates/`. Rust builds plain context structs; templates hold all the markup.

mod cached;
mod context;
mod group_by;
mod jsonld;
mod tel;
mod templates;
mod timeline;

pub use context::{readers_of, render_site, site_context, EmitPage, Reuse, SiteContext};
pub use templates::{load_templates, template_error};
