//! OpenDocument text (ODT): `content.xml` of the zip package, plus the page headers and
//! footers of the master pages in `styles.xml` (read first and last, as DOCX's are).
//!
//! `text:p` and `text:h` are lines, the first paragraph of a `text:list-item` starts with
//! "• ", tables are laid out by [`Lines`], `text:s` is spaces (`text:c` of them), `text:tab`
//! a tab, `text:line-break` a line break. Frames and text boxes are read where they are
//! anchored, footnote bodies too (without their citation number). Comments
//! (`office:annotation`), tracked deletions and declarations are left out.

use super::docx::attr;
use super::xml::{lenient, open_package, read_part, reference_text, Budget, Lines};
use super::{Failure, Raw};
use quick_xml::events::Event;
use quick_xml::Reader;

/// Read an ODT package, inflating at most `budget` bytes (`content.xml` first).
pub(super) fn extract(bytes: &[u8], budget: &mut Budget) -> Raw {
    let mut zip = open_package(bytes)?;
    let Some(content) = read_part(&mut zip, "content.xml", budget)? else {
        return Err(Failure::Corrupt("no content.xml in the package: not an OpenDocument file".into()));
    };
    let mut warnings = Vec::new();
    let (mut headers, mut footers) = (String::new(), String::new());
    if let Ok(Some(styles)) = read_part(&mut zip, "styles.xml", budget) {
        match read_odf(&styles, Scope::HeadersFooters) {
            Ok(parts) => (headers, footers) = parts,
            Err(e) => warnings.push(format!("styles.xml skipped (headers and footers): {e}")),
        }
    }
    let (body, _) =
        read_odf(&content, Scope::Body).map_err(|e| Failure::Corrupt(format!("content.xml: {e}")))?;
    let mut text = String::with_capacity(headers.len() + body.len() + footers.len() + 4);
    for part in [headers, body, footers] {
        if !part.trim().is_empty() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&part);
        }
    }
    Ok((text, warnings))
}

/// What of a part is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Everything in `office:body` (content.xml).
    Body,
    /// Only the master pages' headers and footers (styles.xml).
    HeadersFooters,
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    bullet: bool,
}

/// Read an ODF XML part; returns (body or headers, footers).
// One pull-parser loop over ODF's events, sharing its state (open paragraph, list, table,
// frame) across every arm, as the DOCX reader does.
#[allow(clippy::too_many_lines)]
fn read_odf(xml: &str, scope: Scope) -> Result<(String, String), String> {
    let mut reader = Reader::from_str(xml);
    lenient(&mut reader);
    let mut lines = Lines::default();
    let mut footer_lines = Lines::default();
    let mut paras: Vec<Para> = Vec::new();
    let mut depth = 0usize;
    let mut skip_from: Option<usize> = None;
    // Depth of the header/footer being read (styles.xml), and whether it is a footer.
    let mut capture: Option<(usize, bool)> = None;
    let mut in_body = false;
    let mut list_bullet = false;
    loop {
        let event =
            reader.read_event().map_err(|e| format!("XML error at byte {}: {e}", reader.error_position()))?;
        let active = skip_from.is_none()
            && match scope {
                Scope::Body => in_body,
                Scope::HeadersFooters => capture.is_some(),
            };
        let out = if capture.is_some_and(|(_, footer)| footer) { &mut footer_lines } else { &mut lines };
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = e.local_name();
                let name = name.as_ref();
                if name == "body" && scope == Scope::Body {
                    in_body = true;
                }
                if scope == Scope::HeadersFooters && capture.is_none() && skip_from.is_none() {
                    match name {
                        "header" | "header-left" | "header-first" => capture = Some((depth, false)),
                        "footer" | "footer-left" | "footer-first" => capture = Some((depth, true)),
                        _ => {}
                    }
                }
                if !active {
                    continue;
                }
                match name {
                    "p" | "h" => {
                        paras.push(Para { text: String::new(), bullet: std::mem::take(&mut list_bullet) })
                    }
                    "list-item" => list_bullet = true,
                    "list-header" => list_bullet = false,
                    "table" => out.table_start(),
                    "table-row" => out.row_start(),
                    "table-cell" => out.cell_start(),
                    "annotation" | "tracked-changes" | "note-citation" | "sequence-decls"
                    | "variable-decls" | "user-field-decls" | "forms" | "title" | "desc"
                    | "covered-table-cell" => skip_from = Some(depth),
                    _ => inline(&e, &mut paras),
                }
            }
            Event::Empty(e) if active => match e.local_name().as_ref() {
                "p" | "h" => {
                    list_bullet = false;
                    out.line("");
                }
                _ => inline(&e, &mut paras),
            },
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if let Some(from) = skip_from {
                    if depth == from {
                        skip_from = None;
                    }
                    depth = depth.saturating_sub(1);
                    continue;
                }
                if active {
                    match name {
                        "p" | "h" => {
                            if let Some(p) = paras.pop() {
                                if p.bullet && !p.text.trim().is_empty() {
                                    out.line(&format!("• {}", p.text.trim_start()));
                                } else {
                                    out.line(&p.text);
                                }
                            }
                        }
                        "list-item" => list_bullet = false,
                        "table" => out.table_end(),
                        "table-row" => out.row_end(),
                        "table-cell" => out.cell_end(),
                        _ => {}
                    }
                }
                if capture.is_some_and(|(d, _)| d == depth) {
                    capture = None;
                }
                if name == "body" {
                    in_body = false;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) if active => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if active => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if active => {
                if let Some(p) = paras.last_mut() {
                    reference_text(&r, &mut p.text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    while let Some(p) = paras.pop() {
        lines.line(&p.text);
    }
    Ok((lines.finish(), footer_lines.finish()))
}

/// Inline elements that add characters.
fn inline(e: &quick_xml::events::BytesStart<'_>, paras: &mut [Para]) {
    let Some(p) = paras.last_mut() else { return };
    match e.local_name().as_ref() {
        "s" => {
            let count = attr(e, "c").and_then(|c| c.parse::<usize>().ok()).unwrap_or(1).min(100);
            p.text.extend(std::iter::repeat_n(' ', count));
        }
        "tab" => p.text.push('\t'),
        "line-break" => p.text.push('\n'),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Extract with no inflation limit.
    pub(crate) fn extract_all(bytes: &[u8]) -> Raw {
        extract(bytes, &mut Budget::new(u64::MAX))
    }
    use crate::text::extract::docx::tests::package;

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0""#;

    fn odt(body: &str, styles: Option<&str>) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:automatic-styles><style:style style:name="P1"><text:p>not body</text:p></style:style></office:automatic-styles><office:body><office:text><text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>{body}</office:text></office:body></office:document-content>"#
        );
        let mut parts =
            vec![("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content.as_str())];
        let styles_xml;
        if let Some(s) = styles {
            styles_xml = format!(
                r#"<office:document-styles {NS}><office:master-styles>{s}</office:master-styles></office:document-styles>"#
            );
            parts.push(("styles.xml", styles_xml.as_str()));
        }
        package(&parts)
    }

    fn text(bytes: &[u8]) -> String {
        crate::text::extract::normalize(&extract_all(bytes).expect("odt").0)
    }

    #[test]
    fn paragraphs_lists_tables_spaces() {
        let body = r#"<text:h text:outline-level="1">Data Engineer</text:h>
            <text:p>We use<text:s/>Rust<text:s text:c="3"/>and<text:tab/>SQL &amp; more.<text:line-break/>Next line.</text:p>
            <text:p/>
            <text:list><text:list-item><text:p>Python</text:p><text:p>continued</text:p></text:list-item>
            <text:list-item><text:list><text:list-item><text:p>Nested</text:p></text:list-item></text:list></text:list-item></text:list>
            <table:table><table:table-column/><table:table-row><table:table-cell><text:p>Skill</text:p></table:table-cell>
            <table:table-cell><text:p>Level</text:p></table:table-cell><table:covered-table-cell><text:p>dup</text:p></table:covered-table-cell></table:table-row></table:table>
            <text:p>Note<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Footnote text</text:p></text:note-body></text:note> here<office:annotation><text:p>A comment</text:p></office:annotation></text:p>
            <text:p><draw:frame><draw:text-box><text:p>In a box</text:p></draw:text-box></draw:frame></text:p>"#;
        assert_eq!(
            text(&odt(body, None)),
            "Data Engineer\nWe use Rust   and\tSQL & more.\nNext line.\n\n• Python\ncontinued\n• Nested\n\n\
             Skill | Level\n\nFootnote text\nNote here\nIn a box\n"
        );
    }

    #[test]
    fn headers_and_footers_from_styles() {
        let styles = r#"<style:master-page style:name="Standard"><style:header><text:p>Jane Doe CV</text:p></style:header>
            <style:footer><text:p>Page <text:page-number>1</text:page-number></text:p></style:footer></style:master-page>"#;
        assert_eq!(text(&odt("<text:p>Body</text:p>", Some(styles))), "Jane Doe CV\n\nBody\n\nPage 1\n");
    }

    #[test]
    fn broken_packages_are_corrupt() {
        assert!(matches!(extract_all(&package(&[("mimetype", "x")])), Err(Failure::Corrupt(_))));
        assert!(matches!(extract_all(b"PK\x03\x04junk"), Err(Failure::Corrupt(_))));
        let bad = package(&[("content.xml", "<office:body><office:text><text:p>x</text:p><!-- cut")]);
        assert!(matches!(extract_all(&bad), Err(Failure::Corrupt(_))));
    }
}
