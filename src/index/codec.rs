//! The little-endian binary encoding of the files a generation keeps beside tantivy
//! ([`super::catalog_file`], [`super::prepared`]): numbers, length-prefixed strings and
//! arrays, read back with every length checked against the bytes there are, so a truncated
//! or foreign file is an error naming the byte offset, never a panic.

use std::ops::Range;
use tantivy::directory::OwnedBytes;

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    /// The bytes written so far.
    pub bytes: Vec<u8>,
}

impl Writer {
    /// A writer whose buffer starts with `magic` and `version`.
    pub fn with_header(magic: &[u8; 8], version: u32) -> Writer {
        let mut w = Writer { bytes: Vec::with_capacity(1 << 16) };
        w.bytes.extend_from_slice(magic);
        w.u32(version);
        w
    }

    /// One byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    /// A little-endian u32.
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A little-endian u64.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A little-endian f32, bit for bit.
    pub fn f32(&mut self, v: f32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A count or length; more than `u32::MAX` is refused by the callers' data long before.
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    /// A string: its byte length, then its UTF-8 bytes.
    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// Many u32s: their count, then each.
    pub fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        for &v in values {
            self.u32(v);
        }
    }

    /// Many u32s kept as bytes, written as [`Writer::u32s`] writes them.
    pub fn le_u32s(&mut self, values: &LeU32s) {
        self.len(values.len());
        self.bytes.extend_from_slice(values.bytes.as_slice());
    }

    /// A string kept as bytes, written as [`Writer::str`] writes it.
    pub fn str_bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.bytes.extend_from_slice(bytes);
    }
}

/// Little-endian u32s read in place from a file's bytes (a mapping), never copied whole:
/// a lookup touches only the numbers it reads.
#[derive(Debug, Clone)]
pub struct LeU32s {
    bytes: OwnedBytes,
}

impl LeU32s {
    /// The numbers `values`, encoded (for tables computed rather than read).
    pub fn of(values: &[u32]) -> LeU32s {
        LeU32s { bytes: OwnedBytes::new(values.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>()) }
    }

    /// The numbers in `bytes`, whose length is a multiple of 4 ([`Reader::u32s_range`]).
    pub fn read(bytes: OwnedBytes) -> LeU32s {
        LeU32s { bytes }
    }

    /// How many numbers there are.
    pub fn len(&self) -> usize {
        self.bytes.len() / 4
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<u32> {
        self.slice(i..i.checked_add(1)?).and_then(|s| s.get(0))
    }

    /// The numbers `range`, if they are all there.
    pub fn slice(&self, range: Range<usize>) -> Option<LeU32Slice<'_>> {
        let bytes = self.bytes.as_slice().get(range.start.checked_mul(4)?..range.end.checked_mul(4)?)?;
        Some(LeU32Slice { bytes })
    }

    /// Every number, in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        LeU32Slice { bytes: self.bytes.as_slice() }.iter()
    }
}

/// A run of [`LeU32s`], borrowed.
#[derive(Debug, Clone, Copy, Default)]
pub struct LeU32Slice<'a> {
    bytes: &'a [u8],
}

impl<'a> LeU32Slice<'a> {
    /// How many numbers there are.
    pub fn len(&self) -> usize {
        self.bytes.len() / 4
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<u32> {
        let b = self.bytes.get(i.checked_mul(4)?..i.checked_mul(4)?.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The numbers from `i` on (none when `i` is past the end).
    pub fn skip(&self, i: usize) -> LeU32Slice<'a> {
        LeU32Slice { bytes: self.bytes.get(i.saturating_mul(4)..).unwrap_or(&[]) }
    }

    /// The first `n` numbers, if there are that many.
    pub fn take(&self, n: usize) -> Option<LeU32Slice<'a>> {
        Some(LeU32Slice { bytes: self.bytes.get(..n.checked_mul(4)?)? })
    }

    /// Every number, in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + 'a {
        self.bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Reads values back, checking every length.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// What is wrong with the bytes, and where.
pub type DecodeError = String;

impl<'a> Reader<'a> {
    /// A reader over `bytes`, which have no header (a record inside a file whose header
    /// was checked).
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// A reader over `bytes` that first checks their `magic` and `version`.
    pub fn with_header(bytes: &'a [u8], magic: &[u8; 8], version: u32) -> Result<Reader<'a>, DecodeError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != magic {
            return Err("not a file of this kind (bad magic bytes at offset 0)".into());
        }
        let found = r.u32()?;
        if found != version {
            return Err(format!("format version {found} at offset 8 (this build reads version {version})"));
        }
        Ok(r)
    }

    /// The offset of the next byte.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// Whether every byte was read.
    pub fn finished(&self) -> Result<(), DecodeError> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(format!("{} unexpected bytes at offset {}", self.bytes.len() - self.at, self.at))
        }
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| {
            format!("truncated: {n} bytes needed at offset {}, the file has {}", self.at, self.bytes.len())
        })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    /// One byte.
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    /// A little-endian u32.
    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A little-endian u64.
    pub fn u64(&mut self) -> Result<u64, DecodeError> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    }

    /// A little-endian f32.
    pub fn f32(&mut self) -> Result<f32, DecodeError> {
        Ok(f32::from_bits(self.u32()?))
    }

    /// A count of items of at least `item_bytes` bytes each, refused when the bytes left
    /// cannot hold that many (so a damaged count never allocates gigabytes).
    pub fn len(&mut self, item_bytes: usize) -> Result<usize, DecodeError> {
        let at = self.at;
        let n = self.u32()? as usize;
        let left = self.bytes.len() - self.at;
        if n.saturating_mul(item_bytes) > left {
            return Err(format!("count {n} at offset {at} does not fit in the {left} bytes left"));
        }
        Ok(n)
    }

    /// A string.
    pub fn str(&mut self) -> Result<&'a str, DecodeError> {
        let n = self.len(1)?;
        let at = self.at;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 in the string at offset {at}: {e}"))
    }

    /// A string, owned.
    pub fn string(&mut self) -> Result<String, DecodeError> {
        self.str().map(str::to_string)
    }

    /// Where the u32s written by [`Writer::u32s`] lie in the bytes, skipped over, to be read
    /// in place ([`LeU32s`]).
    pub fn u32s_range(&mut self) -> Result<Range<usize>, DecodeError> {
        self.counted_range(4)
    }

    /// Where the bytes of a string written by [`Writer::str`] lie, skipped over without a
    /// UTF-8 check: for a reader that only compares the bytes (the sorted term text of
    /// [`super::prepared::PhraseTable`]).
    pub fn str_range(&mut self) -> Result<Range<usize>, DecodeError> {
        self.counted_range(1)
    }

    /// A count of items of `item_bytes` bytes each, then the items, skipped over: where
    /// they lie.
    fn counted_range(&mut self, item_bytes: usize) -> Result<Range<usize>, DecodeError> {
        let n = self.len(item_bytes)? * item_bytes;
        let at = self.at;
        self.take(n)?;
        Ok(at..at + n)
    }

    /// Many u32s.
    pub fn u32s(&mut self) -> Result<Vec<u32>, DecodeError> {
        let n = self.len(4)?;
        let bytes = self.take(n * 4)?;
        Ok(bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let mut w = Writer::with_header(b"TESTFILE", 3);
        w.u8(7);
        w.u64(1 << 40);
        w.f32(-0.25);
        w.str("héllo");
        w.u32s(&[1, 2, u32::MAX]);
        let bytes = w.bytes;
        let mut r = Reader::with_header(&bytes, b"TESTFILE", 3).expect("header");
        assert_eq!(r.u8(), Ok(7));
        assert_eq!(r.u64(), Ok(1 << 40));
        assert_eq!(r.f32(), Ok(-0.25));
        assert_eq!(r.str(), Ok("héllo"));
        assert_eq!(r.u32s(), Ok(vec![1, 2, u32::MAX]));
        assert_eq!(r.finished(), Ok(()));
        assert!(Reader::with_header(&bytes, b"OTHERFIL", 3).unwrap_err().contains("magic"));
        assert!(Reader::with_header(&bytes, b"TESTFILE", 4).unwrap_err().contains("version 3"));
        // Every truncation is an error, never a panic.
        for end in 0..bytes.len() {
            let cut = &bytes[..end];
            let read = Reader::with_header(cut, b"TESTFILE", 3).and_then(|mut r| {
                r.u8()?;
                r.u64()?;
                r.f32()?;
                r.str()?;
                r.u32s()?;
                Ok(())
            });
            assert!(read.is_err(), "{end}");
        }
    }
}
