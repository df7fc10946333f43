//! backguide's developer tasks, outside the library (as mdBook's xtask): [`synth`] writes the
//! synthetic guide that `bench/run.sh` and tests/it/synth.rs build. The binary (src/main.rs) is
//! `cargo xtask`.

pub mod synth;
