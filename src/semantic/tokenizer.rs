//! BERT uncased WordPiece, as the Hugging Face `tokenizers` library runs it for
//! all-MiniLM-L6-v2 (`BertNormalizer` → `BertPreTokenizer` → `WordPiece`), so a sentence
//! gets the same token ids here as it got in Python when the table was distilled.
//!
//! 1. Normalise: drop NUL, U+FFFD and control/format characters, turn whitespace into
//!    spaces, put spaces around CJK ideographs, strip accents (NFD, then drop nonspacing
//!    marks), lower-case, in that order (the order matters for characters such as `İ`).
//! 2. Split on whitespace, and split every punctuation character off as its own word.
//! 3. Each word: greedy longest match from the left, continuations prefixed `##`; a word of
//!    more than 100 characters, or one with a piece that matches nothing, is `[UNK]` whole.

use crate::fasthash::FxHasher;
use std::borrow::Cow;
use std::hash::Hasher;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Words longer than this many characters are one `[UNK]` (the `tokenizers` default).
pub const MAX_WORD_CHARS: usize = 100;

/// The prefix that marks a piece continuing a word.
pub const CONTINUATION: &str = "##";

/// A WordPiece vocabulary and the tokenizer over it.
///
/// The vocabulary is kept as the table stores it, one token a line, with each token's end
/// and an open-addressed table of ids by text hash beside it: 0.4 MB for the shipped
/// 29,525 tokens, where a map of strings took 2.9 MB of every process.
#[derive(Debug, Clone)]
pub struct WordPiece {
    /// Every token followed by `\n`, id order (borrowed from the binary for the shipped table).
    vocab: Cow<'static, str>,
    /// Where token `i` ends in `vocab`; it starts one byte after token `i - 1` ends.
    ends: Vec<u32>,
    /// Token ids by the hash of their text, linear probing, [`EMPTY`] where free; a power of
    /// two at least twice the number of tokens, so a probe meets a free slot soon.
    slots: Vec<u32>,
    /// The id of `[UNK]`.
    unk: u32,
    /// The longest token in bytes (a word piece longer than this cannot match).
    longest: usize,
}

/// A free slot of [`WordPiece::slots`].
const EMPTY: u32 = u32::MAX;

/// The first slot to probe for `text` in a table of `1 << bits` slots: the hash's top bits,
/// where its final multiply leaves the entropy (its low bits cluster badly).
fn first_slot(text: &str, bits: u32) -> usize {
    let mut h = FxHasher::default();
    h.write(text.as_bytes());
    (h.finish() >> (64 - bits)) as usize
}

/// Token `id` of a vocabulary of lines ending at `ends`.
fn text_of<'v>(vocab: &'v str, ends: &[u32], id: u32) -> &'v str {
    let i = id as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize + 1 };
    &vocab[start..ends[i] as usize]
}

/// Where `token` is in `slots`: `Ok(id)` when a slot holds it, else `Err(slot)`, the free
/// slot it would take.
fn probe(vocab: &str, ends: &[u32], slots: &[u32], token: &str) -> Result<u32, usize> {
    let (mask, bits) = (slots.len() - 1, slots.len().trailing_zeros());
    let mut slot = first_slot(token, bits);
    loop {
        match slots[slot] {
            EMPTY => return Err(slot),
            id if text_of(vocab, ends, id) == token => return Ok(id),
            _ => slot = (slot + 1) & mask,
        }
    }
}

impl WordPiece {
    /// A tokenizer over `vocab`, one token a line, each line ended by `\n` (id = line
    /// number). `unk` must be the id of the unknown token. A token listed twice keeps its
    /// first id, as `tokenizers` does.
    pub fn new(vocab: Cow<'static, str>, unk: u32) -> WordPiece {
        let ends: Vec<u32> = vocab.match_indices('\n').map(|(i, _)| i as u32).collect();
        let mut slots = vec![EMPTY; (ends.len() * 2).next_power_of_two().max(2)];
        let mut longest = 0;
        for id in 0..ends.len() as u32 {
            let token = text_of(&vocab, &ends, id);
            longest = longest.max(token.len());
            // A token already there keeps its first id.
            if let Err(free) = probe(&vocab, &ends, &slots, token) {
                slots[free] = id;
            }
        }
        WordPiece { vocab, ends, slots, unk, longest }
    }

    /// The text of token `id` (< the number of tokens).
    fn token_text(&self, id: u32) -> &str {
        text_of(&self.vocab, &self.ends, id)
    }

    /// The number of tokens in the vocabulary.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id of `[UNK]`.
    pub fn unk_id(&self) -> u32 {
        self.unk
    }

    /// The text of token `id`, if there is one.
    pub fn token(&self, id: u32) -> Option<&str> {
        ((id as usize) < self.ends.len()).then(|| self.token_text(id))
    }

    /// The id of a token's text (`##` included for a continuation).
    pub fn id(&self, token: &str) -> Option<u32> {
        probe(&self.vocab, &self.ends, &self.slots, token).ok()
    }

    /// The token ids of `text`, `[UNK]` included, no special tokens added.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        self.encode_into(text, &mut out);
        out
    }

    /// Appends the token ids of `text` to `out` (`[UNK]` included, no special tokens).
    pub fn encode_into(&self, text: &str, out: &mut Vec<u32>) {
        let normalized = normalize(text);
        let mut piece = String::with_capacity(64);
        for word in pre_tokenize(&normalized) {
            self.word_pieces(word, &mut piece, out);
        }
    }

    /// The token texts of `text`, for tests and explanations.
    pub fn tokenize(&self, text: &str) -> Vec<&str> {
        self.encode(text).into_iter().filter_map(|id| self.token(id)).collect()
    }

    /// Greedy longest-match WordPiece of one pre-tokenised word.
    fn word_pieces(&self, word: &str, piece: &mut String, out: &mut Vec<u32>) {
        if word.chars().count() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let mark = out.len();
        let mut start = 0;
        while start < word.len() {
            // Try the longest candidate first, shrinking by one character at a time.
            let mut end = word.len();
            let mut found = None;
            while end > start {
                let prefix = if start > 0 { CONTINUATION.len() } else { 0 };
                if end - start + prefix <= self.longest {
                    piece.clear();
                    if start > 0 {
                        piece.push_str(CONTINUATION);
                    }
                    piece.push_str(&word[start..end]);
                    if let Some(id) = self.id(piece) {
                        found = Some(id);
                        break;
                    }
                }
                end = prev_boundary(word, end);
            }
            match found {
                Some(id) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    // One unmatched piece makes the whole word unknown.
                    out.truncate(mark);
                    out.push(self.unk);
                    return;
                }
            }
        }
    }
}

/// The byte index of the character boundary before `end` (> 0).
fn prev_boundary(s: &str, end: usize) -> usize {
    let mut i = end - 1;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `BertNormalizer` with clean_text, handle_chinese_chars, strip_accents and lowercase on.
pub fn normalize(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_cjk(c) {
            cleaned.push(' ');
            cleaned.push(c);
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    let mut out = String::with_capacity(cleaned.len());
    if cleaned.is_ascii() {
        // The common case: no accents to strip, ASCII lower-casing.
        out.extend(cleaned.chars().map(|c| c.to_ascii_lowercase()));
        return out;
    }
    for c in cleaned.nfd() {
        if c.general_category() == GeneralCategory::NonspacingMark {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// `BertPreTokenizer`: words split on whitespace, each punctuation character a word of its own.
pub fn pre_tokenize(text: &str) -> impl Iterator<Item = &str> {
    text.split(char::is_whitespace).flat_map(split_punctuation)
}

/// Splits one whitespace-free chunk into runs of non-punctuation and single punctuation chars.
fn split_punctuation(chunk: &str) -> impl Iterator<Item = &str> {
    let mut rest = chunk;
    std::iter::from_fn(move || {
        let (i, c) = rest
            .char_indices()
            .find(|&(_, c)| is_punctuation(c))
            .map_or((rest.len(), None), |(i, c)| (i, Some(c)));
        let (word, tail) = if i > 0 {
            rest.split_at(i)
        } else {
            match c {
                Some(c) => rest.split_at(c.len_utf8()),
                None => return None,
            }
        };
        rest = tail;
        Some(word)
    })
    .filter(|w| !w.is_empty())
}

/// Whitespace as BERT sees it (tab, newline and carriage return included).
fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

/// Control, format, private-use and unassigned characters (tab, newline, CR excepted).
fn is_control(c: char) -> bool {
    if c.is_ascii() {
        // The table lookup below costs a binary search; ASCII is the common case.
        return c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r');
    }
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Surrogate
            | GeneralCategory::PrivateUse
            | GeneralCategory::Unassigned
    )
}

/// ASCII punctuation and symbols, and every Unicode punctuation category.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The CJK ideograph blocks BERT splits character by character.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F
        | 0x2B920..=0x2CEAF
        | 0xF900..=0xFAFF
        | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small vocabulary with the pieces the tests need, ids in order.
    fn vocab() -> WordPiece {
        let tokens = [
            "[PAD]", "[UNK]", "un", "##believ", "##able", "cafe", "resume", "!", ",", "(", ")", "c", "+",
            "#", "go", "数", "据", "e", "##-", "-", "mail", "hello", "world", "##s", "x", "##x", "naive",
            "ecole", "zurich",
        ];
        WordPiece::new(tokens.iter().map(|t| format!("{t}\n")).collect::<String>().into(), 1)
    }

    #[test]
    fn every_token_is_found_by_its_text() {
        let wp = vocab();
        for id in 0..wp.len() as u32 {
            let token = wp.token(id).expect("token");
            assert_eq!(wp.id(token), Some(id), "{token}");
        }
        assert_eq!((wp.id(""), wp.id("zz"), wp.id("##")), (None, None, None));
    }

    #[test]
    fn normalize_strips_accents_lowercases_and_cleans() {
        assert_eq!(normalize("Café Résumé NAÏVE"), "cafe resume naive");
        assert_eq!(normalize("ÉCOLE Zürich"), "ecole zurich");
        assert_eq!(normalize("a\u{7}b\u{0}c\u{200b}d\u{fffd}e"), "abcde");
        assert_eq!(normalize("tab\there\r\nnbsp\u{a0}x"), "tab here  nbsp x");
        assert_eq!(normalize("数据"), " 数  据 ");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn pre_tokenize_splits_punctuation_off() {
        let words: Vec<&str> = pre_tokenize("C++/C#, (Node.js) e-mail!").collect();
        assert_eq!(
            words,
            ["C", "+", "+", "/", "C", "#", ",", "(", "Node", ".", "js", ")", "e", "-", "mail", "!"]
        );
        // Unicode punctuation too (em dash, curly quote); currency symbols are not punctuation.
        let words: Vec<&str> = pre_tokenize("a—b ’c’ £5").collect();
        assert_eq!(words, ["a", "—", "b", "’", "c", "’", "£5"]);
        assert_eq!(pre_tokenize("   ").count(), 0);
    }

    #[test]
    fn wordpiece_longest_match_with_continuations() {
        let wp = vocab();
        assert_eq!(wp.tokenize("Unbelievable!"), ["un", "##believ", "##able", "!"]);
        assert_eq!(wp.tokenize("Hello, worlds"), ["hello", ",", "world", "##s"]);
        assert_eq!(wp.tokenize("Café résumé naïve"), ["cafe", "resume", "naive"]);
        assert_eq!(wp.tokenize("c++ (go)"), ["c", "+", "+", "(", "go", ")"]);
        assert_eq!(wp.tokenize("e-mail"), ["e", "-", "mail"]);
        assert_eq!(wp.tokenize("ÉCOLE, Zürich"), ["ecole", ",", "zurich"]);
    }

    #[test]
    fn unmatched_or_overlong_words_are_one_unk() {
        let wp = vocab();
        // "unbelievabl" matches "un" "##believ" then "##abl" fails: the whole word is [UNK].
        assert_eq!(wp.tokenize("unbelievabl hello"), ["[UNK]", "hello"]);
        assert_eq!(wp.tokenize("qqq"), ["[UNK]"]);
        let long = "x".repeat(MAX_WORD_CHARS);
        assert_eq!(wp.tokenize(&long).len(), MAX_WORD_CHARS);
        let too_long = "x".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(wp.tokenize(&format!("{too_long} hello")), ["[UNK]", "hello"]);
    }

    #[test]
    fn cjk_characters_are_single_tokens() {
        let wp = vocab();
        assert_eq!(wp.tokenize("数据go"), ["数", "据", "go"]);
        // A CJK character outside the vocabulary is [UNK] alone, not its neighbours.
        assert_eq!(wp.tokenize("数析据"), ["数", "[UNK]", "据"]);
    }

    #[test]
    fn empty_and_blank_text_give_no_tokens() {
        let wp = vocab();
        assert!(wp.encode("").is_empty());
        assert!(wp.encode(" \t\r\n\u{a0}").is_empty());
        assert!(wp.encode("\u{0}\u{7}").is_empty());
    }

    #[test]
    fn duplicate_tokens_keep_their_first_id() {
        let wp = WordPiece::new("[UNK]\na\na\n".into(), 0);
        assert_eq!(wp.encode("a"), [1]);
        assert_eq!(
            (wp.len(), wp.id("a"), wp.id("b"), wp.token(2), wp.token(3)),
            (3, Some(1), None, Some("a"), None)
        );
    }
}
