//! The index's files compressed as Pagefind's JavaScript reads them (gzip of a signature and
//! the bytes), at the level each kind of file is worth.

use std::io::Write;

/// The compression level of a page's fragment: fragments are most of the bundle's bytes and
/// of its cost; zlib's level 1 makes them in a fifth of the time of its best, a few per cent
/// bigger (a result fetches only its own).
pub(super) const FRAGMENT_LEVEL: u32 = 1;

/// The compression level of the word chunks, filters and metadata, which a query fetches:
/// at 10,000 councils, level 2 writes 7 % more bytes than zlib's default (6), level 1 35 %
/// more; Pagefind's own (9) was the largest part of the index's time.
pub(super) const INDEX_LEVEL: u32 = 2;

/// `bytes` compressed as Pagefind's JavaScript reads them: gzip of a signature and the bytes.
pub(super) fn compress(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut gz =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::new(level));
    // Writing to a Vec cannot fail.
    let _ = gz.write_all(b"pagefind_dcd");
    let _ = gz.write_all(bytes);
    gz.finish().unwrap_or_default()
}

/// The bytes of a compressed file (with its signature), for tests.
#[cfg(test)]
pub(super) fn decompress(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}
