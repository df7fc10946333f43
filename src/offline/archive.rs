//! The offline zip: the site's files, in sorted order, with fixed timestamps and permissions so
//! two builds of the same sources give the same bytes.

use rayon::prelude::*;
use std::io::{Cursor, Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter};

/// Files zipped together by one core, and runs zipped at once, before they are appended in
/// order: a few MB in flight, and every core busy.
const BATCH: usize = 32;
const RUNS: usize = 8;

/// How hard deflate works. Level 6 (zlib's default) took three times as long as level 2 for a
/// zip about 10% smaller (measured on the 10,000-topic synthetic guide; docs/benchmarks.md).
const LEVEL: i64 = 2;

fn options() -> SimpleFileOptions {
    // 1980-01-01 00:00, the earliest time a zip can hold; rw-r--r--; always "made on Unix", so
    // the bytes do not depend on the machine or the clock.
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(System::Unix)
}

/// Write a zip of `paths` (sorted by the caller) into `out`, reading each file with `read`.
pub fn write_zip<W, E>(
    out: W,
    paths: &[&str],
    read: impl Fn(&str) -> Result<Vec<u8>, E> + Sync,
) -> Result<W, ZipError<E>>
where
    W: Write + Seek,
    E: Send,
{
    let mut zip = ZipWriter::new(out);
    // Each core zips a run of files into a small archive of its own, whose entries are then
    // copied into the zip as they are. One writer per run reuses one compressor: a new one per
    // file spent more time setting up its tables than compressing a 13 KB page.
    for batch in paths.chunks(BATCH * RUNS) {
        let parts: Vec<Result<Vec<u8>, ZipError<E>>> = batch
            .par_chunks(BATCH)
            .map(|run| {
                let mut part = ZipWriter::new(Cursor::new(Vec::new()));
                for path in run {
                    let bytes = read(path).map_err(ZipError::Read)?;
                    part.start_file(*path, options()).map_err(ZipError::Zip)?;
                    part.write_all(&bytes)
                        .map_err(|e| ZipError::Zip(e.into()))?;
                }
                Ok(part.finish().map_err(ZipError::Zip)?.into_inner())
            })
            .collect();
        for part in parts {
            let part = ZipArchive::new(Cursor::new(part?)).map_err(ZipError::Zip)?;
            zip.merge_archive(part).map_err(ZipError::Zip)?;
        }
    }
    zip.finish().map_err(ZipError::Zip)
}

/// Why a zip could not be made: a file could not be read, or the zip could not be written.
#[derive(Debug)]
pub enum ZipError<E> {
    Read(E),
    Zip(zip::result::ZipError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::Read;

    fn zip_of(files: &BTreeMap<&str, &[u8]>) -> Vec<u8> {
        let paths: Vec<&str> = files.keys().copied().collect();
        let read = |p: &str| Ok::<_, ()>(files[p].to_vec());
        write_zip(Cursor::new(Vec::new()), &paths, read)
            .unwrap()
            .into_inner()
    }

    #[test]
    fn entries_are_sorted_dated_1980_and_the_bytes_repeat() {
        let files = BTreeMap::from([
            ("b/c.html", b"<p>c</p>".as_slice()),
            ("a.html", b"<p>a</p>".as_slice()),
        ]);
        let bytes = zip_of(&files);
        assert_eq!(bytes, zip_of(&files));
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

    #[test]
    fn many_files_keep_their_order_across_batches() {
        let names: Vec<String> = (0..(BATCH * 2 + 5))
            .map(|i| format!("p{i:04}.html"))
            .collect();
        let files: BTreeMap<&str, &[u8]> =
            names.iter().map(|n| (n.as_str(), n.as_bytes())).collect();
        let mut archive = zip::ZipArchive::new(Cursor::new(zip_of(&files))).unwrap();
        assert_eq!(archive.len(), names.len());
        for (i, name) in names.iter().enumerate() {
            let mut entry = archive.by_index(i).unwrap();
            assert_eq!(entry.name().unwrap(), name.as_str());
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            assert_eq!(&text, name);
        }
    }

    #[test]
    fn a_file_that_cannot_be_read_is_an_error() {
        let paths = ["a.html", "b.html"];
        let read = |p: &str| {
            if p == "b.html" {
                Err("gone")
            } else {
                Ok(vec![1])
            }
        };
        let result = write_zip(Cursor::new(Vec::new()), &paths, read);
        assert!(matches!(result, Err(ZipError::Read("gone"))));
    }
}
