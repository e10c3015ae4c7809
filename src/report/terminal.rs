//! Text for a terminal, made harmless: the one place that decides what of a document's
//! text, a file name or a framework's text may reach a terminal.
//!
//! A terminal obeys control characters: `ESC[8m` in a CV would hide every later row of a
//! `rank` table, an OSC sequence can retitle the window or plant a link, a carriage
//! return can overwrite what was printed before it. Every writer for a terminal (tables,
//! `show`'s text, warnings and errors on stderr) passes such text through [`sanitize`],
//! which keeps line feeds (tables and messages use them), turns tabs into spaces and shows
//! every other C0 control, DEL and C1 control visibly as an escape (`\x1b`, `\x7f`,
//! `\u{9b}`), so a reader sees that the text held one. Colours are added by
//! [`super::color`] after sanitising, so they are the only escapes a table carries.
//! JSON output escapes control characters itself, and HTML output escapes its text.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is a character [`sanitize`] rewrites.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n') || c == '\t'
}

/// `text` with every control character but the line feed made visible (tab: a space;
/// C0 controls and DEL: `\xNN`; C1 controls: `\u{NN}`). Borrowed when there is none, which
/// is almost always.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            c if is_control(c) && (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_line_feeds_kept_tabs_spaced() {
        assert!(matches!(sanitize("plain text, é and 日本"), Cow::Borrowed(_)));
        assert_eq!(sanitize("a\x1b[8mb"), "a\\x1b[8mb");
        assert_eq!(sanitize("\x1b]8;;http://x\x07link"), "\\x1b]8;;http://x\\x07link");
        assert_eq!(sanitize("one\ntwo\tthree\r"), "one\ntwo three\\x0d");
        assert_eq!(sanitize("\u{9b}31m\u{7f}\0"), "\\u{9b}31m\\x7f\\x00");
        assert_eq!(sanitize("\u{85}"), "\\u{85}", "NEL is a C1 control too");
    }
}
