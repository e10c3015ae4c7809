//! Glyph names to Unicode (the part of the Adobe Glyph List that Latin text uses, plus the
//! `uniXXXX`/`uXXXX` conventions) and the standard single-byte font encodings.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Names of the Latin-1 characters U+00A0..=U+00FF, in order.
#[rustfmt::skip]
const LATIN1_NAMES: [&str; 96] = [
    "nbspace", "exclamdown", "cent", "sterling", "currency", "yen", "brokenbar", "section",
    "dieresis", "copyright", "ordfeminine", "guillemotleft", "logicalnot", "sfthyphen", "registered", "macron",
    "degree", "plusminus", "twosuperior", "threesuperior", "acute", "mu", "paragraph", "periodcentered",
    "cedilla", "onesuperior", "ordmasculine", "guillemotright", "onequarter", "onehalf", "threequarters", "questiondown",
    "Agrave", "Aacute", "Acircumflex", "Atilde", "Adieresis", "Aring", "AE", "Ccedilla",
    "Egrave", "Eacute", "Ecircumflex", "Edieresis", "Igrave", "Iacute", "Icircumflex", "Idieresis",
    "Eth", "Ntilde", "Ograve", "Oacute", "Ocircumflex", "Otilde", "Odieresis", "multiply",
    "Oslash", "Ugrave", "Uacute", "Ucircumflex", "Udieresis", "Yacute", "Thorn", "germandbls",
    "agrave", "aacute", "acircumflex", "atilde", "adieresis", "aring", "ae", "ccedilla",
    "egrave", "eacute", "ecircumflex", "edieresis", "igrave", "iacute", "icircumflex", "idieresis",
    "eth", "ntilde", "ograve", "oacute", "ocircumflex", "otilde", "odieresis", "divide",
    "oslash", "ugrave", "uacute", "ucircumflex", "udieresis", "yacute", "thorn", "ydieresis",
];

/// Names of the printable ASCII characters U+0020..=U+007E, in order.
#[rustfmt::skip]
const ASCII_NAMES: [&str; 95] = [
    "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quotesingle",
    "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash",
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "colon", "semicolon", "less", "equal", "greater", "question", "at",
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U",
    "V", "W", "X", "Y", "Z",
    "bracketleft", "backslash", "bracketright", "asciicircum", "underscore", "grave",
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u",
    "v", "w", "x", "y", "z",
    "braceleft", "bar", "braceright", "asciitilde",
];

/// Other glyph names seen in Latin text.
#[rustfmt::skip]
const OTHER_NAMES: &[(&str, char)] = &[
    ("quoteright", '’'), ("quoteleft", '‘'), ("quotedblleft", '“'), ("quotedblright", '”'),
    ("quotesinglbase", '‚'), ("quotedblbase", '„'), ("guilsinglleft", '‹'), ("guilsinglright", '›'),
    ("endash", '–'), ("emdash", '—'), ("bullet", '•'), ("ellipsis", '…'), ("dagger", '†'),
    ("daggerdbl", '‡'), ("perthousand", '‰'), ("trademark", '™'), ("Euro", '€'), ("euro", '€'),
    ("fi", 'ﬁ'), ("fl", 'ﬂ'), ("ff", 'ﬀ'), ("ffi", 'ﬃ'), ("ffl", 'ﬄ'), ("fraction", '⁄'),
    ("florin", 'ƒ'), ("circumflex", 'ˆ'), ("tilde", '˜'), ("breve", '˘'), ("dotaccent", '˙'),
    ("ring", '˚'), ("ogonek", '˛'), ("caron", 'ˇ'), ("hungarumlaut", '˝'), ("dotlessi", 'ı'),
    ("Lslash", 'Ł'), ("lslash", 'ł'), ("OE", 'Œ'), ("oe", 'œ'), ("Scaron", 'Š'), ("scaron", 'š'),
    ("Zcaron", 'Ž'), ("zcaron", 'ž'), ("Ydieresis", 'Ÿ'), ("minus", '−'), ("nonbreakingspace", '\u{A0}'),
    ("space.alt", ' '), ("uni00A0", '\u{A0}'), ("softhyphen", '\u{AD}'), ("middot", '·'),
    ("copyrightserif", '©'), ("registerserif", '®'), ("trademarkserif", '™'), ("lozenge", '◊'),
    ("arrowright", '→'), ("arrowleft", '←'), ("arrowup", '↑'), ("arrowdown", '↓'), ("arrowboth", '↔'),
    ("checkmark", '✓'), ("square", '□'), ("filledbox", '■'), ("H18533", '●'), ("H18543", '▪'),
    ("H18551", '▫'), ("H22073", '□'), ("blackcircle", '●'), ("whitecircle", '○'), ("openbullet", '◦'),
    ("triagrt", '►'), ("notequal", '≠'), ("lessequal", '≤'), ("greaterequal", '≥'), ("infinity", '∞'),
    ("approxequal", '≈'), ("degree", '°'), ("Omega", 'Ω'), ("pi", 'π'), ("mu1", 'µ'), ("Delta", 'Δ'),
    ("summation", '∑'), ("product", '∏'), ("radical", '√'), ("partialdiff", '∂'), ("integral", '∫'),
    ("Gcaron", 'Ǧ'), ("gcaron", 'ǧ'), ("Idotaccent", 'İ'), ("Scedilla", 'Ş'), ("scedilla", 'ş'),
    ("Gbreve", 'Ğ'), ("gbreve", 'ğ'), ("Cacute", 'Ć'), ("cacute", 'ć'), ("Ccaron", 'Č'), ("ccaron", 'č'),
    ("Dcroat", 'Đ'), ("dcroat", 'đ'), ("Ecaron", 'Ě'), ("ecaron", 'ě'), ("Eogonek", 'Ę'), ("eogonek", 'ę'),
    ("Aogonek", 'Ą'), ("aogonek", 'ą'), ("Nacute", 'Ń'), ("nacute", 'ń'), ("Ncaron", 'Ň'), ("ncaron", 'ň'),
    ("Rcaron", 'Ř'), ("rcaron", 'ř'), ("Sacute", 'Ś'), ("sacute", 'ś'), ("Tcaron", 'Ť'), ("tcaron", 'ť'),
    ("Uring", 'Ů'), ("uring", 'ů'), ("Zacute", 'Ź'), ("zacute", 'ź'), ("Zdotaccent", 'Ż'), ("zdotaccent", 'ż'),
    ("Ohungarumlaut", 'Ő'), ("ohungarumlaut", 'ő'), ("Uhungarumlaut", 'Ű'), ("uhungarumlaut", 'ű'),
    ("Amacron", 'Ā'), ("amacron", 'ā'), ("Emacron", 'Ē'), ("emacron", 'ē'), ("Imacron", 'Ī'), ("imacron", 'ī'),
    ("Umacron", 'Ū'), ("umacron", 'ū'),
];

fn table() -> &'static HashMap<&'static str, char> {
    static TABLE: OnceLock<HashMap<&'static str, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = HashMap::with_capacity(400);
        for (i, name) in ASCII_NAMES.iter().enumerate() {
            m.insert(*name, char::from(0x20 + i as u8));
        }
        for (i, name) in LATIN1_NAMES.iter().enumerate() {
            m.insert(*name, char::from(0xA0 + i as u8));
        }
        for (name, c) in OTHER_NAMES {
            m.insert(*name, *c);
        }
        m
    })
}

/// The text of a glyph name ("eacute" → "é", "uni20AC" → "€", "f_f_i" → "ffi", "a.sc" → "a"),
/// appended to `out`; false when the name means nothing (`g123`, `cid45`, `a12`).
pub(crate) fn glyph_text(name: &[u8], out: &mut String) -> bool {
    let Ok(name) = std::str::from_utf8(name) else { return false };
    // Variants: "a.sc", "one.oldstyle" are their base glyph.
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return false;
    }
    if base.contains('_') {
        let start = out.len();
        for part in base.split('_') {
            if !glyph_text(part.as_bytes(), out) {
                out.truncate(start);
                return false;
            }
        }
        return true;
    }
    if let Some(&c) = table().get(base) {
        out.push(c);
        return true;
    }
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = hex
                .as_bytes()
                .chunks(4)
                .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                .collect();
            let start = out.len();
            out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')));
            return out.len() > start;
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                out.push(c);
                return true;
            }
        }
    }
    false
}

/// A single-byte base encoding.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    /// Symbol fonts (Symbol, Wingdings, ZapfDingbats): digits, some punctuation, bullets.
    Symbol,
}

/// The character code `code` stands for in `enc`.
pub(crate) fn base_char(enc: BaseEncoding, code: u8) -> Option<char> {
    match enc {
        BaseEncoding::WinAnsi => {
            if code < 0x20 {
                return None;
            }
            let byte = [code];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            s.chars().next().filter(|c| !c.is_control())
        }
        BaseEncoding::MacRoman => {
            if code < 0x20 {
                return None;
            }
            let byte = [code];
            let (s, _) = encoding_rs::MACINTOSH.decode_without_bom_handling(&byte);
            s.chars().next().filter(|c| !c.is_control())
        }
        BaseEncoding::Standard => standard_char(code),
        BaseEncoding::Symbol => match code {
            0x20 => Some(' '),
            b'0'..=b'9'
            | b'('
            | b')'
            | b'+'
            | b','
            | b'.'
            | b'/'
            | b':'
            | b';'
            | b'<'
            | b'='
            | b'>'
            | b'?'
            | b'['
            | b']'
            | b'!'
            | b'#'
            | b'%'
            | b'&'
            | b'_'
            | b'|' => Some(char::from(code)),
            0x2D => Some('−'),
            // Symbol's bullet and the usual Wingdings/ZapfDingbats list markers.
            0xB7 | 0x6C | 0x6E | 0x6F | 0x71 | 0x75 | 0x76 | 0x77 | 0x9F | 0xA7 | 0xA8 | 0xD8 | 0xE8
            | 0xF0 => Some('•'),
            0xFC => Some('✓'),
            _ => None,
        },
    }
}

/// Adobe StandardEncoding.
fn standard_char(code: u8) -> Option<char> {
    Some(match code {
        0x27 => '’',
        0x60 => '‘',
        0x20..=0x7E => char::from(code),
        0xA1 => '¡',
        0xA2 => '¢',
        0xA3 => '£',
        0xA4 => '⁄',
        0xA5 => '¥',
        0xA6 => 'ƒ',
        0xA7 => '§',
        0xA8 => '¤',
        0xA9 => '\'',
        0xAA => '“',
        0xAB => '«',
        0xAC => '‹',
        0xAD => '›',
        0xAE => 'ﬁ',
        0xAF => 'ﬂ',
        0xB1 => '–',
        0xB2 => '†',
        0xB3 => '‡',
        0xB4 => '·',
        0xB6 => '¶',
        0xB7 => '•',
        0xB8 => '‚',
        0xB9 => '„',
        0xBA => '”',
        0xBB => '»',
        0xBC => '…',
        0xBD => '‰',
        0xBF => '¿',
        0xC1 => '`',
        0xC2 => '´',
        0xC3 => 'ˆ',
        0xC4 => '˜',
        0xC5 => '¯',
        0xC6 => '˘',
        0xC7 => '˙',
        0xC8 => '¨',
        0xCA => '˚',
        0xCB => '¸',
        0xCD => '˝',
        0xCE => '˛',
        0xCF => 'ˇ',
        0xD0 => '—',
        0xE1 => 'Æ',
        0xE3 => 'ª',
        0xE8 => 'Ł',
        0xE9 => 'Ø',
        0xEA => 'Œ',
        0xEB => 'º',
        0xF1 => 'æ',
        0xF5 => 'ı',
        0xF8 => 'ł',
        0xF9 => 'ø',
        0xFA => 'œ',
        0xFB => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(name: &str) -> Option<String> {
        let mut s = String::new();
        glyph_text(name.as_bytes(), &mut s).then_some(s)
    }

    #[test]
    fn glyph_names() {
        assert_eq!(g("A").as_deref(), Some("A"));
        assert_eq!(g("eacute").as_deref(), Some("é"));
        assert_eq!(g("quoteright").as_deref(), Some("’"));
        assert_eq!(g("uni20AC").as_deref(), Some("€"));
        assert_eq!(g("uni00660069").as_deref(), Some("fi"));
        assert_eq!(g("u1F600").as_deref(), Some("😀"));
        assert_eq!(g("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(g("a.sc").as_deref(), Some("a"));
        assert_eq!(g("zero").as_deref(), Some("0"));
        assert_eq!(g("ydieresis").as_deref(), Some("ÿ"));
        assert_eq!(g("g123"), None);
        assert_eq!(g("cid45"), None);
        assert_eq!(g(".notdef"), None);
        assert_eq!(g("f_g12"), None);
    }

    #[test]
    fn encodings() {
        assert_eq!(base_char(BaseEncoding::WinAnsi, 0x92), Some('’'));
        assert_eq!(base_char(BaseEncoding::WinAnsi, 0xE9), Some('é'));
        assert_eq!(base_char(BaseEncoding::MacRoman, 0x8E), Some('é'));
        assert_eq!(base_char(BaseEncoding::Standard, 0x27), Some('’'));
        assert_eq!(base_char(BaseEncoding::Standard, 0xE1), Some('Æ'));
        assert_eq!(base_char(BaseEncoding::Symbol, 0xB7), Some('•'));
        assert_eq!(base_char(BaseEncoding::WinAnsi, 0x05), None);
    }
}
