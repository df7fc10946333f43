//! backguide: builds a static health guide (this repository's is about back pain after working out) from YAML and Markdown.
//!
//! The build is a pipeline of stages, each a module:
//! [`content`] loads the model, [`pages`] lists every page once (the page table),
//! [`check`] proves links and references resolve, [`render`] turns it
//! into HTML through the templates, and [`output`] writes it safely. [`site`] runs them in order.
//!
//! # Layers
//!
//! The table lists the layers from the bottom up. A module imports only from its own row and the
//! rows before it, never from a row after it: the single-crate stand-in for what Cargo enforces
//! between crates. `tests/it/layers.rs` reads this table and checks every `crate::`, `super::`, `self::`
//! and child-module path under `src/` against it. A module not named here is in the layer of its
//! nearest named parent (`decision::graph` is in `decision`'s); a new top-level module must be
//! added.
//!
//! | layer | modules |
//! | --- | --- |
//! | helpers, a leaf | `util` |
//! | errors and timing | `diagnostic`, `timings` |
//! | formats (one module per parser crate) | `yaml`, `markdown`, `raw_html` |
//! | input: every read of a source file | `sources`, `theme`, `content`, `decision::load`, `decision::model` |
//! | model and checks | `pages`, `links`, `check`, `review`, `decision`, `search::tokens`, `search::synonyms` |
//! | render | `render`, `decision::render` |
//! | output: every write | `output` |
//! | publish | `publish`, `search` |
//! | downloads | `offline` |
//! | the pipeline | `site` |
//! | commands and tools | `cmd`, `serve`, `schema` |

pub mod check;
pub mod cmd;
pub mod content;
pub mod decision;
pub mod diagnostic;
pub mod links;
pub mod markdown;
pub mod offline;
pub mod output;
pub mod pages;
pub mod publish;
pub mod raw_html;
pub mod render;
pub mod review;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod sources;
pub mod theme;
pub mod timings;
pub mod util;
pub mod yaml;
