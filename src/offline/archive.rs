//! The offline zip: the site's files, in sorted order, with fixed timestamps and permissions so
//! two builds of the same sources give the same bytes.
//!
//! Written here rather than with the `zip` crate: each file is compressed whole by libdeflate
//! (`libdeflater`), which at its level 1 made a smaller zip of the 10,000-topic guide (43 MB
//! against 44 MB) in 54% of the time zlib-rs took at level 2, the level used before. The format
//! written is the plain one of PKWARE's APPNOTE: a local header and the data for each file, then
//! the central directory; zip64 end records only for 65,535 files or more.

use libdeflater::{CompressionLvl, Compressor, Crc};
use rayon::prelude::*;
use std::io::{self, Write};

/// Files compressed at once, by every core, before they are written in order: a few MB in
/// flight.
const BATCH: usize = 256;

/// libdeflate's level 1: its fastest, still smaller than zlib-rs at level 2 on these pages.
const LEVEL: i32 = 1;

/// 1980-01-01 00:00 in MS-DOS form, the earliest time a zip can hold: the bytes do not depend
/// on the clock.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version 2.0 of the format (deflate); "made by" Unix, so the mode below is read.
const VERSION_NEEDED: u16 = 20;
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// Bit 11: names are UTF-8.
const FLAGS: u16 = 1 << 11;
/// A regular file, rw-r--r--, in the high half of the external attributes.
const UNIX_MODE: u32 = 0o100644 << 16;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// Write a zip of `paths` (sorted by the caller) into `out`, reading each file with `read`.
pub fn write_zip<W, E>(
    out: W,
    paths: &[&str],
    read: impl Fn(&str) -> Result<Vec<u8>, E> + Sync,
) -> Result<W, ZipError<E>>
where
    W: Write,
    E: Send,
{
    let mut zip = Writer {
        out,
        at: 0,
        central: Vec::new(),
        entries: 0,
    };
    for batch in paths.chunks(BATCH) {
        let done: Vec<Result<Entry, ZipError<E>>> = batch
            .par_iter()
            .map_init(
                || Compressor::new(CompressionLvl::new(LEVEL).expect("level 1 is valid")),
                |compressor, path| {
                    let bytes = read(path).map_err(ZipError::Read)?;
                    Ok(Entry::of(path, bytes, compressor))
                },
            )
            .collect();
        for entry in done {
            zip.add(&entry?).map_err(ZipError::Write)?;
        }
    }
    zip.finish().map_err(ZipError::Write)
}

/// Why a zip could not be made: a file could not be read, or the zip could not be written.
#[derive(Debug)]
pub enum ZipError<E> {
    Read(E),
    Write(io::Error),
}

/// One file, compressed (or stored, when compressing does not make it smaller).
struct Entry<'a> {
    name: &'a str,
    crc: u32,
    size: usize,
    method: u16,
    data: Vec<u8>,
}

impl<'a> Entry<'a> {
    fn of(name: &'a str, bytes: Vec<u8>, compressor: &mut Compressor) -> Entry<'a> {
        let size = bytes.len();
        let mut crc = Crc::new();
        crc.update(&bytes);
        let mut data = vec![0; compressor.deflate_compress_bound(bytes.len())];
        let compressed = (compressor.deflate_compress(&bytes, &mut data)).ok();
        let (method, data) = match compressed {
            Some(n) if n < size => {
                data.truncate(n);
                (DEFLATED, data)
            }
            _ => (STORED, bytes),
        };
        Entry {
            name,
            crc: crc.sum(),
            size,
            method,
            data,
        }
    }
}

struct Writer<W> {
    out: W,
    /// Bytes written so far: where the next local header starts.
    at: u64,
    central: Vec<u8>,
    entries: u64,
}

impl<W: Write> Writer<W> {
    fn add(&mut self, entry: &Entry) -> io::Result<()> {
        let offset = small(self.at, "the offline zip")?;
        let size = small(entry.size as u64, entry.name)?;
        let packed = small(entry.data.len() as u64, entry.name)?;
        let name = entry.name.as_bytes();
        let name_len = u16::try_from(name.len()).map_err(|_| too_large(entry.name))?;

        let mut local = Vec::with_capacity(30 + name.len());
        put32(&mut local, 0x0403_4b50);
        put16(&mut local, VERSION_NEEDED);
        put16(&mut local, FLAGS);
        put16(&mut local, entry.method);
        put16(&mut local, DOS_TIME);
        put16(&mut local, DOS_DATE);
        put32(&mut local, entry.crc);
        put32(&mut local, packed);
        put32(&mut local, size);
        put16(&mut local, name_len);
        put16(&mut local, 0); // no extra field
        local.extend_from_slice(name);
        self.out.write_all(&local)?;
        self.out.write_all(&entry.data)?;
        self.at += (local.len() + entry.data.len()) as u64;

        let c = &mut self.central;
        put32(c, 0x0201_4b50);
        put16(c, VERSION_MADE_BY);
        put16(c, VERSION_NEEDED);
        put16(c, FLAGS);
        put16(c, entry.method);
        put16(c, DOS_TIME);
        put16(c, DOS_DATE);
        put32(c, entry.crc);
        put32(c, packed);
        put32(c, size);
        put16(c, name_len);
        put16(c, 0); // extra field
        put16(c, 0); // comment
        put16(c, 0); // disk
        put16(c, 0); // internal attributes
        put32(c, UNIX_MODE);
        put32(c, offset);
        c.extend_from_slice(name);
        self.entries += 1;
        Ok(())
    }

    fn finish(mut self) -> io::Result<W> {
        let start = self.at;
        let length = self.central.len() as u64;
        self.out.write_all(&self.central)?;
        let (start32, length32) = (
            small(start, "the offline zip")?,
            small(length, "the offline zip")?,
        );
        let mut end = Vec::new();
        let count = match u16::try_from(self.entries) {
            Ok(n) if n < u16::MAX => n,
            _ => {
                // Zip64's end record holds the count a 16-bit field cannot, and a locator
                // points to it; the classic record that follows says 0xFFFF.
                let record = start + length;
                put32(&mut end, 0x0606_4b50);
                put64(&mut end, 44); // the record's size after this field
                put16(&mut end, VERSION_MADE_BY);
                put16(&mut end, 45); // zip64 needs version 4.5
                put32(&mut end, 0); // this disk
                put32(&mut end, 0); // the central directory's disk
                put64(&mut end, self.entries);
                put64(&mut end, self.entries);
                put64(&mut end, length);
                put64(&mut end, start);
                put32(&mut end, 0x0706_4b50);
                put32(&mut end, 0); // the record's disk
                put64(&mut end, record);
                put32(&mut end, 1); // disks in all
                u16::MAX
            }
        };
        put32(&mut end, 0x0605_4b50);
        put16(&mut end, 0); // this disk
        put16(&mut end, 0); // the central directory's disk
        put16(&mut end, count);
        put16(&mut end, count);
        put32(&mut end, length32);
        put32(&mut end, start32);
        put16(&mut end, 0); // no comment
        self.out.write_all(&end)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// `n` as a 32-bit field, or the error for what grew past 4 GB.
fn small(n: u64, what: &str) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| too_large(what))
}

fn too_large(what: &str) -> io::Error {
    io::Error::other(format!(
        "{what} is too large for the offline zip (4 GB, or a name over 65,535 bytes)"
    ))
}

fn put16(out: &mut Vec<u8>, n: u16) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::{Cursor, Read};

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

    #[test]
    fn a_file_that_does_not_shrink_is_stored_and_every_crc_is_checked() {
        // Bytes from a fixed pseudo-random sequence: deflate cannot make them smaller.
        let mut state = 1u32;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            })
            .collect();
        let text = "the same words again and again ".repeat(100);
        let files = BTreeMap::from([
            ("empty.txt", b"".as_slice()),
            ("noise.png", noise.as_slice()),
            ("page.html", text.as_bytes()),
            ("ünïcode.html", b"<p>names are UTF-8</p>".as_slice()),
        ]);
        let mut archive = zip::ZipArchive::new(Cursor::new(zip_of(&files))).unwrap();
        for (name, bytes) in &files {
            let mut entry = archive.by_name(name).unwrap();
            let method = entry.compression();
            let mut read = Vec::new();
            // The reader checks each entry's CRC-32 as it reaches the end.
            entry.read_to_end(&mut read).unwrap();
            assert_eq!(&read, bytes, "{name}");
            match *name {
                "noise.png" => assert_eq!(method, zip::CompressionMethod::Stored),
                "page.html" => {
                    assert_eq!(method, zip::CompressionMethod::Deflated);
                    assert!(entry.compressed_size() < 200, "{}", entry.compressed_size());
                }
                _ => {}
            }
        }
    }

    #[test]
    fn a_site_of_no_files_is_an_empty_zip() {
        let bytes = zip_of(&BTreeMap::new());
        assert_eq!(bytes.len(), 22, "the end record alone");
        assert_eq!(zip::ZipArchive::new(Cursor::new(bytes)).unwrap().len(), 0);
    }

    #[test]
    fn more_files_than_a_classic_zip_counts_get_zip64_records() {
        let names: Vec<String> = (0..70_000).map(|i| format!("p{i:05}.txt")).collect();
        let paths: Vec<&str> = names.iter().map(String::as_str).collect();
        let read = |p: &str| Ok::<_, ()>(p.as_bytes().to_vec());
        let bytes = write_zip(Cursor::new(Vec::new()), &paths, read)
            .unwrap()
            .into_inner();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 70_000);
        for i in [0, 65_534, 65_535, 69_999] {
            let mut entry = archive.by_index(i).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            assert_eq!(text, names[i]);
        }
    }
}
