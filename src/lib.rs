//! backguide: builds a static guide to back pain after working out from YAML and Markdown.
//!
//! The build is a pipeline of stages, each a module:
//! [`content`] loads the model, [`check`] proves links and references resolve, [`render`] turns it
//! into HTML through the templates, and [`output`] writes it safely. [`site`] runs them in order.

pub mod check;
pub mod cmd;
pub mod content;
pub mod decision;
pub mod diagnostic;
pub mod links;
pub mod markdown;
pub mod offline;
pub mod output;
pub mod publish;
pub mod raw_html;
pub mod render;
pub mod review;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod sources;
pub mod synth;
pub mod timings;
pub mod util;
pub mod yaml;
