//! Bytes to text, for framework sources ([`decode_source_text`]: never fails) and for the
//! documents a user wants matched ([`decode_input`]: refuses binary and empty input, warns
//! when the text was not valid UTF-8).

use crate::error::InputError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::path::Path;

/// A document decoded to UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The text.
    pub text: String,
    /// Set when the decoding was lossy or guessed, for the user to see.
    pub warning: Option<String>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";
const UTF32LE_BOM: &[u8] = b"\xFF\xFE\x00\x00";
const UTF32BE_BOM: &[u8] = b"\x00\x00\xFE\xFF";

/// How much of a document is sampled for control characters.
const SNIFF_LEN: usize = 8 * 1024;

/// Share of control bytes in the sample above which a document counts as binary. Plain text
/// has none but the odd escape or form feed; binary formats have many.
const MAX_CONTROL_SHARE: f64 = 0.05;

/// The encoding a byte-order mark names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bom {
    /// UTF-8 or UTF-16 LE/BE.
    Encoded(&'static Encoding),
    /// UTF-32, little-endian when `true` (encoding_rs does not decode UTF-32).
    Utf32 { little: bool },
}

impl Bom {
    /// The encoding's name in messages.
    fn name(self) -> &'static str {
        match self {
            Bom::Encoded(enc) => enc.name(),
            Bom::Utf32 { little: true } => "UTF-32LE",
            Bom::Utf32 { little: false } => "UTF-32BE",
        }
    }

    /// Decode the bytes after the BOM; whether anything invalid was replaced by U+FFFD.
    fn decode(self, body: &[u8]) -> (String, bool) {
        match self {
            Bom::Encoded(enc) => {
                let (text, errors) = enc.decode_without_bom_handling(body);
                (text.into_owned(), errors)
            }
            Bom::Utf32 { little } => decode_utf32(body, little),
        }
    }
}

/// The BOM's encoding and length, if `bytes` starts with a UTF-8, UTF-32 or UTF-16 BOM.
/// UTF-32 first: its little-endian BOM (FF FE 00 00) starts with UTF-16LE's (FF FE).
fn sniff_bom(bytes: &[u8]) -> Option<(Bom, usize)> {
    if bytes.starts_with(UTF8_BOM) {
        Some((Bom::Encoded(UTF_8), 3))
    } else if bytes.starts_with(UTF32LE_BOM) {
        Some((Bom::Utf32 { little: true }, 4))
    } else if bytes.starts_with(UTF32BE_BOM) {
        Some((Bom::Utf32 { little: false }, 4))
    } else if bytes.starts_with(UTF16LE_BOM) {
        Some((Bom::Encoded(UTF_16LE), 2))
    } else if bytes.starts_with(UTF16BE_BOM) {
        Some((Bom::Encoded(UTF_16BE), 2))
    } else {
        None
    }
}

/// Decode UTF-32 code units. A unit that is no character (a surrogate, over U+10FFFF) and
/// a trailing partial unit become U+FFFD; the flag says whether any did.
fn decode_utf32(body: &[u8], little: bool) -> (String, bool) {
    let mut text = String::with_capacity(body.len() / 4);
    let units = body.chunks_exact(4);
    let partial = !units.remainder().is_empty();
    let mut errors = partial;
    for unit in units {
        let bytes = [unit[0], unit[1], unit[2], unit[3]];
        let code = if little { u32::from_le_bytes(bytes) } else { u32::from_be_bytes(bytes) };
        match char::from_u32(code) {
            Some(c) => text.push(c),
            None => {
                errors = true;
                text.push('\u{FFFD}');
            }
        }
    }
    if partial {
        text.push('\u{FFFD}');
    }
    (text, errors)
}

/// Decode a framework source file: a BOM decides (UTF-8, UTF-16 or UTF-32 LE/BE; the BOM is
/// removed), otherwise UTF-8 if the bytes are valid UTF-8, else Windows-1252 (which decodes
/// any byte, and is what spreadsheets exported on Windows usually are).
pub fn decode_source_text(bytes: &[u8]) -> String {
    if let Some((bom, len)) = sniff_bom(bytes) {
        return bom.decode(&bytes[len..]).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Decode with a charset declared by the document itself (an HTML `<meta charset>`, an HTTP
/// or e-mail header), as HTML does: a BOM wins over the declaration; a declaration that
/// encoding_rs knows (WHATWG labels: "utf-8", "latin1", "iso-8859-1", "windows-1252",
/// "shift_jis", …) is used; no or an unknown declaration falls back to
/// [`decode_source_text`]. Undecodable bytes become U+FFFD.
pub fn decode_with_charset(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((bom, len)) = sniff_bom(bytes) {
        return bom.decode(&bytes[len..]).0;
    }
    match declared.and_then(|label| Encoding::for_label(label.trim().as_bytes())) {
        // A "utf-16" declaration in a BOM-less 8-bit document is a common HTML mistake; HTML
        // treats it as UTF-8, so does this.
        Some(enc) if enc == UTF_16LE || enc == UTF_16BE => decode_source_text(bytes),
        Some(enc) => enc.decode_without_bom_handling(bytes).0.into_owned(),
        None => decode_source_text(bytes),
    }
}

/// Decode a document to match.
///
/// * UTF-8 (a BOM is removed) is taken as is; UTF-16 and UTF-32 with a BOM are decoded
///   (UTF-32's BOM is checked first: FF FE 00 00 starts like UTF-16LE's FF FE). Invalid
///   sequences (a surrogate or a value over U+10FFFF in UTF-32, an unpaired surrogate or an
///   odd length in UTF-16) become U+FFFD, with a warning.
/// * A NUL byte anywhere (without a UTF-16/32 BOM), or more than 5% control characters in
///   the first 8 KiB, means binary data: [`InputError::Binary`] with the offset of the first
///   NUL (or, when there is none, the first control byte). So does a NUL character in text
///   decoded from UTF-16 or UTF-32 (data that does not match its BOM), except NULs ending the
///   text (a C-style terminator), which are dropped.
/// * No text, or only white space: [`InputError::Empty`].
/// * Invalid UTF-8 is still decoded, with a warning naming the path and the offset of the
///   first bad byte: as Windows-1252 when the bad bytes look like single-byte Latin text
///   (isolated high bytes such as `é` = 0xE9), otherwise as UTF-8 with U+FFFD replacements.
///
/// Offsets are byte offsets into `bytes` (counting any BOM).
pub fn decode_input(path: &Path, bytes: &[u8]) -> Result<DecodedText, InputError> {
    let empty = || InputError::Empty { path: path.to_path_buf() };
    if let Some((bom, len)) = sniff_bom(bytes) {
        if bom != Bom::Encoded(UTF_8) {
            let (mut text, had_errors) = bom.decode(&bytes[len..]);
            // Windows tools may end UTF-16 text with a NUL terminator: not part of the text.
            let kept = text.trim_end_matches('\0').len();
            text.truncate(kept);
            if let Some(offset) = nul_offset(&text, bom, len) {
                return Err(InputError::Binary { path: path.to_path_buf(), offset });
            }
            if text.trim().is_empty() {
                return Err(empty());
            }
            let warning = had_errors.then(|| {
                format!(
                    "{} is not valid {} (odd length, unpaired surrogates or code points that are no \
                     character); invalid sequences replaced",
                    path.display(),
                    bom.name()
                )
            });
            return Ok(DecodedText { text, warning });
        }
    }
    let bom = if bytes.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
    let body = &bytes[bom..];
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(empty());
    }
    if let Some(offset) = binary_offset(body) {
        return Err(InputError::Binary { path: path.to_path_buf(), offset: bom + offset });
    }
    let err = match std::str::from_utf8(body) {
        Ok(s) => {
            return if s.trim().is_empty() {
                Err(empty())
            } else {
                Ok(DecodedText { text: s.to_owned(), warning: None })
            };
        }
        Err(e) => e,
    };
    let offset = bom + err.valid_up_to();
    // A UTF-8 BOM says the file meant to be UTF-8: repair it rather than reinterpret it.
    let (text, how) = if bom == 0 && looks_single_byte(body) {
        (WINDOWS_1252.decode_without_bom_handling(body).0.into_owned(), "decoded as Windows-1252")
    } else {
        (String::from_utf8_lossy(body).into_owned(), "invalid bytes replaced")
    };
    if text.trim().is_empty() {
        return Err(empty());
    }
    let warning = format!("{} is not valid UTF-8 (first bad byte at offset {offset}); {how}", path.display());
    Ok(DecodedText { text, warning: Some(warning) })
}

/// The byte offset in the input (BOM of `bom_len` bytes included) of the first NUL
/// character of text decoded from UTF-16 or UTF-32: a NUL there means the BOM lied (UTF-32
/// taken for UTF-16, binary data after a BOM), and matching it would silently find nothing.
fn nul_offset(text: &str, bom: Bom, bom_len: usize) -> Option<usize> {
    let at = text.find('\0')?;
    let before = &text[..at];
    let units = match bom {
        Bom::Utf32 { .. } => before.chars().count() * 4,
        Bom::Encoded(_) => before.encode_utf16().count() * 2,
    };
    Some(bom_len + units)
}

/// The offset of the first NUL byte, or of the first control byte when the first 8 KiB are
/// more than [`MAX_CONTROL_SHARE`] control bytes; `None` for text.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Some(nul);
    }
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    // Tab, LF, VT, FF, CR and ESC (colour codes in logs) occur in text; others do not.
    let is_control =
        |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0x1B)) || b == 0x7F;
    let mut first = None;
    let mut count = 0usize;
    for (i, &b) in sample.iter().enumerate() {
        if is_control(b) {
            count += 1;
            first.get_or_insert(i);
        }
    }
    let share = count as f64 / sample.len().max(1) as f64;
    if share > MAX_CONTROL_SHARE {
        first
    } else {
        None
    }
}

/// True when the invalid parts of `bytes` look like a single-byte encoding (Latin-1,
/// Windows-1252) rather than damaged UTF-8: at least three quarters of the invalid runs are
/// one isolated high byte (a truncated UTF-8 sequence is two or three), and there are fewer
/// well-formed multi-byte UTF-8 characters than invalid runs (a UTF-8 file with a stray
/// byte keeps its UTF-8 reading). Windows-1252 text can produce a two-byte run where an
/// accented letter meets a symbol ("é–" is E9 96, a UTF-8 prefix), hence the share.
fn looks_single_byte(bytes: &[u8]) -> bool {
    let (mut runs, mut isolated, mut multibyte) = (0usize, 0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        match chunk.invalid().len() {
            0 => {}
            1 => {
                runs += 1;
                isolated += 1;
            }
            _ => runs += 1,
        }
    }
    runs > 0 && multibyte < runs && isolated * 4 >= runs * 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn input(bytes: &[u8]) -> Result<DecodedText, InputError> {
        decode_input(Path::new("cv.txt"), bytes)
    }

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        v.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        v
    }

    fn utf16be(s: &str) -> Vec<u8> {
        let mut v = vec![0xFE, 0xFF];
        v.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        v
    }

    #[test]
    fn source_text() {
        assert_eq!(decode_source_text(b"\xEF\xBB\xBFSkill,Code"), "Skill,Code");
        assert_eq!(decode_source_text("café – naïve".as_bytes()), "café – naïve");
        assert_eq!(decode_source_text(&utf16le("Räume €", true)), "Räume €");
        assert_eq!(decode_source_text(&utf16be("Räume €")), "Räume €");
        // Windows-1252: é, en dash, euro, curly quotes.
        assert_eq!(decode_source_text(b"caf\xE9 \x96 \x80 \x93ok\x94"), "café – € “ok”");
        assert_eq!(decode_source_text(b""), "");
    }

    #[test]
    fn with_charset() {
        assert_eq!(decode_with_charset(b"caf\xE9", Some("iso-8859-1")), "café");
        assert_eq!(decode_with_charset(b"caf\xE9", Some(" Latin1 ")), "café");
        assert_eq!(decode_with_charset("café".as_bytes(), Some("utf-8")), "café");
        assert_eq!(decode_with_charset("café".as_bytes(), Some("nonsense")), "café");
        assert_eq!(decode_with_charset(b"caf\xE9", None), "café");
        // A BOM beats the declaration.
        assert_eq!(decode_with_charset(b"\xEF\xBB\xBFcaf\xC3\xA9", Some("windows-1252")), "café");
        assert_eq!(decode_with_charset("café".as_bytes(), Some("utf-16")), "café");
        assert_eq!(decode_with_charset(b"\x82\xA0", Some("shift_jis")), "あ");
    }

    #[test]
    fn valid_utf8_and_boms() {
        assert_eq!(
            input("Managed a team.".as_bytes()).unwrap(),
            DecodedText { text: "Managed a team.".into(), warning: None }
        );
        assert_eq!(input(b"\xEF\xBB\xBFJava").unwrap().text, "Java");
        assert_eq!(
            input(&utf16le("Python\r\n", true)).unwrap(),
            DecodedText { text: "Python\r\n".into(), warning: None }
        );
        assert_eq!(input(&utf16be("Go")).unwrap().text, "Go");
        // Odd trailing byte in UTF-16: decoded with a warning.
        let mut odd = utf16le("Rust", true);
        odd.push(b'x');
        let d = input(&odd).unwrap();
        assert!(d.text.starts_with("Rust"));
        assert!(d.warning.unwrap().contains("UTF-16LE"));
    }

    fn utf32(s: &str, little: bool) -> Vec<u8> {
        let mut v = if little { vec![0xFF, 0xFE, 0, 0] } else { vec![0, 0, 0xFE, 0xFF] };
        for c in s.chars() {
            let c = c as u32;
            v.extend(if little { c.to_le_bytes() } else { c.to_be_bytes() });
        }
        v
    }

    #[test]
    fn utf32_with_a_bom() {
        for little in [true, false] {
            let d = input(&utf32("Managed a Rust team – Zürich 🚀\n", little)).unwrap();
            assert_eq!(d, DecodedText { text: "Managed a Rust team – Zürich 🚀\n".into(), warning: None });
            assert_eq!(decode_source_text(&utf32("Räume", little)), "Räume");
            assert_eq!(decode_with_charset(&utf32("<p>x</p>", little), Some("utf-8")), "<p>x</p>");
        }
        // A surrogate, a value over U+10FFFF and a partial unit: replaced, with a warning.
        let mut bad = utf32("ok", true);
        bad.extend(0xD800u32.to_le_bytes());
        bad.extend(0x11_0000u32.to_le_bytes());
        bad.extend([b'x', 0]);
        let d = input(&bad).unwrap();
        assert_eq!(d.text, "ok\u{FFFD}\u{FFFD}\u{FFFD}");
        assert!(d.warning.unwrap().contains("UTF-32LE"));
        assert!(matches!(input(&utf32("  \n", false)), Err(InputError::Empty { .. })));
    }

    #[test]
    fn nul_characters_after_a_bom() {
        // UTF-32 data behind a UTF-16 BOM (FF FE then "A\0\0\0"): NULs, refused.
        let mut v = vec![0xFF, 0xFE];
        v.extend(utf32("AB", true).split_off(4));
        assert!(matches!(input(&v), Err(InputError::Binary { offset: 4, .. })), "{:?}", input(&v));
        // A NUL terminator ending UTF-16 text is dropped.
        let mut t = utf16le("Rust", true);
        t.extend([0, 0]);
        assert_eq!(input(&t).unwrap().text, "Rust");
        assert!(matches!(input(&utf16le("a\0b", true)), Err(InputError::Binary { offset: 4, .. })));
    }

    #[test]
    fn empty() {
        for bytes in [
            &b""[..],
            b"   \n\t\r\n",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBF  \n",
            b"\xFF\xFE",
            b"\xFF\xFE \x00",
            "\u{A0}\u{2003}".as_bytes(),
        ] {
            assert!(matches!(input(bytes), Err(InputError::Empty { .. })), "{bytes:?}");
        }
    }

    #[test]
    fn binary() {
        match input(b"%PDF-1.7\n\x00\x01binary") {
            Err(InputError::Binary { path, offset }) => {
                assert_eq!(path, PathBuf::from("cv.txt"));
                assert_eq!(offset, 9);
            }
            other => panic!("{other:?}"),
        }
        // UTF-16 without a BOM has NULs: refused (the user should add a BOM or convert).
        assert!(matches!(input(&utf16le("Hello", false)), Err(InputError::Binary { offset: 1, .. })));
        // NUL after a UTF-8 BOM: offset counts the BOM.
        assert!(matches!(input(b"\xEF\xBB\xBFab\x00"), Err(InputError::Binary { offset: 5, .. })));
        // Many control bytes without NUL.
        let junk: Vec<u8> =
            (0..1000u32).map(|i| if i % 4 == 0 { 0x01 } else { b'a' + (i % 26) as u8 }).collect();
        assert!(matches!(input(&junk), Err(InputError::Binary { offset: 0, .. })));
        // A few control characters in real text are fine (form feeds, an escape, a stray ^A).
        let text = format!(
            "Page one\x0cPage two \x1b[1mbold\x1b[0m and one \x01 stray. {}",
            "More text. ".repeat(20)
        );
        assert!(input(text.as_bytes()).is_ok());
    }

    #[test]
    fn latin_text_decoded_as_windows_1252() {
        let d =
            decode_input(Path::new("docs/cv.txt"), b"Caf\xE9 manager, na\xEFve \x96 fluent in Fran\xE7ais")
                .unwrap();
        assert_eq!(d.text, "Café manager, naïve – fluent in Français");
        assert_eq!(
            d.warning.as_deref(),
            Some("docs/cv.txt is not valid UTF-8 (first bad byte at offset 3); decoded as Windows-1252")
        );
    }

    #[test]
    fn latin_text_with_an_adjacent_pair() {
        // "é–" (E9 96) looks like a truncated UTF-8 sequence, the rest is clearly Latin.
        let d = input(b"Caf\xE9\x96bar, na\xEFve, Fran\xE7ais, \xE0 la carte, \xA35").unwrap();
        assert_eq!(d.text, "Café–bar, naïve, Français, à la carte, £5");
        assert!(d.warning.unwrap().ends_with("decoded as Windows-1252"));
    }

    #[test]
    fn broken_utf8_replaced() {
        // A truncated 3-byte sequence (E2 80) in otherwise UTF-8 text.
        let d = input(b"Led \xE2\x80 team \xE2\x80\x93 well").unwrap();
        assert_eq!(d.text, "Led \u{FFFD} team – well");
        assert_eq!(
            d.warning.as_deref(),
            Some("cv.txt is not valid UTF-8 (first bad byte at offset 4); invalid bytes replaced")
        );
        // Mostly UTF-8 with one stray Latin byte: keep the UTF-8 reading.
        let mut bytes = "Zürich, Köln, München ".as_bytes().to_vec();
        bytes.extend(b"\xFC ok");
        let d = input(&bytes).unwrap();
        assert!(d.text.starts_with("Zürich, Köln, München"));
        assert!(d.warning.unwrap().ends_with("invalid bytes replaced"));
        // A UTF-8 BOM means UTF-8 was intended.
        let d = input(b"\xEF\xBB\xBFcaf\xE9").unwrap();
        assert_eq!(d.text, "caf\u{FFFD}");
        assert!(d.warning.unwrap().contains("offset 6"));
    }

    #[test]
    fn fuzz_never_panics() {
        let mut next = crate::test_support::xorshift(0xDEAD_BEEF_CAFE_F00D);
        for _ in 0..3000 {
            let len = (next() % 64) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 4 {
                    0 => next() as u8,
                    1 => 0x80 | (next() as u8 & 0x7F),
                    _ => b'a' + (next() % 26) as u8,
                })
                .collect();
            let _ = decode_source_text(&bytes);
            let _ = decode_with_charset(&bytes, Some("windows-1252"));
            if let Ok(d) = input(&bytes) {
                assert!(!d.text.trim().is_empty());
            }
        }
    }
}
