//! Responsibility cues in the document itself: the words people use for each level
//! ("assists", "under supervision", "leads a team", "accountable for", "sets strategy"),
//! seniority in titles (junior … chief), years of experience, and the size of the teams and
//! budgets managed.
//!
//! Unlike the framework's texts, these are the language of adverts and CVs, so they are a
//! curated list. Each cue points at one level; where it stands in a sentence it is a
//! sentence cue (it moves the skills whose evidence that sentence is), titles, years and
//! sizes are document cues (they move every skill and the document level).

use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One cue found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelCue {
    /// The words as they stand in the text.
    pub text: String,
    /// Byte offset of the cue in the text.
    pub start: usize,
    /// Byte offset one past the cue.
    pub end: usize,
    /// The level it points at.
    pub level: u8,
    /// What kind of cue: "verb", "title", "years", "team", "budget".
    pub kind: &'static str,
}

/// Phrases and the level they point at. Matched on lowercase text at word boundaries.
/// Kept short and specific: a phrase that is common at several levels is left out.
const PHRASES: &[(&str, u8, &str)] = &[
    // Level 1: follow
    ("under close supervision", 1, "verb"),
    ("close supervision", 1, "verb"),
    ("follows instructions", 1, "verb"),
    ("follow instructions", 1, "verb"),
    ("following instructions", 1, "verb"),
    ("trainee", 1, "title"),
    ("apprentice", 1, "title"),
    ("intern", 1, "title"),
    ("internship", 1, "title"),
    ("entry level", 1, "title"),
    ("entry-level", 1, "title"),
    // Level 2: assist
    ("assists", 2, "verb"),
    ("assisting", 2, "verb"),
    ("assisted", 2, "verb"),
    ("assist with", 2, "verb"),
    ("assist in", 2, "verb"),
    ("helps", 2, "verb"),
    ("under routine supervision", 2, "verb"),
    ("under supervision", 2, "verb"),
    ("under guidance", 2, "verb"),
    ("junior", 2, "title"),
    ("graduate", 2, "title"),
    ("assistant", 2, "title"),
    // Level 3: apply
    ("under general direction", 3, "verb"),
    ("general direction", 3, "verb"),
    ("manages own work", 3, "verb"),
    ("own work", 3, "verb"),
    ("works independently", 3, "verb"),
    ("independently", 3, "verb"),
    ("carries out", 3, "verb"),
    ("performs", 3, "verb"),
    ("administrator", 3, "title"),
    ("analyst", 3, "title"),
    ("technician", 3, "title"),
    // Level 4: enable
    ("works autonomously", 4, "verb"),
    ("autonomously", 4, "verb"),
    ("guides others", 4, "verb"),
    ("mentors", 4, "verb"),
    ("mentoring", 4, "verb"),
    ("coaching", 4, "verb"),
    ("supervises", 4, "verb"),
    ("supervising", 4, "verb"),
    ("coordinates", 4, "verb"),
    ("delegates", 4, "verb"),
    ("designs", 4, "verb"),
    ("experienced", 4, "title"),
    ("senior", 4, "title"),
    ("specialist", 4, "title"),
    ("supervisor", 4, "title"),
    ("team leader", 5, "title"),
    // Level 5: ensure, advise
    ("leads a team", 5, "verb"),
    ("lead a team", 5, "verb"),
    ("leading a team", 5, "verb"),
    ("led a team", 5, "verb"),
    ("manages a team", 5, "verb"),
    ("managing a team", 5, "verb"),
    ("managed a team", 5, "verb"),
    ("line management", 5, "verb"),
    ("line manages", 5, "verb"),
    ("accountable for", 5, "verb"),
    ("responsible for delivering", 5, "verb"),
    ("ensures", 5, "verb"),
    ("advises", 5, "verb"),
    ("authoritative", 5, "verb"),
    ("broad direction", 5, "verb"),
    ("leads", 5, "verb"),
    ("manages", 5, "verb"),
    ("plans, implements", 5, "verb"),
    ("lead", 5, "title"),
    ("manager", 5, "title"),
    ("consultant", 5, "title"),
    ("architect", 5, "title"),
    ("owner", 5, "title"),
    // Level 6: initiate, influence
    ("head of", 6, "title"),
    ("principal", 6, "title"),
    ("senior manager", 6, "title"),
    ("programme manager", 6, "title"),
    ("shapes policy", 6, "verb"),
    ("sets policy", 6, "verb"),
    ("organisational influence", 6, "verb"),
    ("organizational influence", 6, "verb"),
    ("influences", 6, "verb"),
    ("initiates", 6, "verb"),
    ("across the organisation", 6, "verb"),
    ("across the organization", 6, "verb"),
    // Level 7: set strategy, inspire, mobilise
    ("sets strategy", 7, "verb"),
    ("set strategy", 7, "verb"),
    ("sets the strategy", 7, "verb"),
    ("sets the strategic direction", 7, "verb"),
    ("strategic direction", 7, "verb"),
    ("overall vision", 7, "verb"),
    ("inspires", 7, "verb"),
    ("mobilises", 7, "verb"),
    ("mobilizes", 7, "verb"),
    ("director", 7, "title"),
    ("chief", 7, "title"),
    ("vice president", 7, "title"),
    ("cio", 7, "title"),
    ("cto", 7, "title"),
    ("ciso", 7, "title"),
    ("cdo", 7, "title"),
    ("board level", 7, "verb"),
    ("executive", 7, "title"),
];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A word of the text: lowercase ASCII-folded letters/digits and its byte span.
fn words(lower: &str) -> Vec<(usize, usize)> {
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_word_byte(bytes[i]) {
            let start = i;
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// (phrase, level, kind) rows of [`PHRASES`] by their first word.
type PhraseTable = HashMap<&'static str, Vec<(&'static str, u8, &'static str)>>;

/// The phrase table indexed by first word, built once.
fn phrases_by_first_word() -> &'static PhraseTable {
    static TABLE: OnceLock<PhraseTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = PhraseTable::new();
        for &(phrase, level, kind) in PHRASES {
            let first = phrase.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or(phrase);
            table.entry(first).or_default().push((phrase, level, kind));
        }
        table
    })
}

/// Every phrase cue in `text`. Overlapping cues keep the longest ("senior manager" over
/// "senior" and "manager"). One pass over the words: each word looks up the phrases that
/// start with it.
pub fn find_phrase_cues(text: &str) -> Vec<LevelCue> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let table = phrases_by_first_word();
    let mut found: Vec<LevelCue> = Vec::new();
    for (start, word_end) in words(&lower) {
        let Some(candidates) = table.get(&lower[start..word_end]) else { continue };
        for &(phrase, level, kind) in candidates {
            let end = start + phrase.len();
            if lower.get(start..end) == Some(phrase) && (end == bytes.len() || !is_word_byte(bytes[end])) {
                found.push(LevelCue { text: text[start..end].to_string(), start, end, level, kind });
            }
        }
    }
    keep_longest(found)
}

fn keep_longest(mut cues: Vec<LevelCue>) -> Vec<LevelCue> {
    cues.sort_by(|a, b| a.start.cmp(&b.start).then((b.end - b.start).cmp(&(a.end - a.start))));
    let mut out: Vec<LevelCue> = Vec::with_capacity(cues.len());
    for cue in cues {
        if out.last().is_some_and(|last| cue.start < last.end) {
            continue;
        }
        out.push(cue);
    }
    out
}

/// Numbers stated next to "years", "team of", "reports", "budget": document cues.
pub fn find_number_cues(text: &str) -> Vec<LevelCue> {
    let lower = text.to_ascii_lowercase();
    let mut cues = Vec::new();
    for (start, end, number) in numbers(&lower) {
        let after = window(&lower, end, end + 40);
        let before = window(&lower, start.saturating_sub(30), start);
        let after_words = after.trim_start_matches(['+', ' ', '-']);
        let (kind, level) = if after_words.starts_with("year") || after_words.starts_with("yrs") {
            if !(after.contains("experience") || before.contains("experience") || after_words.contains("of "))
            {
                continue;
            }
            let level = match number {
                n if n < 2.0 => 2,
                n if n < 4.0 => 3,
                n if n < 6.0 => 4,
                n if n < 10.0 => 5,
                _ => 6,
            };
            ("years", level)
        } else if before.ends_with("team of ")
            || after_words.starts_with("direct report")
            || after_words.starts_with("reports")
            || after_words.starts_with("staff")
            || after_words.starts_with("people")
            || after_words.starts_with("engineers")
        {
            if !(before.contains("manag") || before.contains("lead") || before.contains("team of")) {
                continue;
            }
            let level = match number {
                n if n < 2.0 => continue,
                n if n < 20.0 => 5,
                n if n < 100.0 => 6,
                _ => 7,
            };
            ("team", level)
        } else if before.contains("budget") || after.contains("budget") {
            let scaled = money_scale(window(&lower, start.saturating_sub(1), end + 10), number);
            let level = match scaled {
                n if n < 100_000.0 => continue,
                n if n < 1_000_000.0 => 5,
                n if n < 10_000_000.0 => 6,
                _ => 7,
            };
            ("budget", level)
        } else {
            continue;
        };
        cues.push(LevelCue { text: text[start..end].to_string(), start, end, level, kind });
    }
    cues
}

/// `text[from..to]` with both ends clamped to the text and moved onto char boundaries
/// (outwards for `from`, inwards for `to`), so windows around a match never split a character.
fn window(text: &str, from: usize, to: usize) -> &str {
    let mut from = from.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = to.min(text.len()).max(from);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[from..to.max(from)]
}

/// (start, end, value) of every number in the text ("12", "3.5", "1,500").
fn numbers(text: &str) -> Vec<(usize, usize, f64)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || ((bytes[i] == b',' || bytes[i] == b'.')
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            let digits: String = text[start..i].chars().filter(|c| *c != ',').collect();
            if let Ok(value) = digits.parse::<f64>() {
                out.push((start, i, value));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// "£5m", "$2 million", "500k": the amount in units.
fn money_scale(around: &str, number: f64) -> f64 {
    let tail = around.trim_start_matches(|c: char| !c.is_ascii_digit());
    let tail = tail.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',').trim_start();
    if tail.starts_with("bn") || tail.starts_with("billion") {
        number * 1e9
    } else if tail.starts_with('m') {
        number * 1e6
    } else if tail.starts_with('k') || tail.starts_with("thousand") {
        number * 1e3
    } else {
        number
    }
}

/// Every cue of `text`, phrases and numbers, in text order.
pub fn find_cues(text: &str) -> Vec<LevelCue> {
    let mut cues = find_phrase_cues(text);
    cues.extend(find_number_cues(text));
    cues.sort_by_key(|c| c.start);
    cues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(text: &str) -> Vec<(String, u8)> {
        find_cues(text).into_iter().map(|c| (c.text, c.level)).collect()
    }

    #[test]
    fn phrases_at_word_boundaries_longest_first() {
        assert_eq!(
            levels("Senior Manager, sets strategy"),
            vec![("Senior Manager".into(), 6), ("sets strategy".into(), 7)]
        );
        assert_eq!(levels("leadership"), vec![], "'lead' inside a word is no cue");
        assert_eq!(
            levels("Assists the team under close supervision"),
            vec![("Assists".into(), 2), ("under close supervision".into(), 1)]
        );
    }

    #[test]
    fn years_of_experience() {
        assert_eq!(levels("5+ years of experience in Java"), vec![("5".into(), 4)]);
        assert_eq!(levels("at least 10 years' experience"), vec![("10".into(), 6)]);
        assert_eq!(levels("in 2019 we grew"), vec![]);
    }

    #[test]
    fn windows_never_split_characters() {
        for text in
            ["£12m budget", "budget of £12m", "€5 million budget and 3 years’ experience", "ü1ü years"]
        {
            let _ = find_cues(text);
        }
        assert_eq!(window("a£b", 2, 3), "£");
        assert_eq!(window("a£b", 0, 2), "a");
    }

    #[test]
    fn teams_and_budgets() {
        assert_eq!(
            levels("managing a team of 12 engineers"),
            vec![("managing a team".into(), 5), ("12".into(), 5)]
        );
        assert_eq!(levels("budget of £25m"), vec![("25".into(), 7)]);
        assert_eq!(levels("budget of £500k"), vec![("500".into(), 5)]);
    }
}
