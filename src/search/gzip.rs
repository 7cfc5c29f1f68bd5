//! The index's files compressed as Pagefind's JavaScript reads them (gzip of a signature and
//! the bytes), at the level each kind of file is worth.

use std::io::Write;

/// The compression level of a page's fragment, which each result shown fetches. Not 1:
/// zlib-rs's level 1 (zlib-ng's "quick" strategy) uses only the fixed Huffman codes and
/// writes fragments 46 % bigger than its level 2 (3.28 against 2.25 MB for the 1,150 English
/// fragments of 1,000 councils), for half the time (35 against 81 ms); levels above 2 save
/// under 1 % more.
pub(super) const FRAGMENT_LEVEL: u32 = 2;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_is_compressed_within_a_tenth_of_zlib_s_default() {
        // A page's text as a fragment holds it: the shipped site's longest council, in JSON.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("content/councils/third.en.md")).unwrap();
        let json = serde_json::json!({ "url": "/en/councils/third/", "content": text }).to_string();
        let (ours, default) =
            (compress(json.as_bytes(), FRAGMENT_LEVEL).len(), compress(json.as_bytes(), 6).len());
        assert!(ours * 10 <= default * 11, "{ours} bytes against {default} at level 6");
        assert_eq!(
            decompress(&compress(json.as_bytes(), FRAGMENT_LEVEL)),
            [b"pagefind_dcd", json.as_bytes()].concat()
        );
    }
}
