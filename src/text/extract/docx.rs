//! Word 2007+ (DOCX): the WordprocessingML parts of the zip package.
//!
//! Order: headers, the body (the part `_rels/.rels` names, normally `word/document.xml`),
//! footnotes and endnotes, footers. Each `w:p` is a line ("• " first for list paragraphs);
//! tables are laid out by [`Lines`]; text boxes (`w:txbxContent`) are read where they are
//! anchored, and of an `mc:AlternateContent` only the first `mc:Choice` is read (the
//! `mc:Fallback` repeats it for old readers). `w:tab` is a tab, `w:br`/`w:cr` a line break.
//! Deleted (`w:delText`, `w:moveFrom`), hidden (`w:vanish`) and field-instruction text
//! (`w:instrText`) is left out. Header parts with the same text as an earlier one (first
//! page / even page variants) are read once.

use super::xml::{open_package, part_names, read_part, reference_text, Budget, Lines, Package};
use super::{Failure, Raw};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Read a DOCX package, inflating at most `budget` bytes (the body is read first, so that
/// it has the budget before headers and notes).
pub(super) fn extract(bytes: &[u8], budget: &mut Budget) -> Raw {
    let mut zip = open_package(bytes)?;
    let main = main_part(&mut zip, budget)?;
    let Some(body) = read_part(&mut zip, &main, budget)? else {
        return Err(Failure::Corrupt(format!("no {main} in the package: not a Word document")));
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let names = part_names(&zip);
    let parts_like = |stem: &str| {
        let prefix = if dir.is_empty() { stem.to_string() } else { format!("{dir}/{stem}") };
        let mut v: Vec<String> =
            names.iter().filter(|n| n.starts_with(&prefix) && n.ends_with(".xml")).cloned().collect();
        // header1, header2, …, header10 in number order.
        v.sort_by_key(|n| (n.len(), n.clone()));
        v
    };
    let mut lines = Lines::default();
    let mut warnings = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut side_part = |zip: &mut Package<'_>, lines: &mut Lines, name: &str, warnings: &mut Vec<String>| {
        let Ok(Some(xml)) = read_part(zip, name, budget) else { return };
        let mut part = Lines::default();
        if let Err(e) = read_wordml(&xml, &mut part) {
            warnings.push(format!("{name} skipped: {e}"));
            return;
        }
        let text = part.finish();
        if text.trim().is_empty() || seen.contains(&text) {
            return;
        }
        lines.blank();
        lines.out.push_str(&text);
        lines.blank();
        seen.push(text);
    };
    for name in parts_like("header") {
        side_part(&mut zip, &mut lines, &name, &mut warnings);
    }
    read_wordml(&body, &mut lines).map_err(|e| Failure::Corrupt(format!("{main}: {e}")))?;
    for stem in ["footnotes", "endnotes", "footer"] {
        for name in parts_like(stem) {
            side_part(&mut zip, &mut lines, &name, &mut warnings);
        }
    }
    Ok((lines.finish(), warnings))
}

/// The main document part: the target of the officeDocument relationship in
/// `_rels/.rels`, else `word/document.xml`.
fn main_part(zip: &mut Package<'_>, budget: &mut Budget) -> Result<String, Failure> {
    const DEFAULT: &str = "word/document.xml";
    let Some(rels) = read_part(zip, "_rels/.rels", budget)? else { return Ok(DEFAULT.into()) };
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let ty = attr(&e, "Type").unwrap_or_default();
                if ty.ends_with("/officeDocument") {
                    if let Some(target) = attr(&e, "Target") {
                        let target = target.trim_start_matches('/').to_string();
                        if zip.index_for_name(&target).is_some() {
                            return Ok(target);
                        }
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(DEFAULT.into()),
            _ => {}
        }
    }
}

/// The value of the attribute with local name `name`.
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    bullet: bool,
}

/// Read one WordprocessingML part (body, header, footer, notes) into `lines`.
// One pull-parser loop over WordprocessingML's events: its state (the open run, table cell,
// field) is shared by every arm, so splitting it would only pass that state around.
#[allow(clippy::too_many_lines)]
fn read_wordml(xml: &str, lines: &mut Lines) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    super::xml::lenient(&mut reader);
    let mut paras: Vec<Para> = Vec::new();
    // Depth of open elements, and the depth at which a skipped element opened.
    let mut depth = 0usize;
    let mut skip_from: Option<usize> = None;
    let mut in_text = false;
    let mut in_run_props = false;
    let mut run_hidden = false;
    let mut in_tabs = false;
    // Per open mc:AlternateContent: has a Choice been read?
    let mut alternates: Vec<bool> = Vec::new();
    loop {
        let event =
            reader.read_event().map_err(|e| format!("XML error at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if skip_from.is_some() {
                    continue;
                }
                let name = e.local_name();
                match name.as_ref() {
                    "p" => paras.push(Para::default()),
                    "t" => in_text = true,
                    "r" => run_hidden = false,
                    "rPr" => in_run_props = paras.last().is_some(),
                    "pPr" => {}
                    "tabs" => in_tabs = true,
                    "tbl" => lines.table_start(),
                    "tr" => lines.row_start(),
                    "tc" => lines.cell_start(),
                    "AlternateContent" => alternates.push(false),
                    "Choice" => match alternates.last_mut() {
                        Some(taken) if !*taken => *taken = true,
                        _ => skip_from = Some(depth),
                    },
                    "Fallback" if alternates.last().copied().unwrap_or(false) => skip_from = Some(depth),
                    "delText" | "instrText" | "moveFrom" | "del" => skip_from = Some(depth),
                    "footnote" | "endnote"
                        if attr(&e, "type")
                            .is_some_and(|t| t.contains("eparator") || t == "continuationNotice") =>
                    {
                        skip_from = Some(depth)
                    }
                    _ => element(&e, &mut paras, in_run_props, &mut run_hidden, in_tabs),
                }
            }
            Event::Empty(e) if skip_from.is_none() => {
                element(&e, &mut paras, in_run_props, &mut run_hidden, in_tabs);
                if e.local_name().as_ref() == "p" {
                    lines.line("");
                }
            }
            Event::End(e) => {
                if let Some(from) = skip_from {
                    if depth == from {
                        skip_from = None;
                    }
                    depth = depth.saturating_sub(1);
                    continue;
                }
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    "p" => {
                        if let Some(p) = paras.pop() {
                            if p.bullet && !p.text.trim().is_empty() {
                                lines.line(&format!("• {}", p.text.trim_start()));
                            } else {
                                lines.line(&p.text);
                            }
                        }
                    }
                    "t" => in_text = false,
                    "rPr" => in_run_props = false,
                    "tabs" => in_tabs = false,
                    "tbl" => lines.table_end(),
                    "tr" => lines.row_end(),
                    "tc" => lines.cell_end(),
                    "AlternateContent" => {
                        alternates.pop();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip_from.is_none() && !run_hidden => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_text && skip_from.is_none() && !run_hidden => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text && skip_from.is_none() && !run_hidden => {
                if let Some(p) = paras.last_mut() {
                    reference_text(&r, &mut p.text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Unclosed paragraphs (a truncated part): keep their text.
    while let Some(p) = paras.pop() {
        lines.line(&p.text);
    }
    Ok(())
}

/// Elements that add characters or mark the paragraph (start or empty tags).
fn element(e: &BytesStart<'_>, paras: &mut [Para], in_run_props: bool, run_hidden: &mut bool, in_tabs: bool) {
    let Some(p) = paras.last_mut() else { return };
    match e.local_name().as_ref() {
        "tab" if !in_tabs => p.text.push('\t'),
        "ptab" => p.text.push('\t'),
        "br" | "cr" => p.text.push('\n'),
        "noBreakHyphen" => p.text.push('-'),
        "sym" => {
            // Symbol-font characters: only bullets carry meaning.
            let code = attr(e, "char").unwrap_or_default().to_ascii_uppercase();
            if matches!(code.as_str(), "F0B7" | "F0A7" | "F0D8" | "F0FC" | "F076" | "F06C") {
                p.text.push('•');
            }
        }
        "numId" => p.bullet = attr(e, "val").is_some_and(|v| v != "0"),
        "vanish" | "specVanish" if in_run_props => {
            *run_hidden = attr(e, "val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"))
        }
        _ => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Extract with no inflation limit.
    pub(crate) fn extract_all(bytes: &[u8]) -> Raw {
        extract(bytes, &mut Budget::new(u64::MAX))
    }
    use std::io::Write;

    /// A zip package in memory with the given parts.
    pub(crate) fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let options =
                zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            for (name, content) in parts {
                zip.start_file(*name, options).expect("zip entry");
                zip.write_all(content.as_bytes()).expect("zip write");
            }
            zip.finish().expect("zip finish");
        }
        buf.into_inner()
    }

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        )
    }

    fn text(parts: &[(&str, &str)]) -> String {
        let (t, _) = extract_all(&package(parts)).expect("docx");
        crate::text::extract::normalize(&t)
    }

    #[test]
    fn paragraphs_runs_tabs_breaks_lists() {
        let body = document(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
               <w:r><w:t>Jane</w:t></w:r><w:r><w:t xml:space="preserve"> Doe &amp; Co</w:t></w:r></w:p>
               <w:p><w:r><w:t>2019</w:t><w:tab/><w:t>Engineer</w:t><w:br/><w:t>next line</w:t></w:r></w:p>
               <w:p/>
               <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>Rust</w:t></w:r></w:p>
               <w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:t>visible</w:t></w:r></w:p>
               <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r>
               <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>link text</w:t></w:r>
               <w:r><w:fldChar w:fldCharType="end"/></w:r><w:del><w:r><w:delText>old</w:delText></w:r></w:del>
               <w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:t>new</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            text(&[("word/document.xml", &body)]),
            "Jane Doe & Co\n2019\tEngineer\nnext line\n\n• Rust\nvisible\nlink text•new\n"
        );
    }

    #[test]
    fn tables_textboxes_headers_footers() {
        let body = document(
            r#"<w:p><w:r><w:t>Intro</w:t></w:r></w:p>
               <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Skill</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Level</w:t></w:r></w:p></w:tc></w:tr>
               <w:tr><w:tc><w:p><w:r><w:t>Rust</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
               <w:p><w:r><w:t>Before box </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>
               <w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
               <mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent>
               </v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>after box</w:t></w:r></w:p>"#,
        );
        let header = format!(r#"<w:hdr {NS}><w:p><w:r><w:t>Jane Doe – CV</w:t></w:r></w:p></w:hdr>"#);
        let footer = format!(r#"<w:ftr {NS}><w:p><w:r><w:t>Page 1</w:t></w:r></w:p></w:ftr>"#);
        let parts = [
            ("word/document.xml", body.as_str()),
            ("word/header1.xml", header.as_str()),
            ("word/header2.xml", header.as_str()),
            ("word/footer1.xml", footer.as_str()),
        ];
        assert_eq!(
            text(&parts),
            "Jane Doe – CV\n\nIntro\n\nSkill | Level\nRust | 5\n\nBoxed text\nBefore box after box\n\nPage 1\n"
        );
    }

    #[test]
    fn main_part_from_relationships() {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let body = document("<w:p><w:r><w:t>From document2</w:t></w:r></w:p>");
        assert_eq!(text(&[("_rels/.rels", rels), ("word/document2.xml", &body)]), "From document2\n");
    }

    #[test]
    fn broken_packages_are_corrupt() {
        let good = package(&[("word/document.xml", &document("<w:p><w:r><w:t>x</w:t></w:r></w:p>"))]);
        for bad in [
            package(&[("word/other.xml", "<x/>")]),
            good[..good.len() / 2].to_vec(),
            b"PK\x03\x04 not really".to_vec(),
            package(&[(
                "word/document.xml",
                "<w:document><w:body><w:p><w:t>x</w:t></w:p><w:p a=\"1></w:body>",
            )]),
        ] {
            assert!(
                matches!(extract_all(&bad), Err(Failure::Corrupt(_))),
                "{:?}",
                extract_all(&bad).map(|r| r.0)
            );
        }
        // A truncated body (unclosed elements) keeps what it has.
        let cut = package(&[("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>partial")]);
        assert_eq!(extract_all(&cut).expect("partial").0.trim(), "partial");
    }
}
