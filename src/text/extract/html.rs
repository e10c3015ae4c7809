//! HTML to visible text with a small hand-written scanner (no DOM): one pass over the
//! decoded page, a stack of open elements to know what is hidden, and pending breaks so
//! that block elements end lines.
//!
//! * Charset: a BOM, else `<meta charset>` / `<meta http-equiv="Content-Type"
//!   content="…; charset=…">` / `<?xml … encoding>` in the first 4 KiB, else UTF-8 or
//!   Windows-1252 ([`decode_with_charset`]).
//! * Never shown: `script`, `style`, `noscript`, `template`, `svg`, `head`, form controls,
//!   media fallbacks, elements with the `hidden` attribute, `aria-hidden="true"` or an
//!   inline `display:none`.
//! * Boilerplate, dropped where it can be told apart: `nav`, page-level `header` and
//!   `footer` (not those inside `main`/`article`/`section`), and elements whose id, class or
//!   role mention cookie, consent, banner, nav, menu, breadcrumb or skip links. A `main` or
//!   `article` (or `role="main"`) inside such an element is kept, and a page that would come
//!   out empty is read again without the boilerplate rules.
//! * Blocks end lines (paragraphs, headings, lists and tables also leave a blank line);
//!   `li` lines start with "• "; `br` is a line break; white space collapses except in `pre`.
//! * Entities: the common named ones and all numeric ones.
//!
//! Malformed HTML is read as well as it goes: unclosed elements end with their parent,
//! stray end tags are ignored, an unterminated tag or comment ends the text.

use crate::text::decode::decode_with_charset;

/// How far in the charset declaration is looked for.
const CHARSET_SCAN: usize = 4096;

/// How deep an end tag looks for its open element (keeps broken pages linear).
const MAX_END_SEARCH: usize = 256;

/// Read an HTML page: its visible text, and a warning when the charset was guessed.
pub(super) fn extract(bytes: &[u8]) -> (String, Vec<String>) {
    let declared = declared_charset(&bytes[..bytes.len().min(CHARSET_SCAN)]);
    // UTF-32LE's BOM starts with UTF-16LE's.
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.starts_with(b"\x00\x00\xFE\xFF");
    let mut warnings = Vec::new();
    match &declared {
        Some(label) if !has_bom && encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none() => {
            warnings.push(format!(
                "unknown charset \"{label}\" declared; read as UTF-8 (or Windows-1252 if not UTF-8)"
            ))
        }
        None if !has_bom && std::str::from_utf8(bytes).is_err() => {
            warnings.push("no charset declared and the page is not UTF-8; read as Windows-1252".to_string())
        }
        _ => {}
    }
    let text = decode_with_charset(bytes, declared.as_deref());
    let mut scanner = Scanner::new(&text, true);
    scanner.run();
    if scanner.out.trim().is_empty() && scanner.dropped_boilerplate {
        // The boilerplate rules hid everything (a class on <body>, a wrapper called "menu"…).
        scanner = Scanner::new(&text, false);
        scanner.run();
    }
    (scanner.out, warnings)
}

/// The charset declared in the head of the page, if any (ASCII scan of raw bytes).
fn declared_charset(head: &[u8]) -> Option<String> {
    // XHTML: <?xml version="1.0" encoding="iso-8859-1"?>
    if head.starts_with(b"<?xml") {
        if let Some(end) = find(head, 0, b"?>") {
            let decl = &head[..end];
            if let Some(v) = attr_in(decl, b"encoding") {
                return Some(v);
            }
        }
    }
    let mut i = 0;
    while let Some(at) = find_ci(head, i, b"<meta") {
        let end = head[at..].iter().position(|&b| b == b'>').map_or(head.len(), |p| at + p);
        let tag = &head[at + 5..end];
        if let Some(v) = attr_in(tag, b"charset") {
            return Some(v);
        }
        let is_content_type =
            attr_in(tag, b"http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"));
        if is_content_type {
            if let Some(content) = attr_in(tag, b"content") {
                let lower = content.to_ascii_lowercase();
                if let Some(p) = lower.find("charset=") {
                    let v = content[p + 8..].trim_start_matches(['"', '\'', ' ']);
                    let v: String = v.chars().take_while(|c| !matches!(c, ';' | '"' | '\'' | ' ')).collect();
                    if !v.is_empty() {
                        return Some(v);
                    }
                }
            }
        }
        i = end;
    }
    None
}

/// The value of attribute `name` in the raw tag text `tag` (ASCII case-insensitive name).
fn attr_in(tag: &[u8], name: &[u8]) -> Option<String> {
    let mut attrs = Attrs::new(tag);
    while let Some((k, v)) = attrs.next_attr() {
        if k.eq_ignore_ascii_case(name) {
            return Some(String::from_utf8_lossy(v).trim().to_string());
        }
    }
    None
}

/// Position of `needle` in `hay` at or after `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() || needle.is_empty() {
        return None;
    }
    hay[from..].windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// [`find`], ASCII case-insensitive.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() || needle.is_empty() {
        return None;
    }
    hay[from..].windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| p + from)
}

/// An attribute scanner over the inside of a tag (`name a="1" b=2 c`).
struct Attrs<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Attrs<'a> {
    fn new(s: &'a [u8]) -> Self {
        Attrs { s, i: 0 }
    }

    /// The next attribute name and raw value (empty when there is none).
    fn next_attr(&mut self) -> Option<(&'a [u8], &'a [u8])> {
        let s = self.s;
        let skip_ws = |i: &mut usize| {
            while *i < s.len() && (s[*i].is_ascii_whitespace() || s[*i] == b'/') {
                *i += 1;
            }
        };
        skip_ws(&mut self.i);
        if self.i >= s.len() {
            return None;
        }
        let start = self.i;
        while self.i < s.len() && !s[self.i].is_ascii_whitespace() && !matches!(s[self.i], b'=' | b'/' | b'>')
        {
            self.i += 1;
        }
        if self.i == start {
            // A lone '=' or '>': step over it.
            self.i += 1;
            return self.next_attr();
        }
        let name = &s[start..self.i];
        let mut j = self.i;
        while j < s.len() && s[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= s.len() || s[j] != b'=' {
            return Some((name, b""));
        }
        j += 1;
        while j < s.len() && s[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < s.len() && (s[j] == b'"' || s[j] == b'\'') {
            let q = s[j];
            let vs = j + 1;
            let ve = s[vs..].iter().position(|&b| b == q).map_or(s.len(), |p| vs + p);
            self.i = (ve + 1).min(s.len());
            Some((name, &s[vs..ve]))
        } else {
            let vs = j;
            while j < s.len() && !s[j].is_ascii_whitespace() && s[j] != b'>' {
                j += 1;
            }
            self.i = j;
            Some((name, &s[vs..j]))
        }
    }
}

/// Element name, lowercased, truncated to 15 bytes (enough to tell HTML elements apart).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Name {
    buf: [u8; 15],
    len: u8,
}

impl Name {
    fn new(raw: &[u8]) -> Name {
        let mut buf = [0u8; 15];
        let len = raw.len().min(15);
        for (d, s) in buf.iter_mut().zip(raw) {
            *d = s.to_ascii_lowercase();
        }
        Name { buf, len: len as u8 }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }

    fn is(&self, s: &str) -> bool {
        self.as_bytes() == s.as_bytes()
    }
}

/// How an element breaks the text flow.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Space,
    Line,
    Blank,
}

/// What an element is, for layout.
fn layout(name: &[u8]) -> Break {
    match name {
        b"p" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"ul" | b"ol" | b"dl" | b"table"
        | b"blockquote" | b"pre" | b"hr" | b"section" | b"article" | b"figure" | b"address" | b"details"
        | b"main" | b"header" | b"footer" | b"aside" | b"form" | b"fieldset" | b"hgroup" => Break::Blank,
        b"div" | b"li" | b"tr" | b"td" | b"th" | b"dt" | b"dd" | b"caption" | b"thead" | b"tbody"
        | b"tfoot" | b"center" | b"dir" | b"menu" | b"nav" | b"figcaption" | b"legend" | b"summary"
        | b"dialog" | b"body" | b"html" | b"option" | b"frameset" | b"frame" => Break::Line,
        _ => Break::None,
    }
}

/// Elements whose content is never shown (parsed normally, text dropped).
fn is_hidden_element(name: &[u8]) -> bool {
    matches!(
        name,
        b"head"
            | b"template"
            | b"svg"
            | b"math"
            | b"select"
            | b"button"
            | b"object"
            | b"embed"
            | b"canvas"
            | b"audio"
            | b"video"
            | b"map"
            | b"datalist"
            | b"applet"
    )
}

/// Elements whose content is raw text up to their end tag, skipped unseen.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"noscript"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
    )
}

/// Elements that have no content and are never pushed.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"basefont"
            | b"frame"
            | b"isindex"
    )
}

/// Elements allowed in `<head>`; any other start tag ends an unclosed head.
fn is_head_content(name: &[u8]) -> bool {
    matches!(name, b"title" | b"meta" | b"link" | b"style" | b"script" | b"base" | b"noscript" | b"template")
}

/// True when an id, class or role value names navigation or page furniture.
fn is_boilerplate_label(value: &[u8]) -> bool {
    if value.is_empty() {
        return false;
    }
    let v = value.to_ascii_lowercase();
    const ANYWHERE: &[&[u8]] = &[
        b"cookie",
        b"consent",
        b"banner",
        b"breadcrumb",
        b"menu",
        b"navbar",
        b"navigation",
        b"skiplink",
        b"skip-link",
        b"skip-to",
        b"skipnav",
        b"gdpr",
    ];
    if ANYWHERE.iter().any(|w| v.windows(w.len()).any(|x| x == *w)) {
        return true;
    }
    // "nav" and "skip" only as words or word ends ("topnav", "sidenav", "nav-main"),
    // not inside other words ("unavailable", "canvas", "navy").
    v.split(|b: &u8| !b.is_ascii_alphanumeric()).any(|t| {
        t == b"skip"
            || t == b"contentinfo"
            || t.ends_with(b"nav")
            || t.starts_with(b"navlist")
            || t.starts_with(b"navmenu")
    })
}

/// An open element.
#[derive(Clone, Copy)]
struct Open {
    name: Name,
    /// Adds to [`Scanner::hard_hidden`] while open.
    hard: bool,
    /// Adds to [`Scanner::soft_hidden`] while open.
    soft: bool,
    /// Was a `main`/`article`: saved [`Scanner::soft_hidden`] to restore.
    saved_soft: Option<u32>,
    /// `main`/`article`/`section`: headers and footers inside are content.
    content: bool,
    pre: bool,
}

/// The scanner's state.
struct Scanner<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    out: String,
    stack: Vec<Open>,
    /// Open `head` elements on the stack: most pages have none open past the head, and
    /// knowing it saves a search of the whole stack on every start tag (quadratic on
    /// deeply nested pages).
    open_heads: u32,
    /// Open elements whose content is never shown.
    hard_hidden: u32,
    /// Open boilerplate elements.
    soft_hidden: u32,
    /// Open content sections.
    content_depth: u32,
    pre_depth: u32,
    /// Apply the boilerplate rules.
    boilerplate: bool,
    /// Some text was dropped as boilerplate.
    dropped_boilerplate: bool,
    pending: Break,
    bullet: bool,
}

impl<'a> Scanner<'a> {
    fn new(s: &'a str, boilerplate: bool) -> Self {
        Scanner {
            s,
            b: s.as_bytes(),
            i: 0,
            out: String::with_capacity(s.len() / 3),
            stack: Vec::with_capacity(64),
            open_heads: 0,
            hard_hidden: 0,
            soft_hidden: 0,
            content_depth: 0,
            pre_depth: 0,
            boilerplate,
            dropped_boilerplate: false,
            pending: Break::None,
            bullet: false,
        }
    }

    fn hidden(&self) -> bool {
        self.hard_hidden > 0 || self.soft_hidden > 0
    }

    fn run(&mut self) {
        let n = self.b.len();
        while self.i < n {
            let start = self.i;
            let mut j = start;
            while j < n && self.b[j] != b'<' && self.b[j] != b'&' {
                j += 1;
            }
            if j > start {
                self.text(&self.s[start..j]);
            }
            self.i = j;
            if j >= n {
                break;
            }
            if self.b[j] == b'&' {
                self.entity();
            } else {
                self.markup();
            }
        }
    }

    /// Request a break before the next visible text.
    fn want(&mut self, brk: Break) {
        if brk > self.pending {
            self.pending = brk;
        }
    }

    /// Emit `text` (already entity-decoded), collapsing white space outside `pre`.
    fn text(&mut self, text: &str) {
        if self.hidden() {
            if self.soft_hidden > 0 && self.hard_hidden == 0 && !text.trim().is_empty() {
                self.dropped_boilerplate = true;
            }
            return;
        }
        if self.pre_depth > 0 {
            for c in text.chars() {
                if c == '\n' {
                    self.flush_pending();
                    self.out.push('\n');
                } else if c != '\r' {
                    self.put(c);
                }
            }
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{A0}' {
                self.want(Break::Space);
            } else if c == '\u{A0}'
                && (self.pending >= Break::Line || self.out.is_empty() || self.out.ends_with('\n'))
            {
                // A no-break space opening a line is indentation.
                self.want(Break::Space);
            } else {
                self.put(c);
            }
        }
    }

    /// Write the pending break (at the start of the text, only a bullet survives).
    fn flush_pending(&mut self) {
        let at_line_start = self.out.is_empty() || self.out.ends_with('\n');
        match self.pending {
            Break::None => {}
            Break::Space => {
                if !at_line_start {
                    self.out.push(' ');
                }
            }
            Break::Line => {
                if !self.out.is_empty() && !at_line_start {
                    self.out.push('\n');
                }
            }
            Break::Blank => {
                if !self.out.is_empty() {
                    if !at_line_start {
                        self.out.push('\n');
                    }
                    if !self.out.ends_with("\n\n") {
                        self.out.push('\n');
                    }
                }
            }
        }
        self.pending = Break::None;
        if self.bullet {
            self.bullet = false;
            self.out.push_str("• ");
        }
    }

    /// Write one visible character.
    fn put(&mut self, c: char) {
        if self.pending != Break::None || self.bullet {
            self.flush_pending();
        }
        self.out.push(c);
    }

    /// At `&`: decode an entity, or show the `&` as is.
    fn entity(&mut self) {
        let b = self.b;
        let start = self.i + 1;
        let mut j = start;
        if j < b.len() && b[j] == b'#' {
            j += 1;
            let hex = j < b.len() && (b[j] == b'x' || b[j] == b'X');
            if hex {
                j += 1;
            }
            let ds = j;
            while j < b.len()
                && j - ds < 8
                && (if hex { b[j].is_ascii_hexdigit() } else { b[j].is_ascii_digit() })
            {
                j += 1;
            }
            if j > ds {
                let digits = &self.s[ds..j];
                let code = u32::from_str_radix(digits, if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
                if j < b.len() && b[j] == b';' {
                    j += 1;
                }
                self.i = j;
                let mut buf = [0u8; 4];
                let c: &str = numeric_char(code).encode_utf8(&mut buf);
                self.text(c);
                return;
            }
        } else {
            while j < b.len() && j - start < 32 && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            if j > start {
                let name = &self.s[start..j];
                let semicolon = j < b.len() && b[j] == b';';
                if let Some(value) = named_entity(name) {
                    if semicolon || LEGACY_NO_SEMICOLON.contains(&name) {
                        self.i = if semicolon { j + 1 } else { j };
                        self.text(value);
                        return;
                    }
                }
            }
        }
        self.i += 1;
        self.text("&");
    }

    /// At `<`: a tag, comment, doctype, CDATA section, or a literal `<`.
    fn markup(&mut self) {
        let b = self.b;
        let n = b.len();
        let i = self.i;
        let next = b.get(i + 1).copied().unwrap_or(0);
        if b[i..].starts_with(b"<!--") {
            self.i = find(b, i + 4, b"-->").map_or(n, |p| p + 3);
        } else if b[i..].starts_with(b"<![CDATA[") {
            let end = find(b, i + 9, b"]]>").unwrap_or(n);
            let text = &self.s[i + 9..end];
            self.text(text);
            self.i = (end + 3).min(n);
        } else if next == b'!' || next == b'?' {
            self.i = find(b, i + 2, b">").map_or(n, |p| p + 1);
        } else if next == b'/' && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
            let ns = i + 2;
            let mut j = ns;
            while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
                j += 1;
            }
            let name = Name::new(&b[ns..j]);
            self.i = find(b, j, b">").map_or(n, |p| p + 1);
            self.end_tag(name);
        } else if next.is_ascii_alphabetic() {
            let ns = i + 1;
            let mut j = ns;
            while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
                j += 1;
            }
            let raw_name = &b[ns..j];
            // The tag ends at the first '>' outside quotes.
            let mut k = j;
            let mut quote = 0u8;
            while k < n {
                let c = b[k];
                if quote != 0 {
                    if c == quote {
                        quote = 0;
                    }
                } else if c == b'"' || c == b'\'' {
                    // Quotes only open at the start of a value.
                    if (k > 0 && b[k - 1] == b'=')
                        || (k > 1 && b[k - 1].is_ascii_whitespace() && b[k - 2] == b'=')
                    {
                        quote = c;
                    }
                } else if c == b'>' {
                    break;
                }
                k += 1;
            }
            if k >= n {
                // Unterminated tag: the rest is not text.
                self.i = n;
                return;
            }
            let attrs = &b[j..k];
            let self_closing = k > j && b[k - 1] == b'/';
            self.i = k + 1;
            self.start_tag(Name::new(raw_name), attrs, self_closing);
        } else {
            self.i += 1;
            self.text("<");
        }
    }

    fn start_tag(&mut self, name: Name, attrs: &[u8], self_closing: bool) {
        let nb = name.as_bytes();
        // An unclosed <head> ends at the first element that cannot be in it.
        if self.open_heads > 0 && !is_head_content(nb) {
            if let Some(pos) = self.stack.iter().rposition(|o| o.name.is("head")) {
                self.pop_to(pos);
            }
        }
        if is_raw_text(nb) {
            if !self_closing {
                self.skip_raw_text(nb);
            }
            return;
        }
        if nb == b"br" {
            if !self.hidden() {
                if self.pending >= Break::Line {
                    self.pending = Break::Blank;
                } else {
                    self.pending = Break::Line;
                }
            }
            return;
        }
        self.close_implied(nb);
        let brk = layout(nb);
        if brk != Break::None {
            self.want(brk);
        }
        if is_void(nb) {
            return;
        }
        if self_closing {
            // XHTML-style <div/>: empty; do not let it swallow the page.
            if brk != Break::None {
                self.want(brk);
            }
            return;
        }
        // Attributes that hide or mark the element.
        let (mut hard, mut soft) = (is_hidden_element(nb), false);
        let mut is_main = nb == b"main" || nb == b"article";
        let mut a = Attrs::new(attrs);
        while let Some((k, v)) = a.next_attr() {
            let k = k.to_ascii_lowercase();
            match k.as_slice() {
                b"hidden" => hard = true,
                b"aria-hidden" if v.eq_ignore_ascii_case(b"true") => hard = true,
                b"style" => {
                    let v: Vec<u8> =
                        v.iter().filter(|c| !c.is_ascii_whitespace()).map(u8::to_ascii_lowercase).collect();
                    if find(&v, 0, b"display:none").is_some() || find(&v, 0, b"visibility:hidden").is_some() {
                        soft = true;
                    }
                }
                b"role" if v.eq_ignore_ascii_case(b"main") => is_main = true,
                b"id" | b"class" | b"role" if self.boilerplate && is_boilerplate_label(v) => soft = true,
                _ => {}
            }
        }
        if self.boilerplate {
            if nb == b"nav" {
                soft = true;
            }
            if (nb == b"header" || nb == b"footer") && self.content_depth == 0 {
                soft = true;
            }
        }
        if is_main {
            soft = false;
        }
        let content = is_main || nb == b"section";
        let pre = nb == b"pre";
        let saved_soft = if is_main { Some(self.soft_hidden) } else { None };
        if is_main {
            self.soft_hidden = 0;
        }
        self.hard_hidden += u32::from(hard);
        self.soft_hidden += u32::from(soft);
        self.content_depth += u32::from(content);
        self.pre_depth += u32::from(pre);
        if nb == b"li" && !self.hidden() {
            self.want(Break::Line);
            self.bullet = true;
        }
        self.open_heads += u32::from(name.is("head"));
        self.stack.push(Open { name, hard, soft, saved_soft, content, pre });
    }

    /// HTML's implied end tags that matter for text: a new `li`, `dt`/`dd`, `tr`, `td`/`th`,
    /// `option` or `p` closes the previous open one of its kind.
    fn close_implied(&mut self, nb: &[u8]) {
        let (same, scope): (&[&[u8]], &[&[u8]]) = match nb {
            b"li" => (&[b"li"], &[b"ul", b"ol", b"menu", b"dir"]),
            b"dt" | b"dd" => (&[b"dt", b"dd"], &[b"dl"]),
            b"tr" => (&[b"tr", b"td", b"th"], &[b"table", b"thead", b"tbody", b"tfoot"]),
            b"td" | b"th" => (&[b"td", b"th"], &[b"tr", b"table"]),
            b"option" => (&[b"option"], &[b"select", b"datalist", b"optgroup"]),
            b"p" => {
                if self.stack.last().is_some_and(|o| o.name.is("p")) {
                    let last = self.stack.len() - 1;
                    self.pop_to(last);
                }
                return;
            }
            _ => return,
        };
        for pos in (0..self.stack.len()).rev().take(MAX_END_SEARCH) {
            let open = self.stack[pos].name;
            if scope.contains(&open.as_bytes()) {
                return;
            }
            if same.contains(&open.as_bytes()) {
                self.pop_to(pos);
                return;
            }
        }
    }

    fn end_tag(&mut self, name: Name) {
        let nb = name.as_bytes();
        if nb == b"br" {
            self.start_tag(name, b"", false);
            return;
        }
        let found = (0..self.stack.len()).rev().take(MAX_END_SEARCH).find(|&p| self.stack[p].name == name);
        match found {
            Some(pos) => self.pop_to(pos),
            None => {
                // A stray </p> or </div> still breaks the line.
                let brk = layout(nb);
                if brk != Break::None {
                    self.want(brk);
                }
            }
        }
    }

    /// Close the element at `pos` and everything opened inside it.
    fn pop_to(&mut self, pos: usize) {
        while self.stack.len() > pos {
            let Some(open) = self.stack.pop() else { break };
            self.open_heads -= u32::from(open.name.is("head"));
            self.hard_hidden -= u32::from(open.hard);
            self.soft_hidden -= u32::from(open.soft);
            self.content_depth -= u32::from(open.content);
            self.pre_depth -= u32::from(open.pre);
            if let Some(saved) = open.saved_soft {
                self.soft_hidden = saved;
            }
            let brk = layout(open.name.as_bytes());
            if brk != Break::None {
                self.want(brk);
            }
            if open.name.is("li") {
                self.bullet = false;
            }
        }
    }

    /// After the start tag of a raw-text element: jump past its end tag.
    fn skip_raw_text(&mut self, name: &[u8]) {
        let b = self.b;
        let mut j = self.i;
        loop {
            match find(b, j, b"</") {
                Some(p) => {
                    let ns = p + 2;
                    let ne = ns + name.len();
                    if ne <= b.len()
                        && b[ns..ne].eq_ignore_ascii_case(name)
                        && b.get(ne).is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
                    {
                        self.i = find(b, ne, b">").map_or(b.len(), |q| q + 1);
                        return;
                    }
                    j = p + 2;
                }
                None => {
                    self.i = b.len();
                    return;
                }
            }
        }
    }
}

/// The character a numeric reference stands for, as browsers read it: C1 controls are
/// Windows-1252, invalid code points U+FFFD.
fn numeric_char(code: u32) -> char {
    if (0x80..=0x9F).contains(&code) {
        let byte = [code as u8];
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        return s.chars().next().unwrap_or('\u{FFFD}');
    }
    if code == 0 {
        return '\u{FFFD}';
    }
    char::from_u32(code).unwrap_or('\u{FFFD}')
}

/// Named entities browsers accept without the final `;` (the Latin-1 legacy set, in part).
const LEGACY_NO_SEMICOLON: &[&str] =
    &["amp", "lt", "gt", "quot", "nbsp", "copy", "reg", "AMP", "LT", "GT", "QUOT"];

/// The common named entities: HTML 4's full set plus a few HTML5 ones seen in job pages.
// A lookup table written as one match.
#[allow(clippy::too_many_lines)]
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{A0}",
        "iexcl" => "¡",
        "cent" => "¢",
        "pound" => "£",
        "curren" => "¤",
        "yen" => "¥",
        "brvbar" => "¦",
        "sect" => "§",
        "uml" => "¨",
        "copy" | "COPY" => "©",
        "ordf" => "ª",
        "laquo" => "«",
        "not" => "¬",
        "shy" => "\u{AD}",
        "reg" | "REG" => "®",
        "macr" => "¯",
        "deg" => "°",
        "plusmn" => "±",
        "sup2" => "²",
        "sup3" => "³",
        "acute" => "´",
        "micro" => "µ",
        "para" => "¶",
        "middot" => "·",
        "cedil" => "¸",
        "sup1" => "¹",
        "ordm" => "º",
        "raquo" => "»",
        "frac14" => "¼",
        "frac12" => "½",
        "frac34" => "¾",
        "iquest" => "¿",
        "Agrave" => "À",
        "Aacute" => "Á",
        "Acirc" => "Â",
        "Atilde" => "Ã",
        "Auml" => "Ä",
        "Aring" => "Å",
        "AElig" => "Æ",
        "Ccedil" => "Ç",
        "Egrave" => "È",
        "Eacute" => "É",
        "Ecirc" => "Ê",
        "Euml" => "Ë",
        "Igrave" => "Ì",
        "Iacute" => "Í",
        "Icirc" => "Î",
        "Iuml" => "Ï",
        "ETH" => "Ð",
        "Ntilde" => "Ñ",
        "Ograve" => "Ò",
        "Oacute" => "Ó",
        "Ocirc" => "Ô",
        "Otilde" => "Õ",
        "Ouml" => "Ö",
        "times" => "×",
        "Oslash" => "Ø",
        "Ugrave" => "Ù",
        "Uacute" => "Ú",
        "Ucirc" => "Û",
        "Uuml" => "Ü",
        "Yacute" => "Ý",
        "THORN" => "Þ",
        "szlig" => "ß",
        "agrave" => "à",
        "aacute" => "á",
        "acirc" => "â",
        "atilde" => "ã",
        "auml" => "ä",
        "aring" => "å",
        "aelig" => "æ",
        "ccedil" => "ç",
        "egrave" => "è",
        "eacute" => "é",
        "ecirc" => "ê",
        "euml" => "ë",
        "igrave" => "ì",
        "iacute" => "í",
        "icirc" => "î",
        "iuml" => "ï",
        "eth" => "ð",
        "ntilde" => "ñ",
        "ograve" => "ò",
        "oacute" => "ó",
        "ocirc" => "ô",
        "otilde" => "õ",
        "ouml" => "ö",
        "divide" => "÷",
        "oslash" => "ø",
        "ugrave" => "ù",
        "uacute" => "ú",
        "ucirc" => "û",
        "uuml" => "ü",
        "yacute" => "ý",
        "thorn" => "þ",
        "yuml" => "ÿ",
        "OElig" => "Œ",
        "oelig" => "œ",
        "Scaron" => "Š",
        "scaron" => "š",
        "Yuml" => "Ÿ",
        "fnof" => "ƒ",
        "circ" => "ˆ",
        "tilde" => "˜",
        "ensp" | "emsp" | "thinsp" | "hairsp" | "numsp" | "puncsp" | "MediumSpace" => " ",
        "zwnj" | "zwj" | "lrm" | "rlm" | "ZeroWidthSpace" | "NoBreak" => "",
        "ndash" => "–",
        "mdash" => "—",
        "horbar" => "―",
        "dash" | "hyphen" => "‐",
        "lsquo" => "‘",
        "rsquo" | "rsquor" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" | "rdquor" => "”",
        "bdquo" => "„",
        "dagger" => "†",
        "Dagger" => "‡",
        "bull" | "bullet" => "•",
        "hellip" | "mldr" => "…",
        "permil" => "‰",
        "prime" => "′",
        "Prime" => "″",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "oline" => "‾",
        "frasl" => "⁄",
        "euro" => "€",
        "trade" | "TRADE" => "™",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "harr" => "↔",
        "rArr" | "Rightarrow" => "⇒",
        "minus" => "−",
        "lowast" => "∗",
        "le" => "≤",
        "ge" => "≥",
        "ne" => "≠",
        "asymp" => "≈",
        "infin" => "∞",
        "check" | "checkmark" => "✓",
        "cross" => "✗",
        "star" => "☆",
        "starf" | "bigstar" => "★",
        "squ" | "square" => "□",
        "squf" | "blacksquare" => "▪",
        "loz" => "◊",
        "spades" => "♠",
        "clubs" => "♣",
        "hearts" => "♥",
        "diams" => "♦",
        "sol" => "/",
        "bsol" => "\\",
        "num" => "#",
        "dollar" => "$",
        "percnt" => "%",
        "ast" => "*",
        "plus" => "+",
        "comma" => ",",
        "period" => ".",
        "colon" => ":",
        "semi" => ";",
        "equals" => "=",
        "quest" => "?",
        "excl" => "!",
        "commat" => "@",
        "lpar" => "(",
        "rpar" => ")",
        "lsqb" | "lbrack" => "[",
        "rsqb" | "rbrack" => "]",
        "lcub" | "lbrace" => "{",
        "rcub" | "rbrace" => "}",
        "verbar" | "vert" => "|",
        "lowbar" => "_",
        "grave" => "`",
        "Hat" => "^",
        "tab" | "Tab" => "\t",
        "newline" | "NewLine" => "\n",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "mu" => "μ",
        "pi" => "π",
        "sigma" => "σ",
        "Omega" => "Ω",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        crate::text::extract::normalize(&extract(html.as_bytes()).0)
    }

    #[test]
    fn blocks_lists_and_entities() {
        let page = "<html><head><title>Job</title><style>p{color:red}</style></head><body>\
            <h1>Data&nbsp;Engineer</h1><p>We&rsquo;re hiring &ndash; now&hellip; &amp; more &lt;tags&gt; \
            &quot;quoted&quot; &#39;single&#39; &#8220;curly&#x201D; &copy 2024 &unknown; &#x1F600;</p>\
            <ul><li>Python<li>SQL &mdash; advanced</li></ul><p>Line one<br>Line two<br/><br>After gap</p>\
            <table><tr><td>Salary</td><td>£40k</td></tr></table><dl><dt>Grade<dd>SEO</dl></body></html>";
        assert_eq!(
            text(page),
            "Data Engineer\n\nWe’re hiring – now… & more <tags> \"quoted\" 'single' “curly” © 2024 &unknown; 😀\n\n\
             • Python\n• SQL — advanced\n\nLine one\nLine two\n\nAfter gap\n\nSalary\n£40k\n\nGrade\nSEO\n"
        );
    }

    #[test]
    fn hidden_content_and_boilerplate_dropped() {
        let page = r##"<!DOCTYPE html><html><head><script>var a = "</p>";</script>
            <meta charset="utf-8"></head><body>
            <div id="cookie-banner"><p>We use cookies to improve GOV.UK.</p><button>Accept</button></div>
            <a class="govuk-skip-link" href="#main">Skip to main content</a>
            <header role="banner"><a href="/">Home</a></header>
            <nav><ul><li>Jobs</li><li>Sign in</li></ul></nav>
            <div class="breadcrumbs">Home &gt; Jobs</div>
            <main id="main"><article><header><h1>Senior Analyst</h1></header>
            <p>Lead <b>data</b> analysis.<script>document.write("x")</script></p>
            <noscript><p>Enable JavaScript</p></noscript><template><p>tmpl</p></template>
            <svg><text>logo</text></svg><p hidden>secret</p><p style="display: none">gone</p>
            <span aria-hidden="true">icon</span><p class="unavailable">Closing date: 1 May</p>
            </article></main>
            <footer><p>© Crown copyright</p></footer>
            <div class="consent"><p>Accept analytics?</p></div></body></html>"##;
        assert_eq!(text(page), "Senior Analyst\n\nLead data analysis.\n\nClosing date: 1 May\n");
    }

    #[test]
    fn main_inside_boilerplate_wrapper_is_kept_and_empty_result_falls_back() {
        let page = r#"<body><div class="menu-open"><nav>Menu</nav><main><p>Real advert text.</p></main></div></body>"#;
        assert_eq!(text(page), "Real advert text.\n");
        let page =
            r#"<body class="x"><div id="page" class="has-cookie-banner"><p>All the text.</p></div></body>"#;
        assert_eq!(text(page), "All the text.\n");
    }

    #[test]
    fn declared_charsets() {
        // ISO-8859-1 declared (read as Windows-1252, as browsers do): 0x92 is ’, 0xA3 £.
        let mut page =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html;charset=ISO-8859-1\">\
            </head><body><p>You\x92ll earn \xA345,000 in Z\xFCrich</p></body></html>"
                .to_vec();
        let (t, w) = extract(&page);
        assert_eq!(t.trim(), "You’ll earn £45,000 in Zürich");
        assert!(w.is_empty());
        // <meta charset> and a BOM that overrides it.
        page = b"<meta charset='windows-1251'><p>\xCF\xF0\xE8\xE2\xE5\xF2</p>".to_vec();
        assert_eq!(extract(&page).0.trim(), "Привет");
        page = b"\xEF\xBB\xBF<meta charset='windows-1251'><p>caf\xC3\xA9</p>".to_vec();
        assert_eq!(extract(&page).0.trim(), "café");
        // XML declaration.
        page =
            b"<?xml version=\"1.0\" encoding=\"iso-8859-15\"?><html><body><p>\xA4</p></body></html>".to_vec();
        assert_eq!(extract(&page).0.trim(), "€");
        // Undeclared and not UTF-8: Windows-1252, with a warning.
        let (t, w) = extract(b"<p>na\xEFve</p>");
        assert_eq!(t.trim(), "naïve");
        assert_eq!(w.len(), 1);
        assert_eq!(declared_charset(b"<META CHARSET=UTF-8>"), Some("UTF-8".into()));
    }

    #[test]
    fn pre_and_whitespace() {
        assert_eq!(text("<p>  a \n\n b\t c </p><pre>x  y\n  z</pre>"), "a b c\n\nx  y\n  z\n");
        assert_eq!(text("a<span>b</span> <i>c</i>"), "ab c\n");
    }

    #[test]
    fn malformed_never_panics() {
        for page in [
            "<",
            "<p",
            "<!--",
            "<![CDATA[x",
            "&",
            "&#",
            "&#x;",
            "&#99999999999;",
            "</",
            "</p",
            "<p class='x>y",
            "<div><span></div></span>text",
            "<ul><li>a<li>b</ol>c",
            "<a href=\"x\">t</a",
            "<script>",
            "<style>a",
            "<head><p>body text</p>",
            "<<>>",
            "<p>é</p>ü<",
            "&#0;&#xD800;&#128;",
            "<br/><br></br>",
            "<table><td>a<td>b<tr><td>c</table>",
            "<title>t</title>x",
            "<svg",
            "<svg/>after",
        ] {
            let _ = extract(page.as_bytes());
        }
        assert_eq!(text("<head><p>body text</p>"), "body text\n");
        assert_eq!(text("<svg/>after"), "after\n");
        assert_eq!(text("&#128;&#0;&#xD800;"), "€\u{FFFD}\u{FFFD}\n");
        assert_eq!(text("<div><span></div></span>text"), "text\n");
        let mut next = crate::test_support::xorshift(7);
        let alphabet = b"<>/!-&#;ap'\"= \nxbr\xC3\xA9";
        for _ in 0..2000 {
            let len = (next() % 40) as usize;
            let bytes: Vec<u8> =
                (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let _ = extract(&bytes);
        }
    }

    #[test]
    fn boilerplate_labels() {
        for yes in [
            "cookie-banner",
            "govuk-skip-link",
            "topnav",
            "nav-main",
            "site-menu",
            "Breadcrumbs",
            "navigation",
        ] {
            assert!(is_boilerplate_label(yes.as_bytes()), "{yes}");
        }
        for no in ["unavailable", "canvas", "content", "job-details", "vac_display_field_value", "navy-theme"]
        {
            assert!(!is_boilerplate_label(no.as_bytes()), "{no}");
        }
    }
}
