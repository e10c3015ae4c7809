//! Character code → text maps: parsed `ToUnicode` CMaps, and single-byte font encodings
//! stored the same way. Lookups of 1- and 2-byte codes are two array reads.

use super::lexer::{Lexer, Tok};
use std::collections::HashMap;

/// Codes expanded from one `bfrange` at most (larger ranges stay ranges).
const MAX_EXPANDED_RANGE: u32 = 4096;
/// Total mapped codes kept (a hostile CMap cannot make us allocate without bound).
const MAX_ENTRIES: usize = 1 << 20;
/// Text pool limit (entries are packed with 24-bit offsets).
const MAX_POOL: usize = (1 << 24) - 1;

/// A byte-length and range of codes, from `begincodespacerange`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CodeRange {
    pub(crate) len: u8,
    pub(crate) lo: u32,
    pub(crate) hi: u32,
}

/// Codes to text.
#[derive(Debug, Default)]
pub(crate) struct UnicodeMap {
    pool: String,
    /// 1-byte codes: packed (offset << 8 | length + 1), 0 = unmapped.
    one: Option<Box<[u32; 256]>>,
    /// 2-byte codes by high byte.
    two: Vec<Option<Box<[u32; 256]>>>,
    /// 3- and 4-byte codes.
    wide: HashMap<(u8, u32), u32>,
    /// Large `bfrange`s: (length, lo, hi, first code point).
    ranges: Vec<(u8, u32, u32, u32)>,
    entries: usize,
    /// The code space, when the CMap declared one.
    pub(crate) codespace: Vec<CodeRange>,
}

impl UnicodeMap {
    /// True when nothing is mapped.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries == 0 && self.ranges.is_empty()
    }

    /// Map `code` (`len` bytes) to `text`.
    pub(crate) fn insert(&mut self, len: u8, code: u32, text: &str) {
        if self.entries >= MAX_ENTRIES || self.pool.len() + text.len() > MAX_POOL {
            return;
        }
        let off = self.pool.len() as u32;
        let tl = text.len().min(254) as u32;
        // Text is cut on a char boundary so the pool stays valid UTF-8.
        let mut cut = tl as usize;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.pool.push_str(&text[..cut]);
        let packed = (off << 8) | (cut as u32 + 1);
        self.entries += 1;
        match len {
            1 => {
                let t = self.one.get_or_insert_with(|| Box::new([0; 256]));
                t[(code & 0xFF) as usize] = packed;
            }
            2 => {
                if self.two.is_empty() {
                    self.two.resize_with(256, || None);
                }
                let page = self.two[((code >> 8) & 0xFF) as usize].get_or_insert_with(|| Box::new([0; 256]));
                page[(code & 0xFF) as usize] = packed;
            }
            _ => {
                self.wide.insert((len, code), packed);
            }
        }
    }

    /// The text of `code` (`len` bytes), appended to `out`; false when unmapped.
    pub(crate) fn get(&self, len: u8, code: u32, out: &mut String) -> bool {
        let packed = match len {
            1 => self.one.as_ref().map_or(0, |t| t[(code & 0xFF) as usize]),
            2 => self
                .two
                .get(((code >> 8) & 0xFF) as usize)
                .and_then(|p| p.as_ref())
                .map_or(0, |p| p[(code & 0xFF) as usize]),
            _ => self.wide.get(&(len, code)).copied().unwrap_or(0),
        };
        if packed != 0 {
            let off = (packed >> 8) as usize;
            let l = (packed & 0xFF) as usize - 1;
            out.push_str(self.pool.get(off..off + l).unwrap_or(""));
            return true;
        }
        for &(rl, lo, hi, first) in &self.ranges {
            if rl == len && (lo..=hi).contains(&code) {
                if let Some(c) = char::from_u32(first + (code - lo)) {
                    out.push(c);
                }
                return true;
            }
        }
        false
    }

    /// Parse a CMap (ToUnicode, or an embedded encoding CMap for its code space).
    pub(crate) fn parse(data: &[u8]) -> UnicodeMap {
        let mut map = UnicodeMap::default();
        let mut lx = Lexer::new(data);
        let mut buf = Vec::new();
        let mut text = String::new();
        loop {
            buf.clear();
            let tok = lx.next(&mut buf);
            let op = match tok {
                Tok::Eof => break,
                Tok::Op(s, e) => lx.slice(s, e),
                _ => continue,
            };
            match op {
                b"begincodespacerange" => loop {
                    buf.clear();
                    let (Some(lo), Some(hi)) = (string(&mut lx, &mut buf), string(&mut lx, &mut buf)) else {
                        break;
                    };
                    if let (Some((l, lo)), Some((_, hi))) = (code_of(&lo), code_of(&hi)) {
                        map.codespace.push(CodeRange { len: l, lo, hi });
                    }
                },
                b"beginbfchar" => loop {
                    buf.clear();
                    let Some(src) = string(&mut lx, &mut buf) else { break };
                    let dst = match lx.next(&mut buf) {
                        Tok::Str(s, e) => Dst::Utf16(buf[s..e].to_vec()),
                        Tok::Name(s, e) => Dst::Glyph(lx.slice(s, e).to_vec()),
                        _ => break,
                    };
                    if let Some((len, code)) = code_of(&src) {
                        text.clear();
                        if dst.text(0, &mut text) {
                            map.insert(len, code, &text);
                        }
                    }
                },
                b"beginbfrange" => loop {
                    buf.clear();
                    let (Some(lo), Some(hi)) = (string(&mut lx, &mut buf), string(&mut lx, &mut buf)) else {
                        break;
                    };
                    let (Some((len, lo)), Some((_, hi))) = (code_of(&lo), code_of(&hi)) else { break };
                    match lx.next(&mut buf) {
                        Tok::Str(s, e) => {
                            let dst = Dst::Utf16(buf[s..e].to_vec());
                            if hi < lo {
                                continue;
                            }
                            if hi - lo < MAX_EXPANDED_RANGE {
                                for k in 0..=hi - lo {
                                    text.clear();
                                    if dst.text(k, &mut text) {
                                        map.insert(len, lo + k, &text);
                                    }
                                }
                            } else {
                                text.clear();
                                if dst.text(0, &mut text) {
                                    if let Some(c) = text.chars().next() {
                                        map.ranges.push((len, lo, hi, c as u32));
                                    }
                                }
                            }
                        }
                        Tok::ArrOpen => {
                            let mut k = 0u32;
                            loop {
                                buf.clear();
                                match lx.next(&mut buf) {
                                    Tok::Str(s, e) => {
                                        text.clear();
                                        if Dst::Utf16(buf[s..e].to_vec()).text(0, &mut text) && lo + k <= hi {
                                            map.insert(len, lo + k, &text);
                                        }
                                        k = k.saturating_add(1);
                                    }
                                    Tok::ArrClose | Tok::Eof => break,
                                    _ => {}
                                }
                            }
                        }
                        _ => break,
                    }
                },
                _ => {}
            }
        }
        map
    }
}

/// The next token as a string, or None (at an `end…` keyword or anything else).
fn string(lx: &mut Lexer<'_>, buf: &mut Vec<u8>) -> Option<Vec<u8>> {
    match lx.next(buf) {
        Tok::Str(s, e) => Some(buf[s..e].to_vec()),
        _ => None,
    }
}

/// A source code's (length, value); codes are 1 to 4 bytes.
fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some((bytes.len() as u8, bytes.iter().fold(0u32, |v, &b| v << 8 | u32::from(b))))
}

/// A `bfchar`/`bfrange` destination.
enum Dst {
    /// UTF-16BE text; in a range, its last unit is incremented per code.
    Utf16(Vec<u8>),
    /// A glyph name (old CMaps).
    Glyph(Vec<u8>),
}

impl Dst {
    /// The text for the `k`-th code of a range.
    fn text(&self, k: u32, out: &mut String) -> bool {
        match self {
            Dst::Utf16(bytes) => {
                let mut units: Vec<u16> =
                    bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
                if units.is_empty() {
                    // A one-byte destination (broken, but seen): that byte.
                    return false;
                }
                if k > 0 {
                    if let Some(last) = units.last_mut() {
                        *last = last.wrapping_add(k as u16);
                    }
                }
                out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')));
                true
            }
            Dst::Glyph(name) => super::glyphs::glyph_text(name, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(m: &UnicodeMap, len: u8, code: u32) -> Option<String> {
        let mut s = String::new();
        m.get(len, code, &mut s).then_some(s)
    }

    #[test]
    fn parses_a_to_unicode_cmap() {
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            /CMapName /Adobe-Identity-UCS def 1 begincodespacerange <0000> <FFFF> endcodespacerange
            3 beginbfchar <0003> <0020> <0011> <00660069> <0100> /eacute endbfchar
            2 beginbfrange <0020> <0022> <0041> <0030> <0031> [<0078> <D83DDE00>] <1000> <2FFF> <4E00> endbfrange
            endcmap CMapName currentdict /CMap defineresource pop end end";
        let m = UnicodeMap::parse(cmap);
        assert_eq!(m.codespace, vec![CodeRange { len: 2, lo: 0, hi: 0xFFFF }]);
        assert_eq!(get(&m, 2, 3).as_deref(), Some(" "));
        assert_eq!(get(&m, 2, 0x11).as_deref(), Some("fi"));
        assert_eq!(get(&m, 2, 0x100).as_deref(), Some("é"));
        assert_eq!(get(&m, 2, 0x22).as_deref(), Some("C"));
        assert_eq!(get(&m, 2, 0x31).as_deref(), Some("😀"));
        assert_eq!(get(&m, 2, 0x1001).as_deref(), Some("\u{4E01}"));
        assert_eq!(get(&m, 2, 0x99), None);
        assert_eq!(get(&m, 1, 3), None);
    }

    #[test]
    fn one_byte_and_wide_codes_and_junk() {
        let mut m = UnicodeMap::default();
        m.insert(1, 0x41, "A");
        m.insert(3, 0x010203, "x");
        assert_eq!(get(&m, 1, 0x41).as_deref(), Some("A"));
        assert_eq!(get(&m, 3, 0x010203).as_deref(), Some("x"));
        for junk in [
            &b"beginbfchar <01>"[..],
            b"beginbfrange <01> <02> [",
            b"begincodespacerange <00>",
            b"beginbfrange <05> <01> <41>",
        ] {
            let _ = UnicodeMap::parse(junk);
        }
    }
}
