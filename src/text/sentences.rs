//! Sentence splitting with byte offsets, tuned for job adverts, CVs and framework text rather
//! than prose: bullets, headings, line-wrapped paragraphs, tables pasted from PDFs.
//!
//! One linear pass over the lines. Each line is classified (blank, no text, markdown heading,
//! bullet, table row, ALL-CAPS heading, plain) and either continues the open sentence (a
//! wrapped line) or closes it; inside a line the text is split after `.`, `!`, `?` and `…`
//! when a new sentence visibly starts, with exceptions for abbreviations and initials.
//! Sentences over [`MAX_SENTENCE_WORDS`] words are cut at punctuation or white space.

/// A sentence as a byte range of the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Sentence {
    /// The sentence's text in `source` (the text it was split from); empty if `source` is
    /// some other, shorter text.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

/// Sentences longer than this many words are cut (walls of text without punctuation).
pub const MAX_SENTENCE_WORDS: usize = 80;

/// A line this long (bytes) that stops mid-phrase is taken to be wrapped.
const WRAP_WIDTH: usize = 60;

/// Abbreviations (lowercase, without the final dot) after which a `.` does not end a sentence.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "apr", "assoc", "aug", "avg", "b.eng", "b.tech", "capt", "cf", "co", "col", "corp",
    "dec", "dept", "dr", "e.g", "eg", "est", "etc", "ext", "feb", "fig", "gen", "govt", "hon", "i.e", "ie",
    "inc", "incl", "intl", "jan", "jr", "jul", "jun", "lt", "ltd", "m.eng", "m.tech", "mar", "max", "mgr",
    "min", "mr", "mrs", "ms", "mt", "no", "nos", "nov", "nr", "oct", "p", "pp", "prof", "ref", "resp",
    "rev", "sep", "sept", "sgt", "sr", "st", "tel", "viz", "vol", "vs", "wrt", "yrs",
];

/// Words that leave a phrase unfinished at the end of a line: the next line continues it.
#[rustfmt::skip]
const CONNECTORS: &[&str] = &[
    "a", "across", "also", "an", "and", "are", "as", "at", "be", "been", "being", "between", "both", "but",
    "by", "can", "could", "either", "for", "from", "has", "have", "in", "including", "into", "is", "its",
    "nor", "not", "of", "on", "onto", "or", "our", "over", "per", "should", "such", "than", "that", "the",
    "their", "through", "to", "under", "using", "via", "was", "were", "when", "where", "which", "while",
    "who", "whose", "will", "with", "within", "would", "your",
];

/// Split `text` into sentences: byte ranges, in order, non-overlapping, never empty, on char
/// boundaries, trimmed of white space and bullet markers. Sentences without any
/// alphanumeric character (rules, table borders, lone bullets) are left out.
///
/// Rules: blank lines, headings and table cells end a sentence; each bullet or numbered item
/// starts one; a line that stops mid-phrase (no final `.` `!` `?` `:` `;`) joins the next
/// when that one starts in lowercase, the first ends in a comma or connector word, or the
/// first is a long line cut after a lowercase word; inside a line, `.` `!` `?` `…` end a
/// sentence when white space and an uppercase letter, digit or quote follow, except after
/// abbreviations (e.g., etc., Dr., Ltd., …) and initials (J. Smith, U.S.).
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut sp = Splitter {
        text,
        bytes: text.as_bytes(),
        out: Vec::new(),
        open: None,
        open_end: 0,
        last: None,
        bullet_next: false,
        items: items_style(text),
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (end, next) = line_end(bytes, i);
        sp.line(i, end);
        i = next;
    }
    sp.close();
    sp.out
}

/// The end of the line starting at `i` and the start of the next one. Breaks at LF, CRLF,
/// CR, VT, FF, NEL, U+2028 and U+2029.
fn line_end(bytes: &[u8], i: usize) -> (usize, usize) {
    let mut j = i;
    while j < bytes.len() {
        match bytes[j] {
            b'\n' | 0x0B | 0x0C => return (j, j + 1),
            b'\r' => return (j, if bytes.get(j + 1) == Some(&b'\n') { j + 2 } else { j + 1 }),
            0xC2 if bytes.get(j + 1) == Some(&0x85) => return (j, j + 2),
            0xE2 if bytes.get(j + 1) == Some(&0x80) && matches!(bytes.get(j + 2), Some(0xA8 | 0xA9)) => {
                return (j, j + 3)
            }
            _ => j += 1,
        }
    }
    (j, j)
}

/// What the previous line left behind when it did not end its sentence.
#[derive(Clone, Copy)]
struct LineInfo {
    /// Ends in a comma, dash, slash, `&`, `(` or a connector word.
    continues: bool,
    /// A long line cut after a lowercase word: a wrapped paragraph.
    wrapped: bool,
    /// The line was a bullet item.
    bullet: bool,
}

struct Splitter<'a> {
    text: &'a str,
    bytes: &'a [u8],
    out: Vec<Sentence>,
    /// Start of the sentence being built.
    open: Option<usize>,
    /// End of the text fed into the open sentence so far.
    open_end: usize,
    /// The previous line, when it left the sentence open.
    last: Option<LineInfo>,
    /// The previous line was a bare bullet marker: this line is the item.
    bullet_next: bool,
    /// The text is written one item a line, without final stops ([`items_style`]).
    items: bool,
}

impl Splitter<'_> {
    fn line(&mut self, s: usize, e: usize) {
        // Only white space is trimmed here: the bullet marker is needed to classify the line.
        let (cs, ce) = trim_spaces(self.text, s, e);
        if cs >= ce || !has_alnum(self.text, cs, ce) {
            // Blank lines, rules ("---", "|---|---|") and lone bullets end the sentence.
            self.close();
            if cs < ce && bullet_body(self.text, cs, ce).is_some() {
                self.bullet_next = true;
            }
            return;
        }
        let bytes = self.bytes;
        if let Some(body) = markdown_heading(bytes, cs, ce) {
            self.close();
            self.bullet_next = false;
            let mut end = ce;
            while end > body && bytes[end - 1] == b'#' {
                end -= 1;
            }
            self.emit(body, end);
            return;
        }
        let indented = cs > s;
        let (body, bullet) = match bullet_body(self.text, cs, ce) {
            Some(b) => (b, true),
            None => (cs, std::mem::take(&mut self.bullet_next)),
        };
        self.bullet_next = false;
        if has_cells(bytes, body, ce) {
            self.close();
            self.cells(body, ce);
            return;
        }
        let continues = self.open.is_some() && self.last.is_some_and(|l| l.continues);
        if !bullet && !continues && is_caps_heading(self.text, cs, ce) {
            self.close();
            self.emit(cs, ce);
            return;
        }
        if bullet || self.open.is_none() || !self.joins(body, ce, indented) {
            self.close();
        }
        self.last = None;
        if self.feed(body, ce) {
            self.close();
        } else if self.open.is_some() {
            self.last = Some(LineInfo {
                continues: ends_mid_phrase(self.text, body, ce),
                wrapped: ce - cs >= WRAP_WIDTH && last_word_lowercase(self.text, body, ce),
                bullet,
            });
        }
    }

    /// Whether the line at `s..e` continues the open sentence. In a text written one item
    /// a line without final stops ([`Splitter::items`]), a long line that stops after a
    /// lowercase word ([`LineInfo::wrapped`]) does not join a next line starting with a
    /// capitalised word: in CVs laid out by PDF tools, "Provide metrics…" after "…business
    /// segments" is the next item, and joining them made run-on sentences that the word
    /// limit then cut into fragments ("and accounting data for…").
    fn joins(&self, s: usize, e: usize, indented: bool) -> bool {
        let Some(last) = self.last else { return false };
        let first = self.text[s..e].chars().next().unwrap_or(' ');
        first.is_lowercase()
            || last.continues
            || (last.wrapped && !(self.items && starts_capitalised_word(self.text, s, e)))
            || (last.bullet && indented)
    }

    /// Table cells: each cell is split on its own and never joined to anything.
    fn cells(&mut self, s: usize, e: usize) {
        let bytes = self.bytes;
        let mut cell = s;
        let mut i = s;
        while i <= e {
            if i == e || is_cell_separator(bytes, s, e, i) {
                let (a, b) = trim(self.text, cell, i);
                if a < b {
                    self.feed(a, b);
                    self.close();
                }
                cell = i + 1;
            }
            i += 1;
        }
        self.last = None;
    }

    /// Feed the text `s..e` of one line into the open sentence (opening one if needed),
    /// splitting at sentence ends inside it. Returns true when the line ends its sentence.
    fn feed(&mut self, s: usize, e: usize) -> bool {
        let text = self.text;
        let bytes = self.bytes;
        if self.open.is_none() {
            self.open = Some(s);
        }
        let mut i = s;
        while i < e {
            let b = bytes[i];
            if b < 0x80 {
                if matches!(b, b'.' | b'!' | b'?') {
                    i = self.after_terminal(s, i, e);
                } else {
                    i += 1;
                }
                continue;
            }
            let Some(c) = text[i..].chars().next() else { break };
            let w = c.len_utf8();
            if c == '…' {
                i = self.after_terminal(s, i, e);
                continue;
            }
            if is_bullet_symbol(c)
                && (i == s || bytes[i - 1].is_ascii_whitespace())
                && (c != '·' || bytes.get(i + w).is_some_and(u8::is_ascii_whitespace))
            {
                // An inline bullet ("Java • Python • SQL", bullets run together by PDF tools).
                if let Some(start) = self.open {
                    self.emit(start, i);
                }
                self.open = Some(i + w);
            }
            i += w;
        }
        self.open_end = e;
        ends_sentence(text, s, e)
    }

    /// Handle the terminal punctuation at `i` (inside the line `s..e`): split the open
    /// sentence after it if a new sentence starts there. Returns where to continue scanning.
    fn after_terminal(&mut self, s: usize, i: usize, e: usize) -> usize {
        let text = self.text;
        let bytes = self.bytes;
        let mut j = i;
        let mut dots = 0;
        while j < e {
            match bytes[j] {
                b'.' => {
                    dots += 1;
                    j += 1;
                }
                b'!' | b'?' => j += 1,
                _ if text[j..e].starts_with('…') => {
                    dots += 3;
                    j += '…'.len_utf8();
                }
                _ => break,
            }
        }
        let p = skip_closers(text, j, e);
        if p >= e || !bytes[p].is_ascii_whitespace() {
            return j.max(i + 1);
        }
        let q = skip_spaces(bytes, p, e);
        if q >= e || !starts_sentence(text, q, e) {
            return q;
        }
        if dots == 1 && j - i == 1 && no_split_before(text, s, i) {
            return q;
        }
        if let Some(start) = self.open {
            self.emit(start, p);
        }
        self.open = Some(q);
        q
    }

    /// Close the open sentence, if any.
    fn close(&mut self) {
        if let Some(start) = self.open.take() {
            self.emit(start, self.open_end.max(start));
        }
        self.last = None;
    }

    /// Push `s..e` as sentences: trimmed, without alnum-free spans, cut to the word limit.
    fn emit(&mut self, s: usize, e: usize) {
        let (mut s, e) = trim(self.text, s, e);
        if s >= e || !has_alnum(self.text, s, e) {
            return;
        }
        let bytes = self.bytes;
        // Cut pieces of at most MAX_SENTENCE_WORDS words, preferring a cut after a word
        // that ends in punctuation in the second half of the piece.
        loop {
            let mut words = 0;
            let mut i = s;
            let mut prev_end = s;
            let mut good = None;
            let mut cut = None;
            while i < e {
                let ws = skip_spaces(bytes, i, e);
                if ws >= e {
                    break;
                }
                let mut we = ws;
                while we < e && !bytes[we].is_ascii_whitespace() {
                    we += 1;
                }
                words += 1;
                if words > MAX_SENTENCE_WORDS {
                    cut = Some(good.unwrap_or(prev_end));
                    break;
                }
                if words >= MAX_SENTENCE_WORDS / 2
                    && matches!(bytes[we - 1], b',' | b';' | b':' | b')' | b'-')
                {
                    good = Some(we);
                }
                prev_end = we;
                i = we;
            }
            match cut {
                Some(c) => {
                    self.push(s, c);
                    s = c;
                }
                None => {
                    self.push(s, e);
                    return;
                }
            }
        }
    }

    fn push(&mut self, s: usize, e: usize) {
        let (s, e) = trim(self.text, s, e);
        if s < e && has_alnum(self.text, s, e) {
            self.out.push(Sentence { start: s, end: e });
        }
    }
}

/// White space as far as trimming goes: Unicode white space plus zero-width space and BOM.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Bullet characters that need no space after them, including the private-use glyphs
/// (U+F0xx) that Word's Symbol and Wingdings bullets become in extracted text.
fn is_bullet_symbol(c: char) -> bool {
    matches!(
        c,
        '•' | '●'
            | '▪'
            | '◦'
            | '○'
            | '■'
            | '□'
            | '►'
            | '▸'
            | '‣'
            | '⁃'
            | '·'
            | '✓'
            | '✔'
            | '➢'
            | '➤'
            | '❖'
            | '♦'
            | '◆'
            | '→'
            | '⇒'
            | '∙'
    ) || ('\u{F000}'..='\u{F0FF}').contains(&c)
}

/// Dashes and stars that are bullets only when white space follows.
fn is_spaced_marker(c: char) -> bool {
    matches!(c, '-' | '*' | '+' | '–' | '—' | '>')
}

/// `s..e` without surrounding white space.
fn trim_spaces(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while let Some(c) = text[s..e].chars().next().filter(|&c| is_space(c)) {
        s += c.len_utf8();
    }
    while let Some(c) = text[s..e].chars().next_back().filter(|&c| is_space(c)) {
        e -= c.len_utf8();
    }
    (s, e)
}

/// `s..e` without surrounding white space and leading/trailing bullet markers.
fn trim(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e {
        let Some(c) = text[s..e].chars().next() else { break };
        let w = c.len_utf8();
        let spaced_marker = || is_spaced_marker(c) && text[s + w..e].chars().next().is_some_and(is_space);
        if is_space(c) || is_bullet_symbol(c) || spaced_marker() {
            s += w;
        } else {
            break;
        }
    }
    while e > s {
        let Some(c) = text[s..e].chars().next_back() else { break };
        if is_space(c) || is_bullet_symbol(c) {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    (s, e)
}

fn has_alnum(text: &str, s: usize, e: usize) -> bool {
    let bytes = &text.as_bytes()[s..e];
    if bytes.iter().any(u8::is_ascii_alphanumeric) {
        return true;
    }
    !bytes.is_ascii() && text[s..e].chars().any(char::is_alphanumeric)
}

/// Skip ASCII spaces and tabs (all that can occur inside one line's content).
fn skip_spaces(bytes: &[u8], mut i: usize, e: usize) -> usize {
    while i < e && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Skip closing quotes and brackets after terminal punctuation.
fn skip_closers(text: &str, mut i: usize, e: usize) -> usize {
    while i < e {
        match text[i..e].chars().next() {
            Some(c @ ('"' | '\'' | ')' | ']' | '”' | '’' | '»' | '*' | '_')) => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// Whether a new sentence visibly starts at `q`: uppercase letter, digit, opening quote or
/// bracket, a bullet, or a dotted name like ".NET".
fn starts_sentence(text: &str, q: usize, e: usize) -> bool {
    let mut chars = text[q..e].chars();
    match chars.next() {
        Some(c) if c.is_uppercase() || c.is_ascii_digit() => true,
        Some('"' | '\'' | '“' | '‘' | '«' | '(' | '[') => true,
        Some('.') => chars.next().is_some_and(|c| c.is_alphanumeric()),
        Some(c) => is_bullet_symbol(c),
        None => false,
    }
}

/// Whether `text` is written one item a line without final stops, as CVs and adverts often
/// are: at least four lines of three words or more, holding fewer than one sentence stop
/// (`.` `!` `?` before white space or the line's end) for every four such lines. Prose,
/// wrapped or not, has about one a line.
fn items_style(text: &str) -> bool {
    let (mut lines, mut stops) = (0usize, 0usize);
    for line in text.lines() {
        if line.split_whitespace().nth(2).is_none() {
            continue;
        }
        lines += 1;
        let bytes = line.trim_end().as_bytes();
        stops += bytes
            .iter()
            .enumerate()
            .filter(|&(i, b)| {
                matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
            })
            .count();
    }
    lines >= 4 && stops * 4 < lines
}

/// Whether the line `s..e` starts with a capitalised word ("Provide", not "SQL", "iOS" or
/// "30%").
fn starts_capitalised_word(text: &str, s: usize, e: usize) -> bool {
    let mut chars = text[s..e].chars();
    matches!((chars.next(), chars.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
}

/// The word before the `.` at `dot` (within the line starting at `s`), without leading
/// brackets and quotes.
fn word_before(text: &str, s: usize, dot: usize) -> &str {
    let bytes = text.as_bytes();
    let mut w = dot;
    while w > s && !bytes[w - 1].is_ascii_whitespace() {
        w -= 1;
    }
    // Only ASCII bytes are stepped over below, so `w` stays on a char boundary.
    while w < dot && matches!(bytes[w], b'(' | b'[' | b'"' | b'\'') {
        w += 1;
    }
    text.get(w..dot).unwrap_or("")
}

/// True when the `.` at `dot` belongs to an abbreviation or an initial, not a sentence end.
fn no_split_before(text: &str, s: usize, dot: usize) -> bool {
    let word = word_before(text, s, dot);
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.next().is_none() {
        // A single capital is an initial ("J. Smith").
        return first.is_uppercase();
    }
    if word.len() <= 8 && word.is_ascii() {
        let mut buf = [0u8; 8];
        buf[..word.len()].copy_from_slice(word.as_bytes());
        buf[..word.len()].make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(&buf[..word.len()]) {
            if ABBREVIATIONS.contains(&lower) {
                return true;
            }
        }
    }
    // Dotted initials and degrees: U.S, e.g, Ph.D, B.Sc.
    word.contains('.')
        && word
            .split('.')
            .all(|part| (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// True when the line `s..e` ends its sentence: final `.` `!` `?` `:` `;` `…` (before any
/// closing quotes), unless the final `.` closes an abbreviation other than "etc.".
fn ends_sentence(text: &str, s: usize, e: usize) -> bool {
    let bytes = text.as_bytes();
    let mut k = e;
    while k > s {
        match text[s..k].chars().next_back() {
            Some(c @ ('"' | '\'' | ')' | ']' | '”' | '’' | '»' | '*')) => k -= c.len_utf8(),
            _ => break,
        }
    }
    if k == s {
        return false;
    }
    match bytes[k - 1] {
        b'!' | b'?' | b':' | b';' => true,
        b'.' => {
            let dot = k - 1;
            let ellipsis = dot > s && bytes[dot - 1] == b'.';
            let abbreviation =
                no_split_before(text, s, dot) && !word_before(text, s, dot).eq_ignore_ascii_case("etc");
            ellipsis || !abbreviation
        }
        _ => text[s..k].ends_with('…'),
    }
}

/// True when the line `s..e` stops mid-phrase: a final comma, dash, slash, `&`, `(`, `+`
/// or a connector word ("and", "of", "with", …).
fn ends_mid_phrase(text: &str, s: usize, e: usize) -> bool {
    let bytes = text.as_bytes();
    if matches!(bytes[e - 1], b',' | b'-' | b'/' | b'&' | b'(' | b'+') || text[s..e].ends_with(['–', '—'])
    {
        return true;
    }
    let mut w = e;
    while w > s && bytes[w - 1].is_ascii_alphabetic() {
        w -= 1;
    }
    if w < e && (w == s || !bytes[w - 1].is_ascii_alphanumeric()) && e - w <= 9 {
        let mut buf = [0u8; 9];
        buf[..e - w].copy_from_slice(&bytes[w..e]);
        buf[..e - w].make_ascii_lowercase();
        if let Ok(word) = std::str::from_utf8(&buf[..e - w]) {
            return CONNECTORS.binary_search(&word).is_ok();
        }
    }
    false
}

/// True when the last word of `s..e` starts with a lowercase letter (a line cut mid-sentence
/// rather than a title, a name or a date).
fn last_word_lowercase(text: &str, s: usize, e: usize) -> bool {
    let line = &text[s..e];
    let word = line.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    word.chars().next().is_some_and(char::is_lowercase)
}

/// The body of a bullet or numbered line `s..e` (after the marker and its spaces), or None.
/// Markers: bullet symbols; `-` `*` `+` `–` `—` followed by white space; `1.` `12)` `(3)`
/// `a)` `(b)` `iv.` followed by white space.
fn bullet_body(text: &str, s: usize, e: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let c = text[s..e].chars().next()?;
    let after = |i: usize| -> Option<usize> {
        match text[i..e].chars().next() {
            None => Some(e),
            Some(c) if is_space(c) => Some(skip_any_spaces(text, i, e)),
            _ => None,
        }
    };
    if is_bullet_symbol(c) {
        let mut i = s + c.len_utf8();
        while let Some(c) = text[i..e].chars().next().filter(|&c| is_bullet_symbol(c) || is_space(c)) {
            i += c.len_utf8();
        }
        return Some(i);
    }
    if is_spaced_marker(c) && c != '>' {
        return after(s + c.len_utf8());
    }
    // Numbered items: "1." "12)" "(3)" "a)" "(b)" "iv." "(iv)".
    let at = |i: usize| if i < e { Some(bytes[i]) } else { None };
    let paren = bytes[s] == b'(';
    let start = if paren { s + 1 } else { s };
    let mut i = start;
    let letter = match at(i) {
        Some(b) if b.is_ascii_digit() => {
            while i - start < 3 && at(i).is_some_and(|b| b.is_ascii_digit()) {
                i += 1;
            }
            false
        }
        Some(b'i' | b'v' | b'x') => {
            while i - start < 4 && matches!(at(i), Some(b'i' | b'v' | b'x')) {
                i += 1;
            }
            false
        }
        Some(b) if b.is_ascii_alphabetic() => {
            i += 1;
            true
        }
        _ => return None,
    };
    match at(i) {
        Some(b')') => after(i + 1),
        // A lone letter with a dot is an initial ("A. Smith"), not an item.
        Some(b'.') if !paren && !letter => after(i + 1),
        _ => None,
    }
}

fn skip_any_spaces(text: &str, mut i: usize, e: usize) -> usize {
    while let Some(c) = text[i..e].chars().next().filter(|&c| is_space(c)) {
        i += c.len_utf8();
    }
    i
}

/// The body of a markdown heading line ("## Skills" → "Skills"), or None.
fn markdown_heading(bytes: &[u8], s: usize, e: usize) -> Option<usize> {
    let mut i = s;
    while i < e && bytes[i] == b'#' {
        i += 1;
    }
    let level = i - s;
    if level == 0 || level > 6 || (i < e && !bytes[i].is_ascii_whitespace()) {
        return None;
    }
    Some(skip_spaces(bytes, i, e))
}

/// True when byte `i` of the line `s..e` separates table cells: a tab, or a `|` with white
/// space (or the line's edge) on both sides.
fn is_cell_separator(bytes: &[u8], s: usize, e: usize, i: usize) -> bool {
    match bytes[i] {
        b'\t' => true,
        b'|' => {
            (i == s || bytes[i - 1].is_ascii_whitespace())
                && (i + 1 == e || bytes[i + 1].is_ascii_whitespace())
        }
        _ => false,
    }
}

fn has_cells(bytes: &[u8], s: usize, e: usize) -> bool {
    (s..e).any(|i| matches!(bytes[i], b'\t' | b'|') && is_cell_separator(bytes, s, e, i))
}

/// An ALL-CAPS line of a few words ("WORK EXPERIENCE", "SKILLS & TOOLS"): a heading.
fn is_caps_heading(text: &str, s: usize, e: usize) -> bool {
    let line = &text[s..e];
    let mut upper = 0;
    for c in line.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            upper += 1;
        }
    }
    upper >= 2 && line.split_whitespace().count() <= 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let out = split_sentences(text);
        check_invariants(text, &out);
        out.iter().map(|s| s.text(text)).collect()
    }

    fn check_invariants(text: &str, out: &[Sentence]) {
        let mut prev_end = 0;
        for s in out {
            assert!(s.start < s.end, "empty span {s:?} in {text:?}");
            assert!(s.start >= prev_end, "overlap/order {s:?} in {text:?}");
            assert!(s.end <= text.len());
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{s:?} in {text:?}");
            let t = s.text(text);
            assert_eq!(t, t.trim(), "untrimmed {t:?}");
            prev_end = s.end;
        }
    }

    #[test]
    fn sorted_tables() {
        assert!(CONNECTORS.windows(2).all(|w| w[0] < w[1]));
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 8));
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(
            split("We build things. You will lead a team! Are you ready? \"Yes\" she said."),
            ["We build things.", "You will lead a team!", "Are you ready?", "\"Yes\" she said."]
        );
        assert_eq!(
            split("Revenue grew 30%. 2023 was a record."),
            ["Revenue grew 30%.", "2023 was a record."]
        );
        assert_eq!(split("It ended (finally.) Then we left."), ["It ended (finally.)", "Then we left."]);
        assert_eq!(split("Wait... Then go… Now"), ["Wait...", "Then go…", "Now"]);
        assert_eq!(split(""), Vec::<&str>::new());
        assert_eq!(split("  \n\t \r\n"), Vec::<&str>::new());
    }

    #[test]
    fn abbreviations_initials_decimals_names() {
        assert_eq!(
            split("Use tools, e.g. Jira and Confluence. Report to Dr. Jones at Acme Ltd. London office."),
            ["Use tools, e.g. Jira and Confluence.", "Report to Dr. Jones at Acme Ltd. London office."]
        );
        assert_eq!(
            split("Contact J. Smith or J.R.R. Tolkien. Done."),
            ["Contact J. Smith or J.R.R. Tolkien.", "Done."]
        );
        assert_eq!(
            split("Version 3.5 of Node.js and ASP.NET Core. Also Vue.js."),
            ["Version 3.5 of Node.js and ASP.NET Core.", "Also Vue.js."]
        );
        assert_eq!(
            split("Salary approx. 50k, incl. bonus. Apply now."),
            ["Salary approx. 50k, incl. bonus.", "Apply now."]
        );
        assert_eq!(
            split("See https://example.com/a.b?x=1. Mail jo.bloggs@example.co.uk. Thanks."),
            ["See https://example.com/a.b?x=1.", "Mail jo.bloggs@example.co.uk.", "Thanks."]
        );
        assert_eq!(split("Python vs. Java. No. 5 in the list."), ["Python vs. Java.", "No. 5 in the list."]);
        assert_eq!(split("She has a Ph.D. From 2019 she led."), ["She has a Ph.D. From 2019 she led."]);
        assert_eq!(split("We shipped C#. .NET is next."), ["We shipped C#.", ".NET is next."]);
        assert_eq!(split("It works i.e. it runs. ok"), ["It works i.e. it runs. ok"]);
    }

    #[test]
    fn bullets_and_numbered_items() {
        let text = concat!(
            "Responsibilities:\n",
            "• Design APIs\n",
            "● Review code\n",
            "▪ Mentor juniors\n",
            "- Write docs\n",
            "* Run tests\n",
            "– Fix bugs\n",
            "· Deploy\n",
            "\u{F0B7} Monitor\n",
            "1. First\n",
            "2) Second\n",
            "a) Third\n",
            "(b) Fourth\n",
            "iv. Fifth",
        );
        assert_eq!(
            split(text),
            [
                "Responsibilities:",
                "Design APIs",
                "Review code",
                "Mentor juniors",
                "Write docs",
                "Run tests",
                "Fix bugs",
                "Deploy",
                "Monitor",
                "First",
                "Second",
                "Third",
                "Fourth",
                "Fifth"
            ]
        );
        // Not bullets: negative numbers, emphasis, names with initials.
        assert_eq!(split("-5% churn\n*args in Python"), ["-5% churn", "*args in Python"]);
        assert_eq!(split("A. Smith\nB. Jones"), ["A. Smith", "B. Jones"]);
        // A bare bullet with the text on the next line (PDF extraction).
        assert_eq!(split("•\nManaged budgets\n•\nHired staff"), ["Managed budgets", "Hired staff"]);
        // Inline bullets.
        assert_eq!(split("Skills: Java • Python • SQL"), ["Skills: Java", "Python", "SQL"]);
    }

    #[test]
    fn headings() {
        let text = concat!(
            "# Senior Data Engineer\n",
            "## About the role ##\n",
            "We are hiring.\n",
            "WORK EXPERIENCE\n",
            "Acme Corp\n",
            "#hashtag stays",
        );
        assert_eq!(
            split(text),
            [
                "Senior Data Engineer",
                "About the role",
                "We are hiring.",
                "WORK EXPERIENCE",
                "Acme Corp",
                "#hashtag stays"
            ]
        );
        assert_eq!(split("Skills\n======\nJava"), ["Skills", "Java"]);
    }

    #[test]
    fn pdf_layouts_items_and_dropped_spaces() {
        // One item a line without stops: a long line ending in a lowercase word is not
        // wrapped into a next line that starts with a capitalised word.
        let items = concat!(
            "Analyze financial, operational, and accounting data for the development of reports for segments\n",
            "Support reporting and analytics such as KPI's, metrics, financial reports and dashboards\n",
            "Perform analysis, financial planning and provide recommendations to senior management\n",
            "Recap and analyze business results versus plan and forecast on a weekly and monthly\n",
            "basis to ensure goals are reached\n",
        );
        assert_eq!(
            split(items),
            [
                "Analyze financial, operational, and accounting data for the development of reports for segments",
                "Support reporting and analytics such as KPI's, metrics, financial reports and dashboards",
                "Perform analysis, financial planning and provide recommendations to senior management",
                "Recap and analyze business results versus plan and forecast on a weekly and monthly\nbasis to ensure goals are reached",
            ]
        );
        assert!(!items_style("One. Two.\nThree words here. And more.\nA b c.\nD e f g."));
    }

    #[test]
    fn wrapped_lines_join() {
        let text = concat!(
            "You will design and build data pipelines for our analytics\n",
            "platform, working closely with the data science team and\n",
            "Product Owners to deliver insight.\n",
            "You will report to the CTO.",
        );
        assert_eq!(
            split(text),
            [
                concat!(
                    "You will design and build data pipelines for our analytics\n",
                    "platform, working closely with the data science team and\n",
                    "Product Owners to deliver insight."
                ),
                "You will report to the CTO."
            ]
        );
        // A wrapped bullet continues; the next bullet starts anew.
        assert_eq!(
            split("• Led the migration of 40 services to\n  Kubernetes on AWS\n• Cut costs by 20%"),
            ["Led the migration of 40 services to\n  Kubernetes on AWS", "Cut costs by 20%"]
        );
        // A long line cut after a lowercase word continues even before a capital.
        assert_eq!(
            split("Experienced engineer with a strong background in building robust\nPython services for banks."),
            ["Experienced engineer with a strong background in building robust\nPython services for banks."]
        );
        // Short title-like lines do not join.
        assert_eq!(
            split("Senior Developer\nAcme Ltd, London\nJanuary 2019 – Present"),
            ["Senior Developer", "Acme Ltd, London", "January 2019 – Present"]
        );
        // Bullets never join each other, even mid-phrase.
        assert_eq!(
            split("• Skills in Java and\n• Python\n- Go,\n- Rust"),
            ["Skills in Java and", "Python", "Go,", "Rust"]
        );
        // An indented continuation of a bullet joins even before a capital.
        assert_eq!(
            split("- Built the billing service\n  Python, Kafka\nNew line"),
            ["Built the billing service\n  Python, Kafka", "New line"]
        );
        // A bare bullet, then its text, then an indented continuation.
        assert_eq!(
            split("•\nBuilt the billing service\n  Python, Kafka"),
            ["Built the billing service\n  Python, Kafka"]
        );
        // Blank line ends a paragraph even mid-phrase.
        assert_eq!(split("Working with\n\nPython"), ["Working with", "Python"]);
    }

    #[test]
    fn crlf_and_other_breaks() {
        let text = "Profile\r\nI build systems.\r\n\r\n• Java\r\n• SQL\rOld Mac line\u{2028}Next\x0cPage two";
        assert_eq!(
            split(text),
            ["Profile", "I build systems.", "Java", "SQL", "Old Mac line", "Next", "Page two"]
        );
    }

    #[test]
    fn tables_and_tabs() {
        assert_eq!(
            split("| Skill | Level |\n|---|---|\n| Python | Expert |"),
            ["Skill", "Level", "Python", "Expert"]
        );
        assert_eq!(
            split("John Smith | john@example.com | London\n2019 – 2023\tSenior Engineer, Acme\tManchester"),
            [
                "John Smith",
                "john@example.com",
                "London",
                "2019 – 2023",
                "Senior Engineer, Acme",
                "Manchester"
            ]
        );
        // "a || b" and "x|y" are not separators.
        assert_eq!(split("a || b and x|y"), ["a || b and x|y"]);
    }

    #[test]
    fn word_cap() {
        let wall = (0..200).map(|i| format!("word{i}")).collect::<Vec<_>>().join(" ");
        let out = split(&wall);
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|s| s.split_whitespace().count() <= MAX_SENTENCE_WORDS));
        assert_eq!(out.iter().map(|s| s.split_whitespace().count()).sum::<usize>(), 200);
        // With punctuation in the second half, the cut is after it.
        let mut words: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        words[60].push(',');
        let text = words.join(" ");
        let out = split(&text);
        assert!(out[0].ends_with("w60,"), "{:?}", out[0]);
        assert_eq!(out.len(), 2);
        // Exactly the limit: one sentence.
        let exact = (0..MAX_SENTENCE_WORDS).map(|_| "x").collect::<Vec<_>>().join(" ");
        assert_eq!(split(&exact).len(), 1);
    }

    #[test]
    fn realistic_advert() {
        let advert = concat!(
            "## Senior DevOps Engineer (m/f/d)\r\n",
            "\r\n",
            "Acme Ltd. is a fast-growing fintech based in London. We are looking for an\r\n",
            "experienced engineer to join our Platform team.\r\n",
            "\r\n",
            "What you'll do:\r\n",
            "\u{2022} Build and maintain CI/CD pipelines (GitLab, Jenkins)\r\n",
            "\u{2022} Automate infrastructure with Terraform, e.g. AWS VPCs, EKS etc.\r\n",
            "\u{2022} Work with developers to improve reliability, observability and\r\n",
            "  performance of our services\r\n",
            "\r\n",
            "REQUIREMENTS\r\n",
            "- 5+ years in a DevOps/SRE role\r\n",
            "- Strong Linux skills. Python or Go a plus.\r\n",
        );
        assert_eq!(
            split(advert),
            [
                "Senior DevOps Engineer (m/f/d)",
                "Acme Ltd. is a fast-growing fintech based in London.",
                "We are looking for an\r\nexperienced engineer to join our Platform team.",
                "What you'll do:",
                "Build and maintain CI/CD pipelines (GitLab, Jenkins)",
                "Automate infrastructure with Terraform, e.g. AWS VPCs, EKS etc.",
                "Work with developers to improve reliability, observability and\r\n  performance of our services",
                "REQUIREMENTS",
                "5+ years in a DevOps/SRE role",
                "Strong Linux skills.",
                "Python or Go a plus."
            ]
        );
    }

    #[test]
    fn realistic_cv() {
        let cv = concat!(
            "JANE DOE\n",
            "Senior Software Engineer\n",
            "jane.doe@example.com | +44 7700 900123 | linkedin.com/in/janedoe\n",
            "\n",
            "PROFESSIONAL EXPERIENCE\n",
            "\n",
            "Lead Developer, Widgets Inc.\tMar. 2020 – present\n",
            "\u{F0B7}\tLed a team of 6 engineers delivering a React.js and Node.js platform.\n",
            "\u{F0B7}\tIntroduced TDD; cut defects by 35%.\n",
            "\u{F0B7}\tMentored 3 junior developers, 2 of whom were\n",
            "promoted within a year.\n",
            "\n",
            "EDUCATION\n",
            "B.Sc. Computer Science, Univ. of Leeds, 2012",
        );
        assert_eq!(
            split(cv),
            [
                "JANE DOE",
                "Senior Software Engineer",
                "jane.doe@example.com",
                "+44 7700 900123",
                "linkedin.com/in/janedoe",
                "PROFESSIONAL EXPERIENCE",
                "Lead Developer, Widgets Inc.",
                "Mar. 2020 – present",
                "Led a team of 6 engineers delivering a React.js and Node.js platform.",
                "Introduced TDD; cut defects by 35%.",
                "Mentored 3 junior developers, 2 of whom were\npromoted within a year.",
                "EDUCATION",
                "B.Sc. Computer Science, Univ. of Leeds, 2012"
            ]
        );
    }

    #[test]
    fn sentence_text_is_safe() {
        let s = Sentence { start: 2, end: 50 };
        assert_eq!(s.text("short"), "");
    }

    #[test]
    fn fuzz_invariants() {
        let mut next = crate::test_support::xorshift(0x2545_F491_4F6C_DD1D);
        let pieces = [
            "Word", "word", " ", "  ", "\n", "\r\n", "\r", "\t", ".", "!", "?", "…", "\"", "”", "(", ")",
            "•", "·", "- ", "* ", "1. ", "a) ", "#", "## ", "|", " | ", "e.g.", "Dr.", "J.", "3.5", "é", "Ω",
            "😀", "\u{F0B7}", "\u{2028}", "\u{85}", "\u{200B}", "\u{FEFF}", "\u{A0}", "ABC", "and", ",", ":",
            ";", "\x0c", "\u{301}",
        ];
        for round in 0..3000 {
            let mut s = String::new();
            let n = (next() % 40) as usize;
            for _ in 0..n {
                if next().is_multiple_of(6) {
                    let bytes: Vec<u8> = (0..(next() % 5)).map(|_| next() as u8).collect();
                    s.push_str(&String::from_utf8_lossy(&bytes));
                } else {
                    s.push_str(pieces[(next() % pieces.len() as u64) as usize]);
                }
            }
            if round % 100 == 0 {
                // Occasionally a long wall of words.
                s.push_str(&"lorem ipsum, ".repeat(120));
            }
            let out = split_sentences(&s);
            check_invariants(&s, &out);
        }
    }

    /// Speed check: `cargo test --release --lib text::sentences::tests::speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn speed() {
        let para = concat!(
            "• Designed and developed microservices in C# on ASP.NET Core, e.g. billing and\n",
            "  payments. Organised CI/CD pipelines with approx. 40 jobs. Mentored Dr. Smith's team.\n",
            "REQUIREMENTS\n",
            "- 5+ years of Python | SQL\tAWS\n",
        );
        let text = para.repeat(5000 / para.len() + 1);
        let n = 20_000;
        let t0 = std::time::Instant::now();
        let mut count = 0;
        for _ in 0..n {
            count += split_sentences(&text).len();
        }
        let per = t0.elapsed() / n;
        println!(
            "split_sentences: {} bytes, {} sentences, {:?} per call",
            text.len(),
            count / n as usize,
            per
        );
    }
}
