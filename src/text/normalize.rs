//! Normalisation that the English analyzer applies before stemming, as plain functions:
//!
//! * [`scan_tech_token`] recognises technical names that a plain alphanumeric tokenizer would
//!   destroy (`C++`, `C#`, `.NET`, `Node.js`, `CI/CD`, `R&D`, `T-SQL`, `e-commerce`, …) and
//!   gives the single index term each one becomes;
//! * [`normalize_spelling`] makes British and American spellings meet (`organization` →
//!   `organisation`, `analyze` → `analyse`, `behavior` → `behaviour`, `modeling` →
//!   `modelling`, …), always towards the British form SFIA uses, with a few exceptions noted
//!   in the table;
//! * [`is_unstemmed_term`] names the terms the stemmer must leave alone (`nodejs` would
//!   otherwise lose its `s`).
//!
//! Everything here is a linear scan over ASCII with small const tables: no allocation unless
//! a term is rewritten.

use std::borrow::Cow;

/// A technical token recognised by [`scan_tech_token`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TechToken {
    /// Byte offset one past the end of the recognised span in the scanned text.
    pub end: usize,
    /// The index term it becomes: lowercase ASCII, e.g. `cplusplus`, `aspdotnet`, `nodejs`.
    pub term: Cow<'static, str>,
}

/// Pairs joined by a separator that form one technical term: (left, separator, right, term).
/// Both sides are compared case-insensitively and must be whole alphanumeric runs.
/// `UI/UX` is deliberately absent: `ui` and `ux` are useful terms on their own, and the
/// tokenizer splits them at the slash anyway.
const JOINED_PAIRS: &[(&str, u8, &str, &str)] = &[
    ("a", b'/', "b", "ab"),
    ("at", b'&', "t", "att"),
    ("ci", b'/', "cd", "cicd"),
    ("i", b'/', "o", "io"),
    ("m", b'&', "a", "mna"),
    ("objective", b'-', "c", "objectivec"),
    ("p", b'&', "l", "pnl"),
    ("pl", b'/', "sql", "plsql"),
    ("q", b'&', "a", "qna"),
    ("r", b'&', "d", "rnd"),
    ("t", b'-', "sql", "tsql"),
    ("tcp", b'/', "ip", "tcpip"),
    ("wi", b'-', "fi", "wifi"),
];

/// Characters before a run that mean it is part of a URL, path, e-mail or dotted chain, where
/// `x.net` / `x.js` is a host or file name rather than a technology.
const URLISH_BEFORE: &[char] = &['.', '/', '@', ':', '\\', '_', '~', '='];

/// Recognise a technical token starting at byte `start` of `text`.
///
/// `start` should be where an alphanumeric run or a `.` begins; the character before it must
/// not be alphanumeric (a token cannot start inside a word). Returns the end of the span and
/// its canonical term, or `None` when no technical token starts there. Never panics: an
/// out-of-range or non-boundary `start` gives `None`.
///
/// Recognised: `C++` → `cplusplus`; `C#`, `F#` → `csharp`, `fsharp`; `.NET` → `dotnet`;
/// `X.NET` → `xdotnet` (`ASP.NET` → `aspdotnet`, `VB.NET` → `vbdotnet`); `X.js` → `xjs`
/// (`Node.js` → `nodejs`, `Vue.js` → `vuejs`, `D3.js` → `d3js`); the pairs `CI/CD`, `TCP/IP`,
/// `PL/SQL`, `A/B`, `I/O`, `R&D`, `M&A`, `Q&A`, `P&L`, `AT&T`, `T-SQL`, `Objective-C`, `Wi-Fi`;
/// `e-` compounds (`e-mail` → `email`, `e-commerce` → `ecommerce`).
pub fn scan_tech_token(text: &str, start: usize) -> Option<TechToken> {
    if start >= text.len() || !text.is_char_boundary(start) {
        return None;
    }
    let bytes = text.as_bytes();
    let prev = text[..start].chars().next_back();
    if prev.is_some_and(char::is_alphanumeric) {
        return None;
    }
    if bytes[start] == b'.' {
        // ".NET" on its own ("C#/.NET" included); "example.net" never gets here (the run
        // before the dot is a word), "x..net" and "_.net" are not .NET.
        if prev.is_some_and(|c| matches!(c, '.' | '@' | '\\' | '_')) {
            return None;
        }
        let end = ascii_run(bytes, start + 1);
        if end - (start + 1) == 3 && bytes[start + 1..end].eq_ignore_ascii_case(b"net") && boundary(text, end)
        {
            return Some(TechToken { end, term: Cow::Borrowed("dotnet") });
        }
        return None;
    }
    let run_end = ascii_run(bytes, start);
    if run_end == start || !boundary(text, run_end) {
        return None;
    }
    let word = &text[start..run_end];
    let next = bytes.get(run_end).copied();
    match next {
        Some(b'+') if word.eq_ignore_ascii_case("c") && bytes.get(run_end + 1) == Some(&b'+') => {
            let end = run_end + 2;
            // "C+++" is not C++; "C++11" is (the version becomes its own token).
            if bytes.get(end) == Some(&b'+') {
                return None;
            }
            Some(TechToken { end, term: Cow::Borrowed("cplusplus") })
        }
        Some(b'#') if boundary(text, run_end + 1) => {
            let term = if word.eq_ignore_ascii_case("c") {
                "csharp"
            } else if word.eq_ignore_ascii_case("f") {
                "fsharp"
            } else {
                return None;
            };
            Some(TechToken { end: run_end + 1, term: Cow::Borrowed(term) })
        }
        Some(b'.') => {
            if prev.is_some_and(|c| URLISH_BEFORE.contains(&c)) {
                return None;
            }
            let end = ascii_run(bytes, run_end + 1);
            if end == run_end + 1 || !boundary(text, end) || dotted_continues(bytes, end) {
                return None;
            }
            let suffix = &bytes[run_end + 1..end];
            let tail = if suffix.eq_ignore_ascii_case(b"js") {
                "js"
            } else if suffix.eq_ignore_ascii_case(b"net") {
                "dotnet"
            } else {
                return None;
            };
            let mut term = String::with_capacity(word.len() + tail.len());
            term.push_str(word);
            term.make_ascii_lowercase();
            term.push_str(tail);
            Some(TechToken { end, term: Cow::Owned(term) })
        }
        Some(sep @ (b'/' | b'&' | b'-')) => {
            let end = ascii_run(bytes, run_end + 1);
            if end == run_end + 1 || !boundary(text, end) {
                return None;
            }
            let right = &text[run_end + 1..end];
            // "CI/CD/CT", "a-b-c": a chain is not one of the known pairs.
            if bytes.get(end).is_some_and(|&b| b == sep)
                && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
            {
                return None;
            }
            for &(l, s, r, term) in JOINED_PAIRS {
                if s == sep && word.eq_ignore_ascii_case(l) && right.eq_ignore_ascii_case(r) {
                    return Some(TechToken { end, term: Cow::Borrowed(term) });
                }
            }
            // e-mail, e-commerce, e-learning, e-business: written solid just as often.
            if sep == b'-'
                && word.eq_ignore_ascii_case("e")
                && right.len() >= 3
                && right.bytes().all(|b| b.is_ascii_alphabetic())
            {
                let mut term = String::with_capacity(right.len() + 1);
                term.push('e');
                term.push_str(right);
                term.make_ascii_lowercase();
                return Some(TechToken { end, term: Cow::Owned(term) });
            }
            None
        }
        _ => None,
    }
}

/// The canonical term when the whole of `s` is one technical token (`"ASP.NET"` →
/// `"aspdotnet"`), else `None`. Convenience over [`scan_tech_token`].
pub fn tech_token(s: &str) -> Option<Cow<'static, str>> {
    match scan_tech_token(s, 0) {
        Some(t) if t.end == s.len() => Some(t.term),
        _ => None,
    }
}

/// True for terms the stemmer must not touch: the technical terms whose endings look like
/// English inflections (`nodejs`, `reactjs` would lose their `s`; `cplusplus` its `us`).
/// Applies equally to terms typed solid (`NodeJS`), so index and query agree.
pub fn is_unstemmed_term(term: &str) -> bool {
    matches!(term, "cplusplus" | "csharp" | "fsharp")
        || term.ends_with("dotnet")
        || (term.len() >= 2 && term.ends_with("js"))
}

/// End of the ASCII alphanumeric run starting at `i`.
fn ascii_run(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// True when no alphanumeric character (ASCII or not) follows at `i`.
fn boundary(text: &str, i: usize) -> bool {
    !matches!(text.get(i..).and_then(|s| s.chars().next()), Some(c) if c.is_alphanumeric())
}

/// True when a dotted name goes on after `i` ("node.js.org", "x.net.au"): a host name.
fn dotted_continues(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
}

/// Exact American → British (or preferred) forms that no suffix rule covers. Sorted by the
/// first column (checked by a test) for binary search. `licence` goes the other way because
/// `license` is the verb in both spellings.
const SPELLING_TABLE: &[(&str, &str)] = &[
    ("acknowledgment", "acknowledgement"),
    ("acknowledgments", "acknowledgements"),
    ("aging", "ageing"),
    ("analog", "analogue"),
    ("analogs", "analogues"),
    ("artifact", "artefact"),
    ("artifacts", "artefacts"),
    ("benefitted", "benefited"),
    ("benefitting", "benefiting"),
    ("catalog", "catalogue"),
    ("cataloged", "catalogued"),
    ("cataloging", "cataloguing"),
    ("catalogs", "catalogues"),
    ("center", "centre"),
    ("centered", "centred"),
    ("centering", "centring"),
    ("centers", "centres"),
    ("defense", "defence"),
    ("defenses", "defences"),
    ("dialog", "dialogue"),
    ("dialogs", "dialogues"),
    ("enroll", "enrol"),
    ("enrollment", "enrolment"),
    ("enrollments", "enrolments"),
    ("enrolls", "enrols"),
    ("fiber", "fibre"),
    ("fibers", "fibres"),
    ("focussed", "focused"),
    ("focusses", "focuses"),
    ("focussing", "focusing"),
    ("fulfill", "fulfil"),
    ("fulfillment", "fulfilment"),
    ("fulfillments", "fulfilments"),
    ("fulfills", "fulfils"),
    ("gray", "grey"),
    ("instill", "instil"),
    ("instills", "instils"),
    ("judgment", "judgement"),
    ("judgments", "judgements"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("maneuver", "manoeuvre"),
    ("maneuvers", "manoeuvres"),
    ("offense", "offence"),
    ("offenses", "offences"),
    ("practise", "practice"),
    ("practised", "practiced"),
    ("practises", "practices"),
    ("practising", "practicing"),
    ("skillful", "skilful"),
    ("skillfully", "skilfully"),
    ("theater", "theatre"),
    ("theaters", "theatres"),
    ("willful", "wilful"),
];

/// Words whose "ize" belongs to the root, not the -ize suffix: never rewritten to -ise.
#[rustfmt::skip]
const IZE_ROOTS: &[&str] = &[
    "assize", "baize", "capsize", "maize", "prize", "seize",
];

/// Prefixes that make a compound of "size" (resize, downsize, oversize, …).
#[rustfmt::skip]
const SIZE_PREFIXES: &[&str] = &[
    "", "bite", "down", "full", "king", "life", "mid", "mini", "one", "out", "over", "pint", "pocket",
    "queen", "re", "right", "super", "under", "up", "wrong",
];

/// Endings after "iz" that mark the -ize suffix family.
#[rustfmt::skip]
const IZE_ENDINGS: &[&str] = &[
    "e", "es", "ed", "ing", "er", "ers", "able", "ation", "ations", "ational", "ationally",
];

/// Endings after "yz" that mark the -yze family (analyze, paralyze, catalyze).
#[rustfmt::skip]
const YZE_ENDINGS: &[&str] = &[
    "e", "es", "ed", "ing", "er", "ers", "able",
];

/// American -or stems whose British form is -our (labor → labour but laboratory untouched).
#[rustfmt::skip]
const OUR_STEMS: &[&str] = &[
    "armor", "behavior", "candor", "clamor", "color", "endeavor", "favor", "fervor", "flavor", "harbor",
    "honor", "humor", "labor", "neighbor", "odor", "parlor", "rigor", "rumor", "savior", "splendor",
    "tumor", "valor", "vapor", "vigor",
];

/// Endings that may follow an -or/-our stem. Kept short so that unrelated words (laboratory,
/// honorary, humorous, which British English spells the same) are not touched.
#[rustfmt::skip]
const OUR_ENDINGS: &[&str] = &[
    "", "s", "ed", "ing", "ings", "al", "ally", "er", "ers", "ful", "fully", "less", "ite", "ites", "able",
    "ably", "hood", "hoods", "ly", "ism", "ist", "ists",
];

/// Verbs ending in a single l that British English doubles before -ed/-ing/-er.
#[rustfmt::skip]
const DOUBLE_L_BASES: &[&str] = &[
    "cancel", "channel", "counsel", "dial", "duel", "equal", "fuel", "funnel", "initial", "jewel", "label",
    "level", "libel", "marshal", "marvel", "model", "panel", "pedal", "quarrel", "rival", "shovel",
    "signal", "snorkel", "spiral", "total", "travel", "tunnel", "unravel",
];

/// Endings before which British English doubles the final l of [`DOUBLE_L_BASES`].
#[rustfmt::skip]
const DOUBLE_L_ENDINGS: &[&str] = &[
    "ed", "ing", "ings", "er", "ers", "or", "ors", "ation", "ations",
];

/// Words the Porter2 stemmer would put in the wrong family, mapped to a word of the right
/// one (which is then stemmed). Sorted for binary search. "programmer" would otherwise stem
/// to "programm", the stem of SFIA's "programme"; "analysis" and "strategic" would not meet
/// "analyse" and "strategy".
const WORD_FAMILIES: &[(&str, &str)] = &[
    ("analysis", "analyse"),
    ("diagnosis", "diagnose"),
    ("programmable", "program"),
    ("programmer", "program"),
    ("programmers", "program"),
    ("strategic", "strategy"),
    ("strategically", "strategy"),
];

/// A word of the same family that stems the way the matcher needs, for the few lowercase
/// words Porter2 gets wrong for skills text (`programmer` → `program`, so that it does not
/// meet `programme`; `analysis` → `analyse`; `strategic` → `strategy`), else `None`.
pub fn word_family(word: &str) -> Option<&'static str> {
    WORD_FAMILIES.binary_search_by(|(w, _)| w.cmp(&word)).ok().map(|i| WORD_FAMILIES[i].1)
}

/// The British spelling of a lowercase word when it differs, else `None`.
///
/// Rules, in order: an explicit table (center → centre, catalog → catalogue, …);
/// -ize/-ization/-izer/… → -ise/… (except where "ize" is part of the root: size and its
/// compounds, seize, prize, capsize, maize); -yze/-yzed/-yzing → -yse/…; -or → -our for
/// a list of stems (behavior, color, labor, …); a doubled l before -ed/-ing/-er for a list
/// of verbs (modeling → modelling). `program` and `programme` are deliberately kept
/// apart: SFIA's "programme management" and "programming" are different skills. Words
/// with uppercase or non-ASCII letters are left alone (the analyzer lowercases and folds
/// before calling this).
pub fn normalize_spelling(word: &str) -> Option<String> {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return None;
    }
    if let Ok(i) = SPELLING_TABLE.binary_search_by(|(us, _)| us.cmp(&word)) {
        return Some(SPELLING_TABLE[i].1.to_string());
    }
    if let Some(s) = ize_to_ise(word) {
        return Some(s);
    }
    if let Some(s) = yze_to_yse(word) {
        return Some(s);
    }
    // Every word of a document passes here: the first byte rules out most entries
    // before a comparison is made.
    let first = word.as_bytes()[0];
    for stem in OUR_STEMS.iter().filter(|s| s.as_bytes().first() == Some(&first)) {
        if let Some(ending) = word.strip_prefix(stem) {
            if OUR_ENDINGS.contains(&ending) {
                let mut s = String::with_capacity(word.len() + 1);
                s.push_str(&stem[..stem.len() - 1]);
                s.push_str("ur");
                s.push_str(ending);
                return Some(s);
            }
        }
    }
    for base in DOUBLE_L_BASES.iter().filter(|b| b.as_bytes().first() == Some(&first)) {
        if let Some(ending) = word.strip_prefix(base) {
            if DOUBLE_L_ENDINGS.contains(&ending) {
                let mut s = String::with_capacity(word.len() + 1);
                s.push_str(base);
                s.push('l');
                s.push_str(ending);
                return Some(s);
            }
        }
    }
    None
}

/// -ize family → -ise, unless the "ize" is part of the root.
fn ize_to_ise(word: &str) -> Option<String> {
    let pos = word.rfind("iz")?;
    let (stem, ending) = (&word[..pos], &word[pos + 2..]);
    if stem.len() < 2 || !IZE_ENDINGS.contains(&ending) {
        return None;
    }
    // The base form "stem + ize" decides whether the root owns the "ize".
    let is_root = IZE_ROOTS.iter().any(|r| r.len() == stem.len() + 3 && r.starts_with(stem))
        || stem.strip_suffix('s').is_some_and(|prefix| SIZE_PREFIXES.contains(&prefix));
    if is_root {
        return None;
    }
    let mut s = String::with_capacity(word.len());
    s.push_str(stem);
    s.push_str("is");
    s.push_str(ending);
    Some(s)
}

/// -yze family → -yse (analyze → analyse, paralyzed → paralysed).
fn yze_to_yse(word: &str) -> Option<String> {
    let pos = word.rfind("yz")?;
    let (stem, ending) = (&word[..pos], &word[pos + 2..]);
    if stem.len() < 2 || !YZE_ENDINGS.contains(&ending) {
        return None;
    }
    let mut s = String::with_capacity(word.len());
    s.push_str(stem);
    s.push_str("ys");
    s.push_str(ending);
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tech(s: &str) -> Option<String> {
        tech_token(s).map(|c| c.into_owned())
    }

    #[test]
    fn tech_tokens_whole() {
        for (input, want) in [
            ("C++", "cplusplus"),
            ("c++", "cplusplus"),
            ("C#", "csharp"),
            ("f#", "fsharp"),
            (".NET", "dotnet"),
            (".net", "dotnet"),
            ("ASP.NET", "aspdotnet"),
            ("VB.NET", "vbdotnet"),
            ("ADO.NET", "adodotnet"),
            ("Node.js", "nodejs"),
            ("Vue.js", "vuejs"),
            ("React.JS", "reactjs"),
            ("D3.js", "d3js"),
            ("CI/CD", "cicd"),
            ("TCP/IP", "tcpip"),
            ("PL/SQL", "plsql"),
            ("A/B", "ab"),
            ("I/O", "io"),
            ("R&D", "rnd"),
            ("M&A", "mna"),
            ("T-SQL", "tsql"),
            ("Objective-C", "objectivec"),
            ("Wi-Fi", "wifi"),
            ("e-mail", "email"),
            ("E-Commerce", "ecommerce"),
        ] {
            assert_eq!(tech(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn not_tech_tokens() {
        for input in ["UI/UX", "C", "C+", "Java", "B#", "www.example.net", "and/or", "x-ray", "e-1"] {
            assert_eq!(tech(input), None, "{input}");
        }
    }

    #[test]
    fn scan_in_context() {
        let text = "Skills: C++17, C#/.NET, ASP.NET Core, Node.js. Also CI/CD.";
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(
            scan_tech_token(text, at("C++")),
            Some(TechToken { end: at("C++") + 3, term: "cplusplus".into() })
        );
        assert_eq!(scan_tech_token(text, at("C#")).unwrap().end, at("C#") + 2);
        assert_eq!(scan_tech_token(text, at(".NET")).unwrap().term, "dotnet");
        assert_eq!(scan_tech_token(text, at("ASP")).unwrap().term, "aspdotnet");
        let node = scan_tech_token(text, at("Node")).unwrap();
        assert_eq!((&text[at("Node")..node.end], &*node.term), ("Node.js", "nodejs"));
        assert_eq!(scan_tech_token(text, at("CI/")).unwrap().term, "cicd");
        // Not at a word start.
        assert_eq!(scan_tech_token(text, at("ET Core")), None);
        // URLs and hosts are not technologies.
        let url = "see https://www.example.net/x and mail@node.js.org";
        assert_eq!(scan_tech_token(url, url.find("example").unwrap()), None);
        assert_eq!(scan_tech_token(url, url.find("node").unwrap()), None);
        // Out of range or inside a char: None, no panic.
        assert_eq!(scan_tech_token("é", 1), None);
        assert_eq!(scan_tech_token("x", 5), None);
        // "C++" followed by a non-ASCII letter is still C++ (the "+" ends the word).
        assert_eq!(tech("C++"), Some("cplusplus".into()));
        assert_eq!(scan_tech_token("Cé#", 0), None);
    }

    #[test]
    fn unstemmed_terms() {
        assert!(is_unstemmed_term("nodejs"));
        assert!(is_unstemmed_term("aspdotnet"));
        assert!(is_unstemmed_term("cplusplus"));
        assert!(!is_unstemmed_term("manages"));
    }

    #[test]
    fn tables_sorted() {
        assert!(SPELLING_TABLE.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(WORD_FAMILIES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn word_families() {
        assert_eq!(word_family("programmer"), Some("program"));
        assert_eq!(word_family("analysis"), Some("analyse"));
        assert_eq!(word_family("programme"), None);
    }

    fn norm(w: &str) -> String {
        normalize_spelling(w).unwrap_or_else(|| w.to_string())
    }

    #[test]
    fn ize_family() {
        for (us, gb) in [
            ("organization", "organisation"),
            ("organizations", "organisations"),
            ("organizational", "organisational"),
            ("organize", "organise"),
            ("organized", "organised"),
            ("organizer", "organiser"),
            ("optimize", "optimise"),
            ("optimizing", "optimising"),
            ("prioritize", "prioritise"),
            ("prioritization", "prioritisation"),
            ("standardizes", "standardises"),
            ("emphasize", "emphasise"),
            ("synthesize", "synthesise"),
            ("customizable", "customisable"),
            ("analyze", "analyse"),
            ("analyzes", "analyses"),
            ("analyzed", "analysed"),
            ("analyzing", "analysing"),
            ("analyzer", "analyser"),
            ("paralyzed", "paralysed"),
        ] {
            assert_eq!(norm(us), gb, "{us}");
            // British forms are already canonical.
            assert_eq!(norm(gb), gb, "{gb}");
        }
    }

    #[test]
    fn ize_roots_untouched() {
        for w in [
            "size",
            "sizes",
            "sizing",
            "resize",
            "resized",
            "downsizing",
            "oversized",
            "rightsizing",
            "seize",
            "seized",
            "prize",
            "prizes",
            "capsize",
            "maize",
            "citizen",
            "wizard",
            "horizon",
            "quizzes",
            "kaizen",
            "sizable",
        ] {
            assert_eq!(normalize_spelling(w), None, "{w}");
        }
    }

    #[test]
    fn explicit_and_pattern_spellings() {
        for (us, gb) in [
            ("behavior", "behaviour"),
            ("behaviors", "behaviours"),
            ("behavioral", "behavioural"),
            ("color", "colour"),
            ("favorite", "favourite"),
            ("labor", "labour"),
            ("honorable", "honourable"),
            ("neighborhood", "neighbourhood"),
            ("center", "centre"),
            ("centered", "centred"),
            ("defense", "defence"),
            ("catalog", "catalogue"),
            ("modeling", "modelling"),
            ("modeled", "modelled"),
            ("modeler", "modeller"),
            ("labeled", "labelled"),
            ("traveled", "travelled"),
            ("traveling", "travelling"),
            ("canceled", "cancelled"),
            ("cancelation", "cancellation"),
            ("counselor", "counsellor"),
            ("fulfill", "fulfil"),
            ("fulfillment", "fulfilment"),
            ("enroll", "enrol"),
            ("judgment", "judgement"),
            ("aging", "ageing"),
            ("licence", "license"),
            ("practising", "practicing"),
        ] {
            assert_eq!(norm(us), gb, "{us}");
        }
    }

    #[test]
    fn kept_apart_or_unchanged() {
        for w in [
            "program",
            "programme",
            "programming",
            "laboratory",
            "honorary",
            "humorous",
            "model",
            "models",
            "label",
            "modelling",
            "colour",
            "license",
            "advise",
            "exercise",
            "enterprise",
            "expertise",
            "analysis",
            "data",
            "it",
            "a",
            "fulfilled",
            "controlled",
        ] {
            assert_eq!(normalize_spelling(w), None, "{w}");
        }
        // Not lowercase ASCII: left to the caller.
        assert_eq!(normalize_spelling("Organization"), None);
        assert_eq!(normalize_spelling("organizé"), None);
    }
}
