//! The little of CBOR (RFC 8949) the index is written in: unsigned and negative integers,
//! text and arrays of known length, each in its shortest head, as Pagefind writes them.

/// Appends a data item's head: its major type and its argument, in the fewest bytes.
fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let major = major << 5;
    match n {
        0..=23 => out.push(major | n as u8),
        24..=0xff => out.extend_from_slice(&[major | 24, n as u8]),
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(major | 26);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
        _ => {
            out.push(major | 27);
            out.extend_from_slice(&n.to_be_bytes());
        }
    }
}

/// Appends the head of an array of `n` items (the items follow).
pub fn array(out: &mut Vec<u8>, n: usize) {
    head(out, 4, n as u64);
}

/// Appends an integer.
pub fn int(out: &mut Vec<u8>, n: i64) {
    match u64::try_from(n) {
        Ok(n) => head(out, 0, n),
        Err(_) => head(out, 1, (-1 - n) as u64),
    }
}

/// Appends a text string.
pub fn text(out: &mut Vec<u8>, s: &str) {
    head(out, 3, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Appends an array of integers.
pub fn ints(out: &mut Vec<u8>, ns: impl ExactSizeIterator<Item = i64>) {
    array(out, ns.len());
    for n in ns {
        int(out, n);
    }
}

/// The integers of an array of integers, as [`ints`] writes it; an item of another type
/// ends the reading.
pub fn read_ints(bytes: &[u8]) -> Vec<i64> {
    let mut at = 0;
    let Some((4, n)) = read_head(bytes, &mut at) else {
        return Vec::new();
    };
    (0..n)
        .map_while(|_| match read_head(bytes, &mut at)? {
            (0, n) => i64::try_from(n).ok(),
            (1, n) => i64::try_from(n).ok().map(|n| -1 - n),
            _ => None,
        })
        .collect()
}

/// A head's major type and argument, at `at`, moving past it.
fn read_head(bytes: &[u8], at: &mut usize) -> Option<(u8, u64)> {
    let first = *bytes.get(*at)?;
    *at += 1;
    let width = match first & 0x1f {
        n @ 0..=23 => return Some((first >> 5, u64::from(n))),
        24 => 1,
        25 => 2,
        26 => 4,
        27 => 8,
        _ => return None,
    };
    let argument = bytes.get(*at..*at + width)?.iter().fold(0u64, |n, &b| n << 8 | u64::from(b));
    *at += width;
    Some((first >> 5, argument))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_written_in_their_shortest_form_as_rfc_8949_shows_them() {
        // Examples from RFC 8949, appendix A.
        let cases: [(i64, &[u8]); 8] = [
            (0, &[0x00]),
            (23, &[0x17]),
            (24, &[0x18, 0x18]),
            (1000, &[0x19, 0x03, 0xe8]),
            (1_000_000, &[0x1a, 0x00, 0x0f, 0x42, 0x40]),
            (-1, &[0x20]),
            (-100, &[0x38, 0x63]),
            (-1000, &[0x39, 0x03, 0xe7]),
        ];
        for (n, bytes) in cases {
            let mut out = Vec::new();
            int(&mut out, n);
            assert_eq!(out, bytes, "{n}");
        }
        let mut out = Vec::new();
        array(&mut out, 2);
        text(&mut out, "ü");
        ints(&mut out, [1i64, 2].into_iter());
        assert_eq!(out, [0x82, 0x62, 0xc3, 0xbc, 0x82, 0x01, 0x02]);
    }

    #[test]
    fn an_array_of_integers_reads_back_as_written() {
        let ns = [0, 23, 24, -1, -25, 1000, -1000, 70_000, -70_000, i64::from(u32::MAX) + 5];
        let mut out = Vec::new();
        ints(&mut out, ns.iter().copied());
        assert_eq!(read_ints(&out), ns);
        assert!(read_ints(&[0x61, b'x']).is_empty(), "not an array");
    }
}
