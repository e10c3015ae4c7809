//! A tokenizer for PDF content streams and CMaps: no allocation per token (strings are
//! decoded into a caller's buffer), numbers parsed by hand, never panicking.

/// A token. Ranges index the content (`Name`, `Op`) or the string buffer (`Str`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tok {
    Num(f32),
    /// A string's decoded bytes: `buf[start..end]`.
    Str(usize, usize),
    /// A name without its `/`: `content[start..end]` (`#xx` escapes left as they are).
    Name(usize, usize),
    ArrOpen,
    ArrClose,
    DictOpen,
    DictClose,
    /// An operator or keyword: `content[start..end]`.
    Op(usize, usize),
    /// `true`, `false`, `null`, braces: operands we never use.
    Other,
    Eof,
}

/// The tokenizer.
pub(crate) struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\r' | b'\t' | b'\x0C' | b'\0')
}

fn is_delim(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Self {
        Lexer { b, i: 0 }
    }

    /// The content bytes of a `Name`/`Op` range.
    pub(crate) fn slice(&self, start: usize, end: usize) -> &'a [u8] {
        self.b.get(start..end).unwrap_or(&[])
    }

    /// The next token; strings are appended to `buf`.
    pub(crate) fn next(&mut self, buf: &mut Vec<u8>) -> Tok {
        let b = self.b;
        let n = b.len();
        loop {
            while self.i < n && is_white(b[self.i]) {
                self.i += 1;
            }
            if self.i >= n {
                return Tok::Eof;
            }
            if b[self.i] == b'%' {
                while self.i < n && b[self.i] != b'\n' && b[self.i] != b'\r' {
                    self.i += 1;
                }
                continue;
            }
            break;
        }
        let c = b[self.i];
        match c {
            b'(' => {
                self.i += 1;
                let start = buf.len();
                self.literal(buf);
                Tok::Str(start, buf.len())
            }
            b'<' => {
                if b.get(self.i + 1) == Some(&b'<') {
                    self.i += 2;
                    return Tok::DictOpen;
                }
                self.i += 1;
                let start = buf.len();
                let mut hi: Option<u8> = None;
                while self.i < n && b[self.i] != b'>' {
                    if let Some(v) = hex_val(b[self.i]) {
                        match hi.take() {
                            Some(h) => buf.push(h << 4 | v),
                            None => hi = Some(v),
                        }
                    }
                    self.i += 1;
                }
                if let Some(h) = hi {
                    buf.push(h << 4);
                }
                self.i += 1;
                Tok::Str(start, buf.len())
            }
            b'>' => {
                self.i += if b.get(self.i + 1) == Some(&b'>') { 2 } else { 1 };
                Tok::DictClose
            }
            b'[' => {
                self.i += 1;
                Tok::ArrOpen
            }
            b']' => {
                self.i += 1;
                Tok::ArrClose
            }
            b'{' | b'}' | b')' => {
                self.i += 1;
                Tok::Other
            }
            b'/' => {
                self.i += 1;
                let start = self.i;
                while self.i < n && !is_white(b[self.i]) && !is_delim(b[self.i]) {
                    self.i += 1;
                }
                Tok::Name(start, self.i)
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            _ => {
                let start = self.i;
                while self.i < n && !is_white(b[self.i]) && !is_delim(b[self.i]) {
                    self.i += 1;
                }
                if self.i == start {
                    self.i += 1;
                    return Tok::Other;
                }
                match &b[start..self.i] {
                    b"true" | b"false" | b"null" => Tok::Other,
                    _ => Tok::Op(start, self.i),
                }
            }
        }
    }

    /// A number: `[+-]digits[.digits]` (PDF has no exponents); junk like `--5` or `1.2.3`
    /// reads as much as makes sense.
    fn number(&mut self) -> Tok {
        let b = self.b;
        let n = b.len();
        let mut neg = false;
        while self.i < n && (b[self.i] == b'+' || b[self.i] == b'-') {
            neg ^= b[self.i] == b'-';
            self.i += 1;
        }
        let mut int: f64 = 0.0;
        let mut any = false;
        while self.i < n && b[self.i].is_ascii_digit() {
            int = int * 10.0 + f64::from(b[self.i] - b'0');
            self.i += 1;
            any = true;
        }
        if self.i < n && b[self.i] == b'.' {
            self.i += 1;
            let mut scale = 0.1;
            while self.i < n && b[self.i].is_ascii_digit() {
                int += f64::from(b[self.i] - b'0') * scale;
                scale *= 0.1;
                self.i += 1;
                any = true;
            }
        }
        // Glued junk after a number ("12.3.4", "5abc") is skipped with it.
        while self.i < n && !is_white(b[self.i]) && !is_delim(b[self.i]) {
            self.i += 1;
        }
        if !any {
            return Tok::Other;
        }
        let v = if neg { -int } else { int };
        Tok::Num(v as f32)
    }

    /// The rest of a literal string after `(`, decoded into `buf`.
    fn literal(&mut self, buf: &mut Vec<u8>) {
        let b = self.b;
        let n = b.len();
        let mut depth = 1usize;
        while self.i < n {
            let c = b[self.i];
            self.i += 1;
            match c {
                b'(' => {
                    depth += 1;
                    buf.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                    buf.push(c);
                }
                b'\\' => {
                    let Some(&e) = b.get(self.i) else { return };
                    self.i += 1;
                    match e {
                        b'n' => buf.push(b'\n'),
                        b'r' => buf.push(b'\r'),
                        b't' => buf.push(b'\t'),
                        b'b' => buf.push(8),
                        b'f' => buf.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match b.get(self.i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            buf.push(v as u8);
                        }
                        b'\r' => {
                            if b.get(self.i) == Some(&b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        other => buf.push(other),
                    }
                }
                _ => buf.push(c),
            }
        }
    }

    /// After an `ID` operator: step over the inline image data to just after `EI`.
    pub(crate) fn skip_inline_image(&mut self) {
        let b = self.b;
        let n = b.len();
        // One white-space byte follows ID.
        if self.i < n && is_white(b[self.i]) {
            self.i += 1;
        }
        let mut j = self.i;
        while j + 1 < n {
            if b[j] == b'E'
                && b[j + 1] == b'I'
                && (j == 0 || is_white(b[j - 1]))
                && (j + 2 >= n || is_white(b[j + 2]) || is_delim(b[j + 2]))
            {
                self.i = j + 2;
                return;
            }
            j += 1;
        }
        self.i = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &[u8]) -> (Vec<Tok>, Vec<u8>) {
        let mut lx = Lexer::new(src);
        let mut buf = Vec::new();
        let mut v = Vec::new();
        loop {
            let t = lx.next(&mut buf);
            if t == Tok::Eof {
                break;
            }
            v.push(t);
        }
        (v, buf)
    }

    #[test]
    fn tokens_of_a_content_stream() {
        let src = b"BT /F1 12 Tf 1 0 0 -1 .5 -3. Tm (a\\(b\\)\\101\\n(c)) Tj <48 65 6C6> Tj [(x) -250 (y)] TJ % c\n<< /K true >> ET";
        let (t, buf) = tokens(src);
        assert_eq!(t[0], Tok::Op(0, 2));
        assert!(matches!(t[1], Tok::Name(4, 6)));
        assert_eq!(t[2], Tok::Num(12.0));
        assert_eq!(t[8], Tok::Num(0.5));
        assert_eq!(t[9], Tok::Num(-3.0));
        let Tok::Str(s, e) = t[11] else { panic!("{:?}", t[11]) };
        assert_eq!(&buf[s..e], b"a(b)A\n(c)");
        let Tok::Str(s, e) = t[13] else { panic!() };
        assert_eq!(&buf[s..e], b"Hel`");
        assert_eq!(t[15], Tok::ArrOpen);
        assert_eq!(t[17], Tok::Num(-250.0));
        assert_eq!(t[19], Tok::ArrClose);
        assert_eq!(t[21], Tok::DictOpen);
        assert_eq!(t[23], Tok::Other);
        assert_eq!(t[24], Tok::DictClose);
    }

    #[test]
    fn inline_images_and_junk() {
        let src = b"BI /W 2 /H 2 ID \x01EI\x01 EI Q";
        let mut lx = Lexer::new(src);
        let mut buf = Vec::new();
        while lx.next(&mut buf) != Tok::Op(13, 15) {}
        lx.skip_inline_image();
        assert_eq!(lx.next(&mut buf), Tok::Op(24, 25));
        for junk in
            [&b"("[..], b"<", b"<<", b"\\", b"(\\", b"(\\7", b"--", b".", b"1.2.3", b"/", b"%", b"))", b"}{"]
        {
            let _ = tokens(junk);
        }
    }
}
