//! The offline zip: the site's files, in sorted order, with fixed timestamps and permissions so
//! two builds of the same sources give the same bytes.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// Zip `files` (path → bytes). A `BTreeMap` iterates in sorted order, so entries are sorted.
pub fn zip_files(files: &BTreeMap<&str, &[u8]>) -> zip::result::ZipResult<Vec<u8>> {
    // 1980-01-01 00:00, the earliest time a zip can hold; rw-r--r--; always "made on Unix", so
    // the bytes do not depend on the machine or the clock.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(System::Unix);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (path, bytes) in files {
        zip.start_file(*path, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn entries_are_sorted_dated_1980_and_the_bytes_repeat() {
        let files = BTreeMap::from([
            ("b/c.html", b"<p>c</p>".as_slice()),
            ("a.html", b"<p>a</p>".as_slice()),
        ]);
        let bytes = zip_files(&files).unwrap();
        assert_eq!(bytes, zip_files(&files).unwrap());
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 2);
        let mut entry = archive.by_index(1).unwrap();
        assert_eq!(entry.name().unwrap(), "b/c.html");
        assert_eq!(entry.unix_mode(), Some(0o100644));
        let time = entry.last_modified().unwrap();
        assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1));
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        assert_eq!(text, "<p>c</p>");
    }
}
