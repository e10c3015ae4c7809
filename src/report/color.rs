//! Colour for tables: plain ANSI SGR codes around single cells, each reset right after, so
//! every line ends reset and `less -R` pages the output well (no cursor movement, ever).

/// When to colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// When standard output is a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    /// Always, even into a pipe or with `NO_COLOR` set.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour, given the value of `NO_COLOR` and whether the output is a
    /// terminal. `NO_COLOR` set to anything non-empty turns `auto` off (no-color.org).
    pub fn enabled(self, no_color: Option<&std::ffi::OsStr>, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => no_color.is_none_or(|v| v.is_empty()) && is_terminal,
        }
    }
}

/// Paints table cells, or leaves them as they are when colour is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paint {
    /// Colour on or off.
    pub enabled: bool,
}

impl Paint {
    /// A painter that colours when `enabled`.
    pub fn new(enabled: bool) -> Paint {
        Paint { enabled }
    }

    /// `text` wrapped in the SGR sequence `sgr` and a reset. Pad before painting: the
    /// escapes take no columns on screen but do count as characters.
    pub fn sgr(&self, sgr: &str, text: &str) -> String {
        if self.enabled && !text.is_empty() {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A skill code: bold cyan.
    pub fn code(&self, text: &str) -> String {
        self.sgr("1;36", text)
    }

    /// A level: bold.
    pub fn level(&self, text: &str) -> String {
        self.sgr("1", text)
    }

    /// A met requirement (or a good fit): green.
    pub fn good(&self, text: &str) -> String {
        self.sgr("32", text)
    }

    /// A requirement below its level: yellow.
    pub fn warn(&self, text: &str) -> String {
        self.sgr("33", text)
    }

    /// A missing requirement or a failure: red.
    pub fn bad(&self, text: &str) -> String {
        self.sgr("31", text)
    }

    /// Secondary text (headers, notes): dim.
    pub fn dim(&self, text: &str) -> String {
        self.sgr("2", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn choice_honours_no_color_and_the_terminal() {
        assert!(ColorChoice::Auto.enabled(None, true));
        assert!(!ColorChoice::Auto.enabled(None, false));
        assert!(!ColorChoice::Auto.enabled(Some(OsStr::new("1")), true));
        assert!(ColorChoice::Auto.enabled(Some(OsStr::new("")), true));
        assert!(ColorChoice::Always.enabled(Some(OsStr::new("1")), false));
        assert!(!ColorChoice::Never.enabled(None, true));
    }

    #[test]
    fn painting_resets_and_off_is_plain() {
        assert_eq!(Paint::new(true).bad("missing"), "\x1b[31mmissing\x1b[0m");
        assert_eq!(Paint::new(false).bad("missing"), "missing");
        assert_eq!(Paint::new(true).code(""), "");
    }
}
