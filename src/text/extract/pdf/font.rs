//! Fonts as text extraction needs them: how to split a string into character codes, the
//! text of each code, and each glyph's advance width (to place words and lines).

use super::cmap::{CodeRange, UnicodeMap};
use super::glyphs::{base_char, glyph_text, BaseEncoding};
use lopdf::{Dictionary, Document, Object};

/// Decompressed size cap for CMap streams.
const MAX_CMAP_BYTES: usize = 16 * 1024 * 1024;

/// Glyph widths.
#[derive(Debug)]
enum Widths {
    /// Simple fonts: widths of codes `first..`, and the width of the others.
    Simple { first: u32, w: Vec<f32>, missing: f32 },
    /// CID fonts: dense widths by CID, and the default width.
    Cid { w: Vec<f32>, default: f32 },
}

/// A font.
#[derive(Debug)]
pub(crate) struct Font {
    /// Type0 (composite) font: multi-byte codes.
    composite: bool,
    /// The code space (composite fonts), when one is declared.
    codespace: Vec<CodeRange>,
    /// Codes are UTF-16 code units (Uni…-UCS2/UTF16 CMaps without a ToUnicode).
    codes_are_utf16: bool,
    to_unicode: Option<UnicodeMap>,
    /// Simple fonts: the encoding's text per code.
    encoding: UnicodeMap,
    widths: Widths,
    /// Glyph space → text space for widths (1/1000, or Type3's FontMatrix).
    width_scale: f32,
    /// Type3 fonts' glyph height relative to the font size.
    pub(crate) size_scale: f32,
}

/// Resolve references.
fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj)
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().map(|o| deref(doc, o))
}

fn num(doc: &Document, obj: &Object) -> Option<f32> {
    deref(doc, obj).as_float().ok().filter(|v| v.is_finite())
}

/// The (decompressed) bytes of a stream object.
fn stream_bytes(doc: &Document, obj: &Object) -> Option<Vec<u8>> {
    let stream = deref(doc, obj).as_stream().ok()?;
    match stream.decompressed_content_with_limit(MAX_CMAP_BYTES) {
        Ok(data) => Some(data),
        Err(_) if stream.dict.get(b"Filter").is_err() => Some(stream.content.clone()),
        Err(_) => None,
    }
}

impl Font {
    /// Read a font dictionary. Never fails: what cannot be read is left out.
    pub(crate) fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = get(doc, dict, b"Subtype").and_then(|o| o.as_name().ok()).unwrap_or(b"Type1");
        let to_unicode = get(doc, dict, b"ToUnicode")
            .and_then(|o| stream_bytes(doc, o))
            .map(|data| UnicodeMap::parse(&data))
            .filter(|m| !m.is_empty());
        if subtype == b"Type0" {
            Self::composite(doc, dict, to_unicode)
        } else {
            Self::simple(doc, dict, subtype, to_unicode)
        }
    }

    fn composite(doc: &Document, dict: &Dictionary, to_unicode: Option<UnicodeMap>) -> Font {
        let mut codespace = Vec::new();
        let mut codes_are_utf16 = false;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(name)) => {
                let name = String::from_utf8_lossy(name);
                codes_are_utf16 =
                    name.starts_with("Uni") && (name.contains("UCS2") || name.contains("UTF16"));
            }
            Some(obj @ Object::Stream(_)) => {
                if let Some(data) = stream_bytes(doc, obj) {
                    codespace = UnicodeMap::parse(&data).codespace;
                }
            }
            _ => {}
        }
        let descendant = get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o).as_dict().ok());
        let mut default = 1000.0;
        let mut w: Vec<f32> = Vec::new();
        if let Some(d) = descendant {
            if let Some(v) = get(doc, d, b"DW").and_then(|o| num(doc, o)) {
                default = v;
            }
            if let Some(arr) = get(doc, d, b"W").and_then(|o| o.as_array().ok()) {
                cid_widths(doc, arr, default, &mut w);
            }
        }
        Font {
            composite: true,
            codespace,
            codes_are_utf16,
            to_unicode,
            encoding: UnicodeMap::default(),
            widths: Widths::Cid { w, default },
            width_scale: 0.001,
            size_scale: 1.0,
        }
    }

    fn simple(doc: &Document, dict: &Dictionary, subtype: &[u8], to_unicode: Option<UnicodeMap>) -> Font {
        let base_font = get(doc, dict, b"BaseFont").and_then(|o| o.as_name().ok()).unwrap_or(b"");
        let base_name = String::from_utf8_lossy(base_font).to_ascii_lowercase();
        let symbolic = ["symbol", "wingding", "dingbat", "webding"].iter().any(|s| base_name.contains(s));
        let default_base = if symbolic {
            BaseEncoding::Symbol
        } else if subtype == b"TrueType" {
            BaseEncoding::WinAnsi
        } else {
            BaseEncoding::Standard
        };
        let name_base = |name: &[u8]| match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"PDFDocEncoding" => Some(BaseEncoding::WinAnsi),
            _ => None,
        };
        let mut base = default_base;
        let mut differences: Option<&Vec<Object>> = None;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(name)) => base = name_base(name).unwrap_or(default_base),
            Some(Object::Dictionary(enc)) => {
                if let Some(name) = get(doc, enc, b"BaseEncoding").and_then(|o| o.as_name().ok()) {
                    base = name_base(name).unwrap_or(default_base);
                }
                differences = get(doc, enc, b"Differences").and_then(|o| o.as_array().ok());
            }
            _ => {}
        }
        if symbolic {
            base = BaseEncoding::Symbol;
        }
        // The encoding as text per code: the base, overridden by the differences.
        let mut names: Vec<Option<&[u8]>> = vec![None; 256];
        if let Some(diffs) = differences {
            let mut code: i64 = 0;
            for item in diffs {
                match deref(doc, item) {
                    Object::Integer(c) => code = *c,
                    Object::Name(n) => {
                        if (0..256).contains(&code) {
                            names[code as usize] = Some(n.as_slice());
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        let mut encoding = UnicodeMap::default();
        let mut text = String::new();
        for code in 0..=255u8 {
            text.clear();
            let named = names[usize::from(code)].is_some_and(|n| glyph_text(n, &mut text));
            if !named {
                text.clear();
                if let Some(c) = base_char(base, code) {
                    text.push(c);
                }
            }
            if !text.is_empty() {
                encoding.insert(1, u32::from(code), &text);
            }
        }
        // Widths: /FirstChar /Widths, /MissingWidth from the descriptor; standard fonts
        // without widths get a typical width.
        let first = get(doc, dict, b"FirstChar").and_then(|o| num(doc, o)).unwrap_or(0.0).max(0.0) as u32;
        let w: Vec<f32> = get(doc, dict, b"Widths")
            .and_then(|o| o.as_array().ok())
            .map(|a| a.iter().map(|o| num(doc, o).unwrap_or(0.0)).collect())
            .unwrap_or_default();
        let descriptor = get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
        let missing = descriptor
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(|o| num(doc, o))
            .filter(|&v| v > 0.0)
            .unwrap_or(if base_name.contains("courier") { 600.0 } else { 500.0 });
        let (mut width_scale, mut size_scale) = (0.001f32, 1.0f32);
        if subtype == b"Type3" {
            if let Some(m) = get(doc, dict, b"FontMatrix").and_then(|o| o.as_array().ok()) {
                let v: Vec<f32> = m.iter().filter_map(|o| num(doc, o)).collect();
                if v.len() == 6 && v[0] != 0.0 {
                    width_scale = v[0].abs();
                    size_scale = if v[3] != 0.0 { (v[3] * 1000.0).abs() } else { 1.0 };
                }
            }
        }
        Font {
            composite: false,
            codespace: Vec::new(),
            codes_are_utf16: false,
            to_unicode,
            encoding,
            widths: Widths::Simple { first, w, missing },
            width_scale,
            size_scale,
        }
    }

    /// The next character code of `bytes` and its length in bytes (at least 1).
    pub(crate) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        if !self.composite {
            return (u32::from(bytes[0]), 1);
        }
        if !self.codespace.is_empty() {
            for len in 1..=4usize {
                if len > bytes.len() {
                    break;
                }
                let code = bytes[..len].iter().fold(0u32, |v, &b| v << 8 | u32::from(b));
                if self.codespace.iter().any(|r| usize::from(r.len) == len && (r.lo..=r.hi).contains(&code)) {
                    return (code, len);
                }
            }
        }
        if bytes.len() >= 2 {
            (u32::from(bytes[0]) << 8 | u32::from(bytes[1]), 2)
        } else {
            (u32::from(bytes[0]), 1)
        }
    }

    /// Append the text of `code` (`len` bytes).
    pub(crate) fn text(&self, code: u32, len: usize, out: &mut String) {
        let len8 = len as u8;
        if let Some(map) = &self.to_unicode {
            if map.get(len8, code, out) {
                return;
            }
        }
        if self.composite {
            if self.codes_are_utf16 {
                if let Some(c) = char::from_u32(code) {
                    out.push(c);
                }
            }
            return;
        }
        self.encoding.get(1, code, out);
    }

    /// The advance of `code` in text space units per unit of font size.
    pub(crate) fn width(&self, code: u32) -> f32 {
        let w = match &self.widths {
            Widths::Simple { first, w, missing } => {
                code.checked_sub(*first).and_then(|i| w.get(i as usize)).copied().unwrap_or(*missing)
            }
            Widths::Cid { w, default } => w.get(code as usize).copied().unwrap_or(*default),
        };
        w * self.width_scale
    }

    /// True when the code is a single-byte 32, to which word spacing applies.
    pub(crate) fn is_word_space(&self, code: u32, len: usize) -> bool {
        len == 1 && code == 32
    }
}

/// Fill dense CID widths from a `/W` array: `c [w1 w2 …]` or `cfirst clast w`.
fn cid_widths(doc: &Document, arr: &[Object], default: f32, out: &mut Vec<f32>) {
    /// CIDs are 16-bit.
    const MAX_CID: usize = 65536;
    let set = |cid: usize, w: f32, out: &mut Vec<f32>| {
        if cid < MAX_CID {
            if out.len() <= cid {
                out.resize(cid + 1, default);
            }
            out[cid] = w;
        }
    };
    let mut i = 0;
    while i < arr.len() {
        let Some(first) = num(doc, &arr[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as usize;
        match arr.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate() {
                    if let Some(w) = num(doc, o) {
                        set(first + k, w, out);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(doc, o).unwrap_or(0.0).max(0.0) as usize;
                let w = arr.get(i + 2).and_then(|o| num(doc, o)).unwrap_or(default);
                for cid in first..=last.min(first + MAX_CID).min(MAX_CID) {
                    set(cid, w, out);
                }
                i += 3;
            }
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    #[test]
    fn simple_font_with_differences_and_widths() {
        let doc = Document::new();
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "FirstChar" => 65, "Widths" => vec![Object::Integer(667), Object::Integer(600)],
            "Encoding" => dictionary! {
                "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![Object::Integer(1), Object::Name(b"fi".to_vec()), Object::Name(b"uni20AC".to_vec())],
            },
        };
        let f = Font::load(&doc, &dict);
        let mut s = String::new();
        for b in [b'A', 1, 2, 0x92, 0xE9] {
            let (code, len) = f.next_code(&[b]);
            f.text(code, len, &mut s);
        }
        assert_eq!(s, "Aﬁ€’é");
        assert!((f.width(65) - 0.667).abs() < 1e-6);
        assert!((f.width(66) - 0.6).abs() < 1e-6);
        assert!((f.width(67) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn composite_font_with_to_unicode() {
        let mut doc = Document::new();
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0001> <0003> <0061> endbfrange".to_vec();
        let cmap_id = doc.add_object(Stream::new(dictionary! {}, cmap));
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H", "ToUnicode" => cmap_id,
            "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                "Subtype" => "CIDFontType2", "DW" => 500,
                "W" => vec![Object::Integer(1), Object::Array(vec![Object::Integer(250), Object::Integer(300)]),
                            Object::Integer(10), Object::Integer(12), Object::Integer(700)],
            })],
        };
        let f = Font::load(&doc, &dict);
        let mut s = String::new();
        let bytes = [0u8, 1, 0, 2, 0, 3, 0, 9];
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = f.next_code(&bytes[i..]);
            f.text(code, len, &mut s);
            i += len;
        }
        assert_eq!(s, "abc");
        assert!((f.width(1) - 0.25).abs() < 1e-6);
        assert!((f.width(2) - 0.3).abs() < 1e-6);
        assert!((f.width(11) - 0.7).abs() < 1e-6);
        assert!((f.width(5) - 0.5).abs() < 1e-6);
        assert_eq!(f.next_code(&[7]), (7, 1));
    }
}
