//! PDF text layer, in pure Rust: lopdf reads the file (cross references, object streams,
//! filters, decryption with an empty password); a small content-stream interpreter of our
//! own follows the text operators and places the text.
//!
//! Why our own interpreter: generators such as wkhtmltopdf position every glyph with its own
//! operator, and generic content parsers that build an object per operand spend most of their
//! time allocating; this one tokenizes in place and keeps only the text state. Fonts are read
//! once per document (`ToUnicode` CMaps first, then the simple-font encoding with
//! `Differences` glyph names; glyph widths for positions).
//!
//! Layout: strings are written in content order; a baseline change of more than 0.6 of the
//! font size starts a new line (a blank line when the gap is over 1.8 font sizes), a gap
//! along the baseline of more than 0.12 of the font size is a space, the same text drawn
//! again at (almost) the same place (fake bold) is written once, and pages are separated by
//! a blank line. Form XObjects are followed (with a depth limit), inline images skipped,
//! annotations ignored.
//!
//! Errors: a damaged file whose objects lopdf can still find is read, with a warning; a file
//! lopdf cannot load, or a parser panic (caught with `catch_unwind`; the
//! default panic hook may still print its message to stderr), is `Corrupt`; a
//! password-protected file is `Unsupported`; a PDF without any text is `NoText`.

mod cmap;
mod font;
mod glyphs;
mod lexer;

use super::{Failure, Raw};
use font::Font;
use lexer::{Lexer, Tok};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};

/// The reason given for PDFs without text.
pub(super) const NO_TEXT_LAYER: &str = "the PDF has no text layer (scanned?)";

/// Decompressed bytes allowed per page content or form (a decompression bomb stops here).
const MAX_CONTENT_BYTES: usize = 256 * 1024 * 1024;
/// Form XObjects nested deeper than this are not followed.
const MAX_FORM_DEPTH: usize = 12;
/// Operands kept before an operator (content streams never need more).
const MAX_OPERANDS: usize = 4096;

/// Read a PDF's text.
pub(super) fn extract(bytes: &[u8]) -> Raw {
    match panic::catch_unwind(AssertUnwindSafe(|| extract_text(bytes))) {
        Ok(result) => result,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown error".into());
            Err(Failure::Corrupt(format!("the PDF parser failed: {what}")))
        }
    }
}

fn extract_text(bytes: &[u8]) -> Raw {
    let doc = Document::load_mem(bytes).map_err(|e| Failure::Corrupt(e.to_string()))?;
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(Failure::Unsupported(
            "the PDF is password-protected: save a copy without the password (or print it to PDF)".into(),
        ));
    }
    let mut interp = Interpreter::new(&doc);
    for page_id in doc.page_iter() {
        interp.page(page_id);
    }
    let text = interp.sink.out;
    if !text.chars().any(|c| !c.is_whitespace()) {
        return Err(Failure::NoText(NO_TEXT_LAYER));
    }
    let mut warnings = Vec::new();
    if doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed) {
        warnings
            .push("the PDF is damaged (its object table had to be rebuilt): text may be missing".to_string());
    }
    Ok((text, warnings))
}

/// Vector length (`hypot` guards against overflow we cannot have here, and is slow).
fn norm(x: f32, y: f32) -> f32 {
    (x * x + y * y).sqrt()
}

/// A 2D affine matrix `[a b c d e f]` (PDF's row-vector convention).
type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n`: apply `m`, then `n`.
fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// The graphics state text extraction needs.
#[derive(Clone)]
struct GState {
    ctm: Matrix,
    /// Index into [`Interpreter::fonts`].
    font: Option<usize>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// Horizontal scaling, as a factor.
    scale: f32,
    leading: f32,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
        }
    }
}

/// A resource dictionary chain: the nearest first.
type Resources<'d> = Vec<&'d Dictionary>;

/// Fonts are cached by object id, or by dictionary address for inline font dictionaries.
#[derive(Hash, PartialEq, Eq, Clone, Copy)]
enum FontKey {
    Id(ObjectId),
    Inline(usize),
}

/// An operand.
#[derive(Clone, Copy)]
enum Operand {
    Num(f32),
    /// Bytes of the string buffer.
    Str(usize, usize),
    /// Bytes of the content.
    Name(usize, usize),
    ArrOpen,
    ArrClose,
    Other,
}

struct Interpreter<'d> {
    doc: &'d Document,
    fonts: Vec<Font>,
    font_index: HashMap<FontKey, usize>,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    /// Forms being run (against cycles).
    forms: Vec<ObjectId>,
    sink: Sink,
    text: String,
}

impl<'d> Interpreter<'d> {
    fn new(doc: &'d Document) -> Self {
        Interpreter {
            doc,
            fonts: Vec::new(),
            font_index: HashMap::new(),
            gs: GState::default(),
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            forms: Vec::new(),
            sink: Sink::default(),
            text: String::new(),
        }
    }

    fn deref(&self, obj: &'d Object) -> &'d Object {
        self.doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj)
    }

    /// Run one page.
    fn page(&mut self, page_id: ObjectId) {
        let doc = self.doc;
        let Ok(content) = doc.get_page_content_with_limit(page_id, MAX_CONTENT_BYTES) else { return };
        let mut resources: Resources<'d> = Vec::new();
        if let Ok((inline, ids)) = doc.get_page_resources(page_id) {
            resources.extend(inline);
            resources.extend(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()));
        }
        self.gs = GState::default();
        self.stack.clear();
        self.run(&content, &resources, 0);
        self.sink.page_break();
    }

    /// Look up `name` in the `category` (Font, XObject) of the resources.
    fn resource(
        &self,
        resources: &Resources<'d>,
        category: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'d Object)> {
        let decoded;
        let name = if name.contains(&b'#') {
            decoded = decode_name(name);
            &decoded[..]
        } else {
            name
        };
        for res in resources {
            let Ok(cat) = res.get(category) else { continue };
            let Ok(cat) = self.deref(cat).as_dict() else { continue };
            if let Ok(obj) = cat.get(name) {
                return match obj {
                    Object::Reference(id) => self.doc.get_object(*id).ok().map(|o| (Some(*id), o)),
                    other => Some((None, other)),
                };
            }
        }
        None
    }

    /// The font `name` of the resources, loaded once.
    fn font(&mut self, resources: &Resources<'d>, name: &[u8]) -> Option<usize> {
        let (id, obj) = self.resource(resources, b"Font", name)?;
        let dict = obj.as_dict().ok()?;
        let key = match id {
            Some(id) => FontKey::Id(id),
            None => FontKey::Inline(dict as *const Dictionary as usize),
        };
        if let Some(&i) = self.font_index.get(&key) {
            return Some(i);
        }
        self.fonts.push(Font::load(self.doc, dict));
        let i = self.fonts.len() - 1;
        self.font_index.insert(key, i);
        Some(i)
    }

    /// Run a content stream.
    // The content-stream interpreter: one arm per PDF operator, in one loop.
    #[allow(clippy::too_many_lines)]
    fn run(&mut self, content: &[u8], resources: &Resources<'d>, depth: usize) {
        let mut lx = Lexer::new(content);
        let mut buf: Vec<u8> = Vec::new();
        let mut ops: Vec<Operand> = Vec::with_capacity(16);
        loop {
            let tok = lx.next(&mut buf);
            let (s, e) = match tok {
                Tok::Eof => break,
                Tok::Op(s, e) => (s, e),
                other => {
                    if ops.len() >= MAX_OPERANDS {
                        ops.clear();
                        buf.clear();
                    }
                    ops.push(match other {
                        Tok::Num(v) => Operand::Num(v),
                        Tok::Str(s, e) => Operand::Str(s, e),
                        Tok::Name(s, e) => Operand::Name(s, e),
                        Tok::ArrOpen => Operand::ArrOpen,
                        Tok::ArrClose => Operand::ArrClose,
                        _ => Operand::Other,
                    });
                    continue;
                }
            };
            let op = lx.slice(s, e);
            // Most operators draw paths or set colours: nothing to do.
            if !matches!(
                op.first(),
                Some(b'B' | b'E' | b'q' | b'Q' | b'c' | b'T' | b'\'' | b'"' | b'D' | b'I')
            ) {
                ops.clear();
                buf.clear();
                continue;
            }
            let n = |k: usize| -> f32 {
                // The k-th of the last operands (0 = first of them).
                match ops.len().checked_sub(op_arity(op)).and_then(|base| ops.get(base + k)) {
                    Some(Operand::Num(v)) if v.is_finite() => *v,
                    _ => 0.0,
                }
            };
            match op {
                b"BT" => {
                    self.tm = IDENTITY;
                    self.tlm = IDENTITY;
                }
                b"q" if self.stack.len() < 1024 => self.stack.push(self.gs.clone()),
                b"Q" => {
                    if let Some(gs) = self.stack.pop() {
                        self.gs = gs;
                    }
                }
                b"cm" => {
                    let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    self.gs.ctm = mul(&m, &self.gs.ctm);
                }
                b"Tf" => {
                    self.gs.size = n(1);
                    let name = ops.iter().rev().find_map(|o| match o {
                        Operand::Name(s, e) => Some(lx.slice(*s, *e)),
                        _ => None,
                    });
                    self.gs.font = name.and_then(|name| self.font(resources, name));
                }
                b"Tc" => self.gs.char_spacing = n(0),
                b"Tw" => self.gs.word_spacing = n(0),
                b"Tz" => self.gs.scale = n(0) / 100.0,
                b"TL" => self.gs.leading = n(0),
                b"Td" => self.next_line(n(0), n(1)),
                b"TD" => {
                    self.gs.leading = -n(1);
                    self.next_line(n(0), n(1));
                }
                b"Tm" => {
                    self.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    self.tlm = self.tm;
                }
                b"T*" => self.next_line(0.0, -self.gs.leading),
                b"Tj" | b"'" | b"\"" => {
                    if op == b"\"" {
                        self.gs.word_spacing = n(0);
                        self.gs.char_spacing = n(1);
                    }
                    if op != b"Tj" {
                        self.next_line(0.0, -self.gs.leading);
                    }
                    if let Some(Operand::Str(s, e)) = ops.last() {
                        self.show(&buf[*s..*e]);
                    }
                }
                b"TJ" => {
                    let start = ops.iter().rposition(|o| matches!(o, Operand::ArrOpen)).map_or(0, |p| p + 1);
                    for operand in &ops[start..] {
                        match *operand {
                            Operand::Str(s, e) => {
                                self.show(&buf[s..e]);
                            }
                            Operand::Num(v) if v.is_finite() => {
                                let tx = -v / 1000.0 * self.gs.size * self.gs.scale;
                                self.advance(tx);
                            }
                            _ => {}
                        }
                    }
                }
                b"Do" => {
                    if let Some(Operand::Name(s, e)) = ops.last() {
                        let name = lx.slice(*s, *e);
                        self.form(resources, name, depth);
                    }
                }
                b"ID" => lx.skip_inline_image(),
                _ => {}
            }
            ops.clear();
            buf.clear();
        }
    }

    /// `Td`: move to the start of the next line, offset by (tx, ty).
    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    /// Move the text matrix along the baseline.
    fn advance(&mut self, tx: f32) {
        self.tm[4] += tx * self.tm[0];
        self.tm[5] += tx * self.tm[1];
    }

    /// Show a string: decode its codes into `self.text`, measure it, advance.
    fn show(&mut self, bytes: &[u8]) {
        let Some(fi) = self.gs.font else { return };
        let Some(font) = self.fonts.get(fi) else { return };
        let m = mul(&self.tm, &self.gs.ctm);
        let start = (m[4], m[5]);
        let gs = &self.gs;
        let mut total = 0.0f32;
        self.text.clear();
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = font.next_code(&bytes[i..]);
            i += len;
            let mut tx = font.width(code) * gs.size + gs.char_spacing;
            if font.is_word_space(code, len) {
                tx += gs.word_spacing;
            }
            total += tx * gs.scale;
            font.text(code, len, &mut self.text);
        }
        if !total.is_finite() {
            total = 0.0;
        }
        let height = gs.size.abs() * norm(m[2], m[3]) * font.size_scale;
        self.tm[4] += total * self.tm[0];
        self.tm[5] += total * self.tm[1];
        let end = (start.0 + total * m[0], start.1 + total * m[1]);
        self.sink.push(Run { start, end, dir: (m[0], m[1]), raw_dir: (0.0, 0.0), height }, &self.text);
    }

    /// `Do` on a form XObject: run its content with its matrix and resources.
    fn form(&mut self, resources: &Resources<'d>, name: &[u8], depth: usize) {
        if depth >= MAX_FORM_DEPTH {
            return;
        }
        let Some((id, obj)) = self.resource(resources, b"XObject", name) else { return };
        let Ok(stream) = obj.as_stream() else { return };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return;
        }
        if let Some(id) = id {
            if self.forms.contains(&id) {
                return;
            }
            self.forms.push(id);
        }
        let content = match stream.decompressed_content_with_limit(MAX_CONTENT_BYTES) {
            Ok(c) => c,
            Err(_) if stream.dict.get(b"Filter").is_err() => stream.content.clone(),
            Err(_) => {
                if id.is_some() {
                    self.forms.pop();
                }
                return;
            }
        };
        let mut inner: Resources<'d> = Vec::new();
        if let Ok(r) = stream.dict.get(b"Resources") {
            if let Ok(d) = self.deref(r).as_dict() {
                inner.push(d);
            }
        }
        inner.extend(resources.iter().copied());
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| self.deref(m).as_array().ok())
            .map(|a| a.iter().filter_map(|o| self.deref(o).as_float().ok()).collect::<Vec<f32>>())
            .filter(|v| v.len() == 6 && v.iter().all(|x| x.is_finite()))
            .map_or(IDENTITY, |v| [v[0], v[1], v[2], v[3], v[4], v[5]]);
        let saved = (self.gs.clone(), self.tm, self.tlm);
        self.gs.ctm = mul(&matrix, &self.gs.ctm);
        let stack_len = self.stack.len();
        self.run(&content, &inner, depth + 1);
        self.stack.truncate(stack_len);
        (self.gs, self.tm, self.tlm) = saved;
        if id.is_some() {
            self.forms.pop();
        }
    }
}

/// Operands an operator takes (for reading numeric operands from the end of the stack).
fn op_arity(op: &[u8]) -> usize {
    match op {
        b"cm" | b"Tm" => 6,
        b"Tf" | b"Td" | b"TD" => 2,
        b"\"" => 3,
        b"Tc" | b"Tw" | b"Tz" | b"TL" => 1,
        _ => 0,
    }
}

/// A name with `#xx` escapes decoded.
fn decode_name(name: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len());
    let mut i = 0;
    while i < name.len() {
        if name[i] == b'#' && i + 2 < name.len() {
            if let Ok(v) = u8::from_str_radix(std::str::from_utf8(&name[i + 1..i + 3]).unwrap_or("zz"), 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(name[i]);
        i += 1;
    }
    out
}

/// A placed string: its baseline start and end in device space, direction, and height.
#[derive(Clone, Copy, Debug)]
struct Run {
    start: (f32, f32),
    end: (f32, f32),
    /// Unit vector along the baseline (set by [`Sink::push`]).
    dir: (f32, f32),
    /// The direction as given, before normalising.
    raw_dir: (f32, f32),
    height: f32,
}

/// Lays strings out into lines.
#[derive(Default)]
struct Sink {
    out: String,
    /// The previous run and where its text is in `out`.
    last: Option<(Run, usize, usize)>,
}

impl Sink {
    fn push(&mut self, mut run: Run, text: &str) {
        if text.is_empty() {
            return;
        }
        // Normalise the direction (usually the same matrix as the last run: reuse it).
        let raw_dir = run.dir;
        run.dir = match self.last {
            Some((last, _, _)) if last.raw_dir == raw_dir => last.dir,
            _ => {
                let len = norm(raw_dir.0, raw_dir.1);
                if len > 1e-6 && len.is_finite() {
                    (raw_dir.0 / len, raw_dir.1 / len)
                } else {
                    (1.0, 0.0)
                }
            }
        };
        run.raw_dir = raw_dir;
        if !(run.height.is_finite() && run.height > 0.01) {
            run.height = 1.0;
        }
        if let Some((last, ts, te)) = self.last {
            let h = run.height.max(last.height);
            let (dx, dy) = (run.start.0 - last.end.0, run.start.1 - last.end.1);
            let along = dx * last.dir.0 + dy * last.dir.1;
            let across = last.dir.0 * dy - last.dir.1 * dx;
            let same_dir = run.dir.0 * last.dir.0 + run.dir.1 * last.dir.1 > 0.9;
            if same_dir
                && self.out.get(ts..te) == Some(text)
                && norm(run.start.0 - last.start.0, run.start.1 - last.start.1) < 0.06 * h
            {
                // The same text again on top of itself (simulated bold, shadow).
                return;
            }
            if !same_dir || across.abs() > 0.6 * h {
                self.out.push('\n');
                if across < -1.8 * h {
                    self.out.push('\n');
                }
            } else if (along > 0.12 * h || along < -0.6 * h)
                && !self.out.ends_with(char::is_whitespace)
                && !text.starts_with(char::is_whitespace)
            {
                self.out.push(' ');
            }
        }
        // Leading spaces of a line are layout, not text.
        let text = if self.out.is_empty() || self.out.ends_with('\n') {
            text.trim_start_matches([' ', '\t'])
        } else {
            text
        };
        let start = self.out.len();
        self.out.push_str(text);
        self.last = Some((run, start, self.out.len()));
    }

    fn page_break(&mut self) {
        if !self.out.is_empty() && self.last.is_some() {
            self.out.push_str("\n\n");
        }
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// A one-page PDF with `content`, font F1 (Helvetica, WinAnsi), font F2 (Identity-H with
    /// a ToUnicode CMap mapping 0x0001.. to "a"..), and form XObject X1.
    fn pdf(content: &[u8], compress: bool) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let f1 = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        });
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfrange <0001> <001A> <0061> endbfrange\n2 beginbfchar <0020> <0020> <0021> <FB01> endbfchar".to_vec();
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap));
        let f2 = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Arial", "Encoding" => "Identity-H",
            "ToUnicode" => to_unicode,
            "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 600,
            })],
        });
        let form = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 500.into(), 100.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), 100.into()] },
            b"BT /F1 10 Tf 72 0 Td (Text in a form) Tj ET".to_vec(),
        ));
        let resources = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => f1, "F2" => f2 },
            "XObject" => dictionary! { "X1" => form },
        });
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        if compress {
            doc.compress();
        }
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    fn text(content: &[u8]) -> String {
        let (t, _) = extract(&pdf(content, false)).expect("pdf");
        crate::text::extract::normalize(&t)
    }

    #[test]
    fn lines_words_and_paragraphs() {
        let content = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ( world) Tj 0 -14 Td (Second line,) Tj T* \
            14 TL (caf\\351 \\223quoted\\224) ' 0 -40 Td [(Data) -300 (Engineer)] TJ [( Kern) -20 (ing)] TJ ET";
        assert_eq!(text(content), "Hello world\nSecond line,\ncafé “quoted”\n\nData Engineer Kerning\n");
    }

    #[test]
    fn composite_fonts_forms_inline_images_and_overprint() {
        let content =
            b"q 1 0 0 1 0 0 cm BT /F2 12 Tf 72 700 Td <0008000500 0C000C000F> Tj <0020 0021 0003> Tj ET Q \
            /X1 Do BI /W 1 /H 1 /BPC 8 /CS /G ID \x01EI\x02 EI \
            BT /F1 12 Tf 72 500 Td (Bold) Tj ET BT /F1 12 Tf 72.3 500 Td (Bold) Tj ET";
        // The form is drawn lower on the page (a blank line), "Bold" higher up again (a line).
        assert_eq!(text(content), "hello fic\n\nText in a form\nBold\n");
    }

    #[test]
    fn compressed_streams() {
        let (t, _) = extract(&pdf(b"BT /F1 12 Tf 72 700 Td (Compressed text) Tj ET", true)).expect("pdf");
        assert_eq!(t.trim(), "Compressed text");
    }

    #[test]
    fn no_text_and_garbage() {
        assert!(matches!(extract(&pdf(b"0 0 m 100 100 l S", false)), Err(Failure::NoText(NO_TEXT_LAYER))));
        assert!(matches!(extract(b"%PDF-1.4\nnot really"), Err(Failure::Corrupt(_))));
        assert!(matches!(
            extract(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"),
            Err(Failure::Corrupt(_) | Failure::NoText(_))
        ));
    }

    #[test]
    fn hostile_content_never_panics() {
        for content in [
            &b"BT /F9 12 Tf (no such font) Tj ET"[..],
            b"BT Tf Tj TJ ' \" Td TD Tm cm ET Q Q Q q",
            b"BT /F1 1e999 Tf (x) Tj /F1 -0 Tf (y) Tj 3.4e38 3.4e38 3.4e38 3.4e38 3.4e38 3.4e38 Tm (z) Tj ET",
            b"/X1 Do /X1 Do /Nope Do BI ID",
            b"BT /F2 12 Tf <0> Tj <> Tj [<00> -99999999999 <01>] TJ ET",
            b"((((((((((",
            b"[[[[[[ << << >> ] ] ] ( \\",
        ] {
            let _ = extract(&pdf(content, false));
        }
        // Random damage to a whole file: errors, never panics.
        let good = pdf(b"BT /F1 12 Tf 72 700 Td (Some text) Tj /F2 9 Tf <0001> Tj /X1 Do ET", true);
        let mut next = crate::test_support::xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..300 {
            let mut bytes = good.clone();
            for _ in 0..(next() % 8 + 1) {
                let i = (next() % bytes.len() as u64) as usize;
                bytes[i] = next() as u8;
            }
            let cut = (next() % bytes.len() as u64) as usize;
            let _ = extract(&bytes);
            let _ = extract(&bytes[..cut]);
        }
    }

    #[test]
    fn name_escapes() {
        assert_eq!(decode_name(b"F#201"), b"F 1");
        assert_eq!(decode_name(b"A#"), b"A#");
        assert_eq!(decode_name(b"A#zz"), b"A#zz");
    }
}
