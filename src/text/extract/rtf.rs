//! A small RTF reader: groups and control words, enough for the text of CVs and adverts.
//!
//! Text bytes and `\'hh` escapes are decoded with the font's charset (`\fcharsetN` in the
//! font table) or the document code page (`\ansicpg`, `\mac`); `\uN` is Unicode, followed
//! by `\ucN` fallback characters that are skipped. `\par`, `\line`, `\page`, `\sect` and
//! `\row` end lines, `\cell` separates cells with " | ", `\tab` is a tab. Destinations that
//! hold no body text are skipped: `{\*…}` groups, the font, colour and style tables, `\info`,
//! pictures, objects, list tables, themes; field instructions are skipped and their results
//! kept. Hidden text (`\v`) is dropped. `\binN` data is stepped over.

use super::{Failure, Raw};
use encoding_rs::{Encoding, WINDOWS_1252};

/// Destinations whose content is not body text.
const SKIPPED_DESTINATIONS: &[&[u8]] = &[
    b"colortbl",
    b"stylesheet",
    b"info",
    b"pict",
    b"object",
    b"objdata",
    b"listtable",
    b"listoverridetable",
    b"revtbl",
    b"rsidtbl",
    b"themedata",
    b"colorschememapping",
    b"datastore",
    b"latentstyles",
    b"xmlnstbl",
    b"filetbl",
    b"generator",
    b"mmathPr",
    b"pgdsctbl",
    b"fldinst",
    b"xe",
    b"tc",
    b"nonshppict",
    b"private",
    b"operator",
    b"author",
    b"title",
    b"subject",
    b"keywords",
    b"comment",
    b"doccomm",
    b"company",
    b"bkmkstart",
    b"bkmkend",
    b"atnid",
    b"atnauthor",
    b"annotation",
    b"template",
    b"userprops",
    b"passwordhash",
    b"wgrffmtfilter",
    b"docvar",
];

/// Per-group state, saved at `{` and restored at `}`.
#[derive(Clone, Copy)]
struct State {
    /// Inside a skipped destination.
    skip: bool,
    /// Fallback characters after `\uN`.
    uc: u32,
    /// Decoding for text bytes.
    encoding: &'static Encoding,
    /// Text is hidden (`\v`).
    hidden: bool,
    /// Inside the font table (collects `\fN` → charset).
    fonttbl: bool,
    /// Inside a symbol-charset font (bytes are glyph codes, not text).
    symbol: bool,
}

/// The reader.
struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    out: String,
    state: State,
    stack: Vec<State>,
    /// The document code page.
    doc_encoding: &'static Encoding,
    /// Font number → (encoding, symbol font) from the font table.
    fonts: Vec<(i32, Option<&'static Encoding>, bool)>,
    /// Font being defined in the font table.
    font_def: Option<i32>,
    /// Text bytes not yet decoded (multi-byte code pages need them together).
    pending: Vec<u8>,
    /// Fallback characters still to skip after `\uN`.
    skip_chars: u32,
    /// A `\cell` was seen: the next text in the row starts a new cell.
    cell_pending: bool,
    /// A high surrogate from `\uN` waiting for its pair.
    high_surrogate: Option<u16>,
}

/// Read an RTF document.
pub(super) fn extract(bytes: &[u8]) -> Raw {
    if !bytes.starts_with(b"{\\rtf") {
        return Err(Failure::Corrupt("no {\\rtf header: not an RTF document".into()));
    }
    let state =
        State { skip: false, uc: 1, encoding: WINDOWS_1252, hidden: false, fonttbl: false, symbol: false };
    let mut r = Reader {
        b: bytes,
        i: 0,
        out: String::with_capacity(bytes.len() / 4),
        state,
        stack: Vec::new(),
        doc_encoding: WINDOWS_1252,
        fonts: Vec::new(),
        font_def: None,
        pending: Vec::new(),
        skip_chars: 0,
        cell_pending: false,
        high_surrogate: None,
    };
    r.run();
    r.flush();
    Ok((r.out, Vec::new()))
}

/// The encoding of a Windows code page number, when encoding_rs has it.
fn codepage(n: i32) -> Option<&'static Encoding> {
    let label: &[u8] = match n {
        874 => b"windows-874",
        932 => b"shift_jis",
        936 => b"gbk",
        949 => b"euc-kr",
        950 => b"big5",
        1250 => b"windows-1250",
        1251 => b"windows-1251",
        1252 => b"windows-1252",
        1253 => b"windows-1253",
        1254 => b"windows-1254",
        1255 => b"windows-1255",
        1256 => b"windows-1256",
        1257 => b"windows-1257",
        1258 => b"windows-1258",
        10000 => b"macintosh",
        20866 => b"koi8-r",
        28591 => b"iso-8859-1",
        28592 => b"iso-8859-2",
        28605 => b"iso-8859-15",
        65001 => b"utf-8",
        _ => return None,
    };
    Encoding::for_label(label)
}

/// The code page of a `\fcharsetN` font charset.
fn charset_codepage(n: i32) -> Option<i32> {
    Some(match n {
        0 => 1252,
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

impl Reader<'_> {
    fn run(&mut self) {
        let n = self.b.len();
        while self.i < n {
            let c = self.b[self.i];
            match c {
                b'{' => {
                    self.flush();
                    self.stack.push(self.state);
                    self.i += 1;
                    // A group starting with \* is a destination readers may ignore.
                    if self.b[self.i..].starts_with(b"\\*") {
                        self.state.skip = true;
                        self.i += 2;
                    }
                }
                b'}' => {
                    self.flush();
                    if let Some(saved) = self.stack.pop() {
                        if self.state.fonttbl && !saved.fonttbl {
                            self.font_def = None;
                        }
                        self.state = saved;
                    }
                    self.i += 1;
                }
                b'\\' => self.control(),
                b'\r' | b'\n' => self.i += 1,
                b'\t' => {
                    self.i += 1;
                    self.emit_str("\t");
                }
                _ => {
                    self.i += 1;
                    self.text_byte(c);
                }
            }
        }
    }

    /// A byte of text (literal or `\'hh`).
    fn text_byte(&mut self, c: u8) {
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return;
        }
        if self.state.skip || self.state.hidden {
            return;
        }
        if self.state.fonttbl {
            return;
        }
        if self.state.symbol {
            // Symbol and Wingdings fonts: only the usual bullet glyphs mean something.
            if matches!(c, 0xB7 | 0xA7 | 0x6C | 0x6E | 0xD8 | 0xFC) {
                self.emit_str("•");
            }
            return;
        }
        self.pending.push(c);
    }

    /// Decode the pending text bytes.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let (text, _) = self.state.encoding.decode_without_bom_handling(&self.pending);
        let text = text.into_owned();
        self.pending.clear();
        self.push_visible(&text);
    }

    /// Append text to the output (a pending cell separator first).
    fn push_visible(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.cell_pending && !text.starts_with('\n') {
            self.out.push_str(" | ");
        }
        self.cell_pending = false;
        self.out.push_str(text);
    }

    /// Text in the current group is shown.
    fn visible(&self) -> bool {
        !(self.state.skip || self.state.hidden || self.state.fonttbl)
    }

    /// Emit text produced by a control word.
    fn emit_str(&mut self, s: &str) {
        if !self.visible() {
            return;
        }
        self.flush();
        self.push_visible(s);
    }

    fn emit_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        let s: &str = c.encode_utf8(&mut buf);
        self.emit_str(s);
    }

    /// At `\`: a control word or symbol.
    fn control(&mut self) {
        let b = self.b;
        let n = b.len();
        self.i += 1;
        let Some(&c) = b.get(self.i) else { return };
        if c.is_ascii_alphabetic() {
            let ws = self.i;
            while self.i < n && self.i - ws < 32 && b[self.i].is_ascii_alphabetic() {
                self.i += 1;
            }
            let word = &b[ws..self.i];
            let mut param: Option<i32> = None;
            let neg = self.i < n && b[self.i] == b'-' && b.get(self.i + 1).is_some_and(u8::is_ascii_digit);
            if neg {
                self.i += 1;
            }
            if self.i < n && b[self.i].is_ascii_digit() {
                let mut v: i64 = 0;
                let ds = self.i;
                while self.i < n && b[self.i].is_ascii_digit() {
                    if self.i - ds < 10 {
                        v = v * 10 + i64::from(b[self.i] - b'0');
                    }
                    self.i += 1;
                }
                let v = if neg { -v } else { v };
                param = Some(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
            }
            if self.i < n && b[self.i] == b' ' {
                self.i += 1;
            }
            self.word(word, param);
        } else {
            self.i += 1;
            match c {
                b'\'' => {
                    let hex = b.get(self.i..self.i + 2).and_then(|h| std::str::from_utf8(h).ok());
                    if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        self.i += 2;
                        self.text_byte(v);
                    }
                }
                b'\\' | b'{' | b'}' => self.text_byte(c),
                b'~' => self.emit_str(" "),
                b'_' => self.emit_str("-"),
                b'-' | b':' | b'|' => {}
                b'\r' | b'\n' => self.emit_str("\n"),
                b'\t' => self.emit_str("\t"),
                _ => {}
            }
        }
    }

    /// A control word with its parameter.
    fn word(&mut self, word: &[u8], param: Option<i32>) {
        // A control word counts as one fallback character after \uN.
        if self.skip_chars > 0 && word != b"u" {
            self.skip_chars -= 1;
            if word == b"bin" {
                self.skip_binary(param);
            }
            return;
        }
        match word {
            b"par" | b"line" | b"sect" | b"page" | b"row" | b"nestrow" | b"lbr" if self.visible() => {
                self.flush();
                self.cell_pending = false;
                self.push_visible("\n");
            }
            b"cell" | b"nestcell" if self.visible() => {
                self.flush();
                self.cell_pending = true;
            }
            b"tab" => self.emit_str("\t"),
            b"emdash" => self.emit_str("—"),
            b"endash" => self.emit_str("–"),
            b"bullet" => self.emit_str("•"),
            b"lquote" => self.emit_str("‘"),
            b"rquote" => self.emit_str("’"),
            b"ldblquote" => self.emit_str("“"),
            b"rdblquote" => self.emit_str("”"),
            b"emspace" | b"enspace" | b"qmspace" => self.emit_str(" "),
            b"u" => {
                let Some(v) = param else { return };
                let unit = (v as i64).rem_euclid(65536) as u32;
                self.unicode(unit);
                self.skip_chars = self.state.uc;
            }
            b"uc" => self.state.uc = param.unwrap_or(1).clamp(0, 16) as u32,
            b"ansicpg" => {
                if let Some(enc) = param.and_then(codepage) {
                    self.doc_encoding = enc;
                    self.state.encoding = enc;
                }
            }
            b"mac" => {
                if let Some(enc) = codepage(10000) {
                    self.doc_encoding = enc;
                    self.state.encoding = enc;
                }
            }
            b"fonttbl" => {
                self.flush();
                self.state.fonttbl = true;
            }
            b"f" => {
                let Some(num) = param else { return };
                if self.state.fonttbl {
                    self.font_def = Some(num);
                    self.fonts.push((num, None, false));
                } else {
                    self.flush();
                    let font = self.fonts.iter().rev().find(|f| f.0 == num).copied();
                    let (enc, symbol) = font.map_or((None, false), |f| (f.1, f.2));
                    self.state.encoding = enc.unwrap_or(self.doc_encoding);
                    self.state.symbol = symbol;
                }
            }
            b"fcharset" => {
                if let (true, Some(num), Some(cs)) = (self.state.fonttbl, self.font_def, param) {
                    if let Some(entry) = self.fonts.iter_mut().rev().find(|f| f.0 == num) {
                        entry.1 = charset_codepage(cs).and_then(codepage);
                        entry.2 = cs == 2;
                    }
                }
            }
            b"v" => self.state.hidden = param != Some(0),
            b"plain" => self.state.hidden = false,
            b"bin" => self.skip_binary(param),
            _ if SKIPPED_DESTINATIONS.contains(&word) => {
                // The font table is read for charsets, everything else skipped.
                self.flush();
                self.state.skip = true;
            }
            _ => {}
        }
    }

    /// A `\uN` code unit (surrogate pairs come as two).
    fn unicode(&mut self, unit: u32) {
        if (0xD800..0xDC00).contains(&unit) {
            self.high_surrogate = Some(unit as u16);
            return;
        }
        let c = if (0xDC00..0xE000).contains(&unit) {
            match self.high_surrogate.take() {
                Some(high) => char::decode_utf16([high, unit as u16]).next().and_then(Result::ok),
                None => None,
            }
        } else {
            self.high_surrogate = None;
            char::from_u32(unit)
        };
        // Private-use Symbol-font bullets written as \u-3913 (U+F0B7) and the like.
        let c = match c {
            Some('\u{F0B7}') | Some('\u{F0A7}') | Some('\u{F0D8}') | Some('\u{F0FC}') => Some('•'),
            other => other,
        };
        if let Some(c) = c {
            if !self.state.fonttbl {
                self.emit_char(c);
            }
        }
    }

    /// Step over `\binN` data.
    fn skip_binary(&mut self, len: Option<i32>) {
        let len = len.unwrap_or(0).max(0) as usize;
        self.i = self.i.saturating_add(len).min(self.b.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rtf: &[u8]) -> String {
        crate::text::extract::normalize(&extract(rtf).expect("rtf").0)
    }

    #[test]
    fn basic_document() {
        let rtf = br#"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\fnil\fcharset2 Symbol;}}
{\colortbl ;\red255\green0\blue0;}{\stylesheet{\s0 Normal;}}{\info{\title Secret title}{\author Someone}}
{\*\generator Riched20 10.0;}\viewkind4\uc1\pard\f0\fs22 Jane Doe\par
Senior \b Rust\b0  developer \endash  caf\'e9 na\'efve \u8364?10k\par
{\pntext\f1\'B7\tab}Led a team of 5\par
{\*\bkmkstart x}{\field{\*\fldinst HYPERLINK "http://x"}{\fldrslt example.com}}\line
Hidden {\v not shown }shown\par
{\pict\wmetafile8 0102030405}\par
A\tab B\~C\-D\_E \{braces\} \\ back\par
}"#;
        assert_eq!(
            text(rtf),
            "Jane Doe\nSenior Rust developer – café naïve €10k\n•\tLed a team of 5\nexample.com\n\
             Hidden shown\n\nA\tB CD-E {braces} \\ back\n"
        );
    }

    #[test]
    fn unicode_and_codepages() {
        // \uc2 skips two fallback bytes; a surrogate pair; negative \u.
        let rtf = br"{\rtf1\ansi\uc2 \u1055\'3f\'3f\u1088??ivet\uc1 \u-10179?\u-8704? x\u-3913?y\par}";
        assert_eq!(text(rtf), "Прivet😀 x•y\n");
        // Document code page 1251.
        assert_eq!(text(br"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2}"), "Привет\n");
        // Font charset overrides the code page: \f1 is Greek (161).
        let rtf = br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}{\f1\fcharset161 Arial Greek;}}\f1 \'e1\'e2\f0  \'e9}";
        assert_eq!(text(rtf), "αβ é\n");
        // Shift-JIS double-byte characters split over two escapes.
        assert_eq!(text(br"{\rtf1\ansi\ansicpg932 \'82\'a0}"), "あ\n");
        // Mac Roman.
        assert_eq!(text(br"{\rtf1\mac caf\'8e}"), "café\n");
    }

    #[test]
    fn tables() {
        let rtf = br"{\rtf1\ansi \trowd\cellx1000\cellx2000 \intbl Skill\cell Level\cell\row
\trowd \intbl Rust\cell Expert\cell\row After\par}";
        assert_eq!(text(rtf), "Skill | Level\nRust | Expert\nAfter\n");
    }

    #[test]
    fn binary_and_broken_input() {
        let rtf = b"{\\rtf1 before {\\*\\blipuid \\bin4 {{}}}after}";
        assert_eq!(text(rtf), "before after\n");
        for broken in [
            &b"{\\rtf"[..],
            b"{\\rtf1 {{{{ unbalanced",
            b"{\\rtf1 }}}}} x",
            b"{\\rtf1 \\'",
            b"{\\rtf1 \\'zz",
            b"{\\rtf1 \\u",
            b"{\\rtf1 \\u-",
            b"{\\rtf1 \\bin99999999999 x",
            b"{\\rtf1 \\uc99999999999 \\u65 abc",
        ] {
            let _ = extract(broken);
        }
        assert!(matches!(extract(b"plain text"), Err(Failure::Corrupt(_))));
        // Random RTF-ish soup never panics.
        let alphabet: &[u8] = b"{}\\'*uc0129-abfvparcelltx \n\xE9";
        let mut next = crate::test_support::xorshift(0xC0FF_EE12_3456_789A);
        for _ in 0..3000 {
            let mut bytes = b"{\\rtf1".to_vec();
            for _ in 0..next() % 60 {
                bytes.push(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            let _ = extract(&bytes);
        }
    }
}
