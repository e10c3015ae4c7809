//! Legacy Word 97–2003 (.doc): the text of the main document through the piece table.
//!
//! A .doc is an OLE2 compound file. Its `WordDocument` stream starts with the FIB, which
//! says which table stream (`0Table`/`1Table`) holds the CLX, how many characters the main
//! document has (`ccpText`) and where the CLX is (`fcClx`/`lcbClx`). The CLX's piece table
//! maps character positions to runs of 8-bit (Windows-1252) or UTF-16LE text in the
//! `WordDocument` stream. Field instructions (between the field-begin and separator marks)
//! are dropped and field results kept; paragraph, cell and row marks end lines; object and
//! note anchors are dropped. Footnotes, headers and text boxes (the stories after the main
//! text) are read too. Word 6/95 files, encrypted documents and other OLE2 files (Excel,
//! Outlook) are reported as unsupported.

use super::{Failure, Raw};
use std::io::{Cursor, Read};

/// What to do with a .doc we cannot read.
pub(super) const CONVERT_HINT: &str =
    "legacy Word .doc: convert it to .docx (e.g. libreoffice --headless --convert-to docx)";

/// Largest stream read (a .doc is limited to 2 GB by format; real ones are far smaller).
const MAX_STREAM: u64 = 512 * 1024 * 1024;

/// Read a .doc file.
pub(super) fn extract(bytes: &[u8]) -> Raw {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| Failure::Corrupt(format!("not a readable OLE2 compound file: {e}")))?;
    if cfb.is_stream("/EncryptedPackage") {
        return Err(Failure::Unsupported(
            "a password-protected Office document: save a copy without the password".into(),
        ));
    }
    if !cfb.is_stream("/WordDocument") {
        return Err(Failure::Unsupported(
            "an OLE2 file without a WordDocument stream (Excel, PowerPoint, Outlook…), not a Word document"
                .into(),
        ));
    }
    let word = read_stream(&mut cfb, "/WordDocument")?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.table_one { "/1Table" } else { "/0Table" };
    if !cfb.is_stream(table_name) {
        return Err(Failure::Corrupt(format!("the {} stream is missing", &table_name[1..])));
    }
    let table = read_stream(&mut cfb, table_name)?;
    let pieces = piece_table(&table, fib.fc_clx, fib.lcb_clx)?;
    let text = text_of(&word, &pieces, fib.ccp_total);
    Ok((text, Vec::new()))
}

fn read_stream(cfb: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, Failure> {
    let stream = cfb.open_stream(name).map_err(|e| Failure::Corrupt(format!("cannot open {name}: {e}")))?;
    let mut buf = Vec::new();
    stream
        .take(MAX_STREAM)
        .read_to_end(&mut buf)
        .map_err(|e| Failure::Corrupt(format!("cannot read {name}: {e}")))?;
    Ok(buf)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The parts of the FIB the text needs.
struct Fib {
    table_one: bool,
    /// Characters in all stories (main text, footnotes, headers, …, text boxes).
    ccp_total: u32,
    fc_clx: u32,
    lcb_clx: u32,
}

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib, Failure> {
        let short = || Failure::Corrupt("the WordDocument stream is too short for a FIB".into());
        let ident = u16_at(w, 0).ok_or_else(short)?;
        if ident != 0xA5EC {
            return Err(Failure::Corrupt(format!("not a Word FIB (magic {ident:#06x}, expected 0xa5ec)")));
        }
        let nfib = u16_at(w, 2).ok_or_else(short)?;
        if nfib < 0x00C1 {
            return Err(Failure::Unsupported(format!(
                "a Word 6/95 document (format {nfib:#x}); {CONVERT_HINT}"
            )));
        }
        let flags = u16_at(w, 0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(Failure::Unsupported(
                "an encrypted (password-protected) Word document: save a copy without the password".into(),
            ));
        }
        // FibBase (32 bytes), csw + FibRgW, cslw + FibRgLw, cbRgFcLcb + FibRgFcLcb.
        let csw = usize::from(u16_at(w, 32).ok_or_else(short)?);
        let lw = 34 + csw * 2 + 2;
        let cslw = usize::from(u16_at(w, lw - 2).ok_or_else(short)?);
        let fclcb = lw + cslw * 4 + 2;
        // ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx.
        let mut ccp_total = 0u32;
        for k in 3..=10 {
            ccp_total = ccp_total.saturating_add(u32_at(w, lw + k * 4).ok_or_else(short)?);
        }
        let fc_clx = u32_at(w, fclcb + 33 * 8).ok_or_else(short)?;
        let lcb_clx = u32_at(w, fclcb + 33 * 8 + 4).ok_or_else(short)?;
        Ok(Fib { table_one: flags & 0x0200 != 0, ccp_total, fc_clx, lcb_clx })
    }
}

/// A piece: characters `cp_start..cp_end` stored at byte `offset`, 8-bit or UTF-16LE.
struct Piece {
    cp_start: u32,
    cp_end: u32,
    offset: usize,
    compressed: bool,
}

/// The piece table from the CLX at `fc..fc+lcb` of the table stream.
fn piece_table(table: &[u8], fc: u32, lcb: u32) -> Result<Vec<Piece>, Failure> {
    let bad = |what: &str| Failure::Corrupt(format!("bad piece table: {what}"));
    let start = fc as usize;
    let end =
        start.checked_add(lcb as usize).filter(|&e| e <= table.len()).ok_or_else(|| bad("out of range"))?;
    let clx = &table[start..end];
    let mut i = 0;
    // Skip the Prc entries (formatting), then the Pcdt.
    loop {
        match clx.get(i) {
            Some(1) => {
                let cb = usize::from(u16_at(clx, i + 1).ok_or_else(|| bad("truncated Prc"))?);
                i += 3 + cb;
            }
            Some(2) => break,
            _ => return Err(bad("no Pcdt")),
        }
    }
    let lcb = u32_at(clx, i + 1).ok_or_else(|| bad("truncated Pcdt"))? as usize;
    let plc = clx.get(i + 5..i + 5 + lcb).ok_or_else(|| bad("Pcdt longer than the CLX"))?;
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(bad("PlcPcd size"));
    }
    let n = (lcb - 4) / 12;
    let mut pieces = Vec::with_capacity(n);
    for k in 0..n {
        let cp_start = u32_at(plc, k * 4).ok_or_else(|| bad("CP"))?;
        let cp_end = u32_at(plc, (k + 1) * 4).ok_or_else(|| bad("CP"))?;
        let pcd = 4 * (n + 1) + k * 8;
        let fc = u32_at(plc, pcd + 2).ok_or_else(|| bad("PCD"))?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = fc & 0x3FFF_FFFF;
        let offset = if compressed { (fc / 2) as usize } else { fc as usize };
        if cp_end > cp_start {
            pieces.push(Piece { cp_start, cp_end, offset, compressed });
        }
    }
    Ok(pieces)
}

/// The text of characters `0..ccp` through the pieces, with Word's special characters
/// turned into text layout.
fn text_of(word: &[u8], pieces: &[Piece], ccp: u32) -> String {
    let mut out = String::new();
    // Per open field: still in its instruction part?
    let mut fields: Vec<bool> = Vec::new();
    for p in pieces {
        if p.cp_start >= ccp {
            break;
        }
        let count = (p.cp_end.min(ccp) - p.cp_start) as usize;
        let units: Box<dyn Iterator<Item = u16>> = if p.compressed {
            let Some(bytes) = word.get(p.offset..).map(|b| &b[..count.min(b.len())]) else { continue };
            Box::new(bytes.iter().map(|&b| u16::from(b)).map(|u| {
                if (0x80..0xA0).contains(&u) {
                    cp1252(u as u8)
                } else {
                    u
                }
            }))
        } else {
            let Some(bytes) = word.get(p.offset..).map(|b| &b[..(count * 2).min(b.len() & !1)]) else {
                continue;
            };
            Box::new(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])))
        };
        for c in char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')) {
            match c {
                '\u{13}' => fields.push(true),
                '\u{14}' => {
                    if let Some(instr) = fields.last_mut() {
                        *instr = false;
                    }
                }
                '\u{15}' => {
                    fields.pop();
                }
                _ if fields.last().copied().unwrap_or(false) => {}
                '\r' | '\u{0B}' | '\u{0C}' | '\u{07}' => out.push('\n'),
                '\u{1E}' => out.push('-'),
                '\u{01}'..='\u{08}' | '\u{1F}' => {}
                c => out.push(c),
            }
        }
    }
    out
}

/// A Windows-1252 byte in 0x80..0xA0 as its UTF-16 unit.
fn cp1252(b: u8) -> u16 {
    let byte = [b];
    let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
    s.encode_utf16().next().unwrap_or(0xFFFD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal Word 97 file: a FIB, one 8-bit piece and one UTF-16 piece.
    fn doc(part1: &[u8], part2: &str, table_one: bool) -> Vec<u8> {
        let mut word = vec![0u8; 1024];
        word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
        word[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
        let flags: u16 = if table_one { 0x0200 } else { 0 };
        word[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        word[32..34].copy_from_slice(&14u16.to_le_bytes());
        word[62..64].copy_from_slice(&22u16.to_le_bytes());
        let units: Vec<u16> = part2.encode_utf16().collect();
        let ccp = (part1.len() + units.len()) as u32;
        word[64 + 12..64 + 16].copy_from_slice(&ccp.to_le_bytes());
        word[152..154].copy_from_slice(&93u16.to_le_bytes());
        // Text: 8-bit piece at byte 2048, UTF-16 piece after it.
        word.resize(2048, 0);
        word.extend_from_slice(part1);
        let utf16_at = word.len();
        for u in &units {
            word.extend_from_slice(&u.to_le_bytes());
        }
        // CLX: one Prc, then a Pcdt with two pieces.
        let mut plc = Vec::new();
        for cp in [0u32, part1.len() as u32, ccp] {
            plc.extend_from_slice(&cp.to_le_bytes());
        }
        for (fc, compressed) in [(2048u32 * 2, true), (utf16_at as u32, false)] {
            plc.extend_from_slice(&0u16.to_le_bytes());
            let fc = if compressed { fc | 0x4000_0000 } else { fc };
            plc.extend_from_slice(&fc.to_le_bytes());
            plc.extend_from_slice(&0u16.to_le_bytes());
        }
        let mut table = vec![0u8; 16];
        let fc_clx = table.len() as u32;
        table.extend_from_slice(&[1, 2, 0, 0xAA, 0xBB, 2]);
        table.extend_from_slice(&(plc.len() as u32).to_le_bytes());
        table.extend_from_slice(&plc);
        let lcb_clx = table.len() as u32 - fc_clx;
        word[154 + 33 * 8..154 + 33 * 8 + 4].copy_from_slice(&fc_clx.to_le_bytes());
        word[154 + 33 * 8 + 4..154 + 33 * 8 + 8].copy_from_slice(&lcb_clx.to_le_bytes());

        let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
        cfb.create_stream("/WordDocument").expect("stream").write_all(&word).expect("write");
        let name = if table_one { "/1Table" } else { "/0Table" };
        cfb.create_stream(name).expect("stream").write_all(&table).expect("write");
        cfb.flush().expect("flush");
        cfb.into_inner().into_inner()
    }

    #[test]
    fn pieces_fields_and_marks() {
        let bytes = doc(
            b"Caf\xE9 \x93quoted\x94\rSee \x13 HYPERLINK \"x\" \x14example.com\x15 now\x07cell\x07\x07",
            "Zürich – €5\u{0B}next\u{1E}line\u{01}\r",
            true,
        );
        let (text, _) = extract(&bytes).expect("doc");
        assert_eq!(text, "Café “quoted”\nSee example.com now\ncell\n\nZürich – €5\nnext-line\n");
        let (text, _) = extract(&doc(b"Table zero\r", "", false)).expect("doc");
        assert_eq!(text, "Table zero\n");
    }

    #[test]
    fn not_word_files() {
        assert!(matches!(extract(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 truncated"), Err(Failure::Corrupt(_))));
        assert!(matches!(extract(b"random bytes, not OLE2"), Err(Failure::Corrupt(_))));
        let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
        cfb.create_stream("/Workbook").expect("stream").write_all(b"xls").expect("write");
        cfb.flush().expect("flush");
        let xls = cfb.into_inner().into_inner();
        assert!(matches!(extract(&xls), Err(Failure::Unsupported(_))));
        // Word 6/95 FIB.
        let mut bytes = doc(b"x\r", "", true);
        let mut cfb = cfb::CompoundFile::open(Cursor::new(&mut bytes)).expect("cfb");
        let mut word = Vec::new();
        cfb.open_stream("/WordDocument").expect("open").read_to_end(&mut word).expect("read");
        word[2] = 0x65;
        word[3] = 0;
        assert!(
            matches!(Fib::parse(&word), Err(Failure::Unsupported(h)) if h.contains("convert it to .docx"))
        );
        word[0] = 0;
        assert!(matches!(Fib::parse(&word), Err(Failure::Corrupt(_))));
        assert!(matches!(Fib::parse(&word[..40]), Err(Failure::Corrupt(_))));
        assert!(piece_table(&[2, 255, 255, 255, 255], 0, 5).is_err());
        assert!(piece_table(&[1, 200, 0], 0, 3).is_err());
    }
}
