//! Small helpers every layer shares: dates, fast text search, HTML escaping, slugs, JSON inside `<script>`,
//! relative paths, the base URL, the names of output files, and the memos `serve` rebuilds with.
//!
//! A leaf: nothing here imports from the rest of the crate (`tests/it/layers.rs` checks it), so
//! any module may use it without making a cycle.

pub mod date;
pub mod find;
pub mod html;
pub mod json;
pub mod memo;
pub mod memory;
pub mod names;
pub mod paths;
pub mod slug;
pub mod url;
