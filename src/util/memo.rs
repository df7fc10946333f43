//! Remembering what a build worked out, so that the next build of a slightly different guide
//! (`serve`, after an edit) does again only the work whose inputs changed.
//!
//! Every memo is keyed by a [`Key`]: a SHA-256 over everything the remembered value was made
//! from. A value is reused only when all of its inputs are byte for byte the same, so a build
//! that reuses values gives the files a build from scratch would give.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// A digest of the inputs of one remembered value.
pub type Key = [u8; 32];

/// Hashes the inputs of a value, part by part.
#[derive(Clone, Default)]
pub struct Keyer(Sha256);

impl Keyer {
    pub fn new(kind: &str) -> Keyer {
        let mut k = Keyer(Sha256::new());
        k.text(kind);
        k
    }

    /// One input. Each part is length-prefixed, so `("ab", "c")` and `("a", "bc")` differ.
    pub fn bytes(&mut self, part: &[u8]) -> &mut Keyer {
        self.0.update((part.len() as u64).to_le_bytes());
        self.0.update(part);
        self
    }

    pub fn text(&mut self, part: &str) -> &mut Keyer {
        self.bytes(part.as_bytes())
    }

    pub fn key(&mut self, part: &Key) -> &mut Keyer {
        self.bytes(part)
    }

    /// A value as its JSON: every field it serializes is an input.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> &mut Keyer {
        let mut writer = KeyWriter(Sha256::new());
        // Writing into a hasher cannot fail; a value that cannot serialize is keyed by its error.
        if let Err(e) = serde_json::to_writer(&mut writer, value) {
            writer.0.update(e.to_string());
        }
        self.key(&writer.0.finalize().into())
    }

    /// A value in postcard's compact form: every field it serializes is an input. Several
    /// times faster than [`Keyer::json`], which it falls back on for a value postcard cannot
    /// write (a map of unknown length).
    pub fn value<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> &mut Keyer {
        let mut writer = KeyWriter(Sha256::new());
        match postcard::to_io(value, &mut writer) {
            Ok(_) => self.key(&writer.0.finalize().into()),
            Err(_) => self.json(value),
        }
    }

    pub fn finish(&self) -> Key {
        self.0.clone().finalize().into()
    }
}

struct KeyWriter(Sha256);

impl std::io::Write for KeyWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Values by the key of their inputs, shared by the threads of one build. Values that a build
/// did not ask for are dropped by [`Memo::sweep`] after it, so the memo holds one build's worth.
pub struct Memo<V> {
    values: Mutex<HashMap<Key, (V, u64)>>,
    build: AtomicU64,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            values: Mutex::default(),
            build: AtomicU64::new(0),
        }
    }
}

impl<V: Clone> Memo<V> {
    /// The value remembered for `key`, or `make`'s, remembered.
    pub fn get_or(&self, key: Key, make: impl FnOnce() -> V) -> V {
        if let Some(value) = self.get(&key) {
            return value;
        }
        let value = make();
        self.put(key, value.clone());
        value
    }

    pub fn get(&self, key: &Key) -> Option<V> {
        let build = self.build.load(Ordering::Relaxed);
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values.get_mut(key).map(|(value, used)| {
            *used = build;
            value.clone()
        })
    }

    pub fn put(&self, key: Key, value: V) {
        let build = self.build.load(Ordering::Relaxed);
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values.insert(key, (value, build));
    }

    /// Forget what the build just finished did not use, and start the next.
    pub fn sweep(&self) {
        let build = self.build.fetch_add(1, Ordering::Relaxed);
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values.retain(|_, (_, used)| *used == build);
    }

    pub fn len(&self) -> usize {
        self.values.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_kept_apart() {
        let a = Keyer::new("t").text("ab").text("c").finish();
        let b = Keyer::new("t").text("a").text("bc").finish();
        assert_ne!(a, b);
        assert_eq!(a, Keyer::new("t").text("ab").text("c").finish());
        assert_ne!(a, Keyer::new("u").text("ab").text("c").finish());
    }

    #[test]
    fn a_sweep_keeps_only_what_the_last_build_used() {
        let memo: Memo<u32> = Memo::default();
        let (one, two) = (Keyer::new("1").finish(), Keyer::new("2").finish());
        assert_eq!(memo.get_or(one, || 1), 1);
        assert_eq!(memo.get_or(two, || 2), 2);
        memo.sweep();
        // The next build uses only `one`, and gets the remembered value, not a new one.
        assert_eq!(memo.get_or(one, || 10), 1);
        memo.sweep();
        assert_eq!(memo.len(), 1);
        assert_eq!(memo.get(&two), None);
    }
}
