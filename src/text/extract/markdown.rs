//! Markdown: read as text, with its markup blanked out so it neither matches skills nor
//! moves offsets.
//!
//! Markdown job descriptions often carry inline HTML (a `<dl>` summary table) and links
//! whose URLs would otherwise be analysed as words ("govuk", "summary", "list"). Every byte
//! of an HTML tag, comment or link target is replaced by a space, so the text keeps its
//! length and evidence offsets still point into the file as it is.

/// Blank out inline HTML tags, comments and the `(url)` of `[text](url)` links.
pub fn blank_markup(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        let span = match bytes[i] {
            b'<' => html_tag_end(bytes, i),
            b']' if bytes.get(i + 1) == Some(&b'(') => link_target_end(bytes, i + 1),
            _ => None,
        };
        match span {
            Some(end) => {
                let start = if bytes[i] == b']' { i + 1 } else { i };
                out[start..end].fill(b' ');
                i = end;
            }
            None => i += 1,
        }
    }
    // Only whole runs of bytes were replaced by ASCII spaces, so this is still UTF-8; fall
    // back to the original text if that ever did not hold.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// End (exclusive) of an HTML tag or comment starting at `start`, if it is one: `<a …>`,
/// `</div>`, `<!-- … -->`, `<br/>`. A lone `<` ("x < y") is not.
fn html_tag_end(bytes: &[u8], start: usize) -> Option<usize> {
    let next = *bytes.get(start + 1)?;
    if bytes[start..].starts_with(b"<!--") {
        let close = find(bytes, start + 4, b"-->")?;
        return Some(close + 3);
    }
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
        return None;
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i + 1),
            b'<' | b'\n' if i - start > 200 => return None,
            b'<' => return None,
            _ => i += 1,
        }
    }
    None
}

/// End (exclusive) of `(url)` starting at `open`, when it looks like a link target (no
/// white space inside).
fn link_target_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b')' => return (i > open + 1).then_some(i + 1),
            b' ' | b'\n' | b'\t' => return None,
            _ => i += 1,
        }
    }
    None
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_comments_and_link_targets_become_spaces_of_the_same_length() {
        let text =
            "<dl class=\"x\"><dt>Grade</dt></dl>\nSee [the guide](https://example.org/a_b) <!-- note -->now.";
        let blanked = blank_markup(text);
        assert_eq!(blanked.len(), text.len());
        assert_eq!(
            blanked.split_whitespace().collect::<Vec<_>>(),
            ["Grade", "See", "[the", "guide]", "now."]
        );
    }

    #[test]
    fn comparisons_and_plain_brackets_stay() {
        for text in ["if x < y and y > z", "a [note] (aside)", "<3 years", "unclosed <b", "é <é> ü"] {
            let blanked = blank_markup(text);
            assert_eq!(blanked.len(), text.len(), "{text}");
            if !text.contains("<é>") {
                assert_eq!(blanked, text, "{text}");
            }
        }
    }
}
