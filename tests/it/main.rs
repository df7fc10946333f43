//! The integration tests, one binary (as mdBook's tests/testsuite/main.rs): each file here is a
//! module; `common` holds the shared helpers. Run one file's tests with `cargo test --test it NAME::`.

mod any_guide;
mod build_errors;
mod clinical_scenarios;
mod commands;
mod common;
mod csp_browser;
mod decide_browser;
mod decide_pages;
mod decision_paths;
mod decision_rules;
mod facts;
mod first_screen_browser;
mod hostile_content;
mod links;
mod offline;
mod offline_worker;
mod offline_worker_browser;
mod output;
mod pages;
mod proptest_loader;
mod publish;
mod quality_axe;
mod quality_lighthouse;
mod quality_readability;
mod quality_report;
mod quality_requests;
mod quality_vnu;
mod quality_weight;
mod schemas;
mod search;
mod section_kinds;
mod serve;
mod smoke_browser;
mod synth;
mod tel_links;
