//! The one English analyzer, used for both the index and the queries, so that a term in a
//! document and the same word in a framework always meet.
//!
//! Pipeline: [`EnglishTokenizer`] (alphanumeric runs, technical names such as `C++` or
//! `ASP.NET` emitted whole as one term, byte offsets into the input) → case-aware stop words
//! (only `it`/`It` are stop words, `IT` is information technology) → lowercase → ASCII
//! folding → British/American spelling ([`normalize_spelling`], [`word_family`]) → Porter2
//! English stemmer (rust-stemmers; technical terms are left unstemmed) → tokens over 40
//! bytes dropped.
//!
//! [`analyze`] and [`analyze_with_offsets`] reuse one analyzer per thread, so calling them
//! once per sentence is cheap.

use crate::fasthash::WordMap;
use crate::text::normalize::{is_unstemmed_term, normalize_spelling, scan_tech_token, word_family};
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::mem;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Name under which the analyzer is registered with tantivy. The version suffix is recorded
/// in the index stamp: bump it whenever the analyzer's output changes, so that stale indexes
/// are rebuilt.
pub const ANALYZER_NAME: &str = "skillmatch_en_v1";

/// Longest term kept, in bytes: longer tokens are base64, hashes or glued-together junk.
const MAX_TERM_BYTES: usize = 40;

/// English stop words, sorted (checked by a test) for binary search. Compared only against
/// lowercase and Capitalised tokens, so ALL-CAPS acronyms (IT, IS, US, OR, WHO, CAN) survive.
/// Words that carry skill meaning in SFIA (e.g. "use", "work", "plan", "lead") are not here;
/// the one-letter and two-letter contraction fragments (s, t, ll, re, ve, don, …) are.
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "among", "amongst", "an",
    "and", "any", "are", "aren", "as", "at", "be", "because", "been", "before", "being", "below", "between",
    "both", "but", "by", "can", "could", "couldn", "d", "did", "didn", "do", "does", "doesn", "doing",
    "don", "down", "during", "e", "each", "eg", "either", "etc", "few", "for", "from", "further", "g",
    "had", "hadn", "has", "hasn", "have", "haven", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "however", "i", "ie", "if", "in", "into", "is", "isn", "it", "its", "itself",
    "just", "ll", "m", "may", "me", "might", "more", "most", "must", "my", "myself", "neither", "no", "nor",
    "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
    "own", "re", "s", "same", "shall", "she", "should", "shouldn", "so", "some", "such", "t", "than",
    "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "ve", "very", "via",
    "was", "wasn", "we", "were", "weren", "what", "when", "where", "whether", "which", "while", "whilst",
    "who", "whom", "whose", "why", "will", "with", "within", "without", "won", "would", "wouldn", "you",
    "your", "yours", "yourself", "yourselves",
];

/// Longest entry of [`STOP_WORDS`], to skip the lookup for long tokens.
const MAX_STOP_WORD_LEN: usize = 10;

/// For each first letter a–z, the range of [`STOP_WORDS`] starting with it: every token is
/// checked, and a scan of a few same-letter words, most of another length, is cheaper than
/// the eight string comparisons of a binary search over them all.
const STOP_WORD_RANGES: [(usize, usize); 26] = stop_word_ranges();

const fn stop_word_ranges() -> [(usize, usize); 26] {
    let mut ranges = [(0, 0); 26];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        let slot = (STOP_WORDS[i].as_bytes()[0] - b'a') as usize;
        if ranges[slot].1 == 0 {
            ranges[slot].0 = i;
        }
        ranges[slot].1 = i + 1;
        i += 1;
    }
    ranges
}

/// True when `word`, as written, is a stop word: it must be all lowercase ("it") or
/// Capitalised ("It"); "IT" and "iT" are kept.
pub fn is_stop_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_STOP_WORD_LEN || !bytes[1..].iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let first = bytes[0].to_ascii_lowercase();
    if !first.is_ascii_lowercase() {
        return false;
    }
    let (start, end) = STOP_WORD_RANGES[usize::from(first - b'a')];
    STOP_WORDS[start..end].iter().any(|stop| stop.len() == bytes.len() && stop.as_bytes()[1..] == bytes[1..])
}

/// A term with the byte range of the input text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The analysed term (lowercase, folded, spelling-normalised, stemmed).
    pub text: String,
    /// Byte offset of the token's first byte in the analysed text.
    pub start: usize,
    /// Byte offset one past the token's last byte.
    pub end: usize,
}

/// Build the English analyzer (register it with tantivy under [`ANALYZER_NAME`]).
pub fn english_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(EnglishTokenizer::default())
        .filter(Rewrite(drop_stop_word))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Rewrite(spell_and_stem))
        // RemoveLongFilter keeps tokens strictly shorter than its limit.
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES + 1))
        .build()
}

thread_local! {
    static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(english_analyzer());
    /// Each thread's last words and their terms (see [`spell_and_stem`]).
    static TERMS: RefCell<WordMap<Box<str>, Box<str>>> = RefCell::new(WordMap::default());
}

/// Distinct words each thread remembers the terms of before it starts afresh (a few MB).
const REMEMBERED_WORDS: usize = 1 << 12;

/// Run the thread's analyzer over `text`, calling `sink` for every token.
fn with_tokens(text: &str, mut sink: impl FnMut(&Token)) {
    ANALYZER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut analyzer) => analyzer.token_stream(text).process(&mut sink),
        // Only reachable if a sink re-entered analyze(): use a fresh analyzer rather than panic.
        Err(_) => english_analyzer().token_stream(text).process(&mut sink),
    })
}

/// The terms of `text` in order, duplicates kept.
pub fn analyze(text: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(text.len() / 6);
    with_tokens(text, |t| out.push(t.text.clone()));
    out
}

/// The terms of `text` in order with their byte ranges in `text`, duplicates kept.
pub fn analyze_with_offsets(text: &str) -> Vec<Term> {
    let mut out = Vec::with_capacity(text.len() / 6);
    with_tokens(text, |t| out.push(Term { text: t.text.clone(), start: t.offset_from, end: t.offset_to }));
    out
}

/// The tokenizer: maximal runs of alphanumeric characters, except that technical names
/// ([`scan_tech_token`]) are emitted whole as their canonical term, and a possessive `'s`
/// is dropped. Offsets are byte offsets into the input; text is left in its original case
/// (the stop-word filter needs it).
#[derive(Clone, Default)]
pub struct EnglishTokenizer {
    token: Token,
}

/// Token stream of [`EnglishTokenizer`].
pub struct EnglishTokenStream<'a> {
    text: &'a str,
    pos: usize,
    token: &'a mut Token,
}

impl Tokenizer for EnglishTokenizer {
    type TokenStream<'a> = EnglishTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> EnglishTokenStream<'a> {
        self.token.reset();
        EnglishTokenStream { text, pos: 0, token: &mut self.token }
    }
}

impl EnglishTokenStream<'_> {
    /// End of the alphanumeric run starting at `i`, and whether it was all ASCII.
    fn run_end(&self, mut i: usize) -> usize {
        let bytes = self.text.as_bytes();
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                i += 1;
            } else if b < 0x80 {
                break;
            } else {
                match self.text[i..].chars().next() {
                    Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                    _ => break,
                }
            }
        }
        i
    }

    /// Skip a possessive "'s" / "’s" right after a word ending at `i`.
    fn skip_possessive(&self, i: usize) -> usize {
        let rest = &self.text.as_bytes()[i..];
        let after = if rest.starts_with(b"'") {
            1
        } else if rest.starts_with("’".as_bytes()) {
            3
        } else {
            return i;
        };
        if matches!(rest.get(after), Some(b's' | b'S')) {
            let end = i + after + 1;
            if !matches!(self.text[end..].chars().next(), Some(c) if c.is_alphanumeric()) {
                return end;
            }
        }
        i
    }
}

impl TokenStream for EnglishTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let text = self.text;
        let bytes = text.as_bytes();
        while self.pos < bytes.len() {
            let start = self.pos;
            let b = bytes[start];
            let (is_alnum, width) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                match text[start..].chars().next() {
                    Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                    None => (false, 1),
                }
            };
            if b == b'.' || (is_alnum && b < 0x80) {
                if let Some(tech) = scan_tech_token(text, start) {
                    self.emit(start, tech.end, &tech.term);
                    self.pos = tech.end;
                    return true;
                }
            }
            if !is_alnum {
                self.pos += width;
                continue;
            }
            let end = self.run_end(start);
            self.pos = self.skip_possessive(end);
            self.emit(start, end, &text[start..end]);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl EnglishTokenStream<'_> {
    fn emit(&mut self, start: usize, end: usize, term: &str) {
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.text.clear();
        self.token.text.push_str(term);
    }
}

/// A token filter made of one function: it may rewrite the token (using the scratch
/// string to avoid allocating) and returns whether to keep it. The stop-word, spelling and
/// stemming steps are each such a function; tantivy's filter, tokenizer and stream types
/// around them are written once, here.
#[derive(Clone)]
struct Rewrite<F>(F);

impl<F: Fn(&mut Token, &mut String) -> bool + Clone + Send + Sync + 'static> TokenFilter for Rewrite<F> {
    type Tokenizer<T: Tokenizer> = RewriteTokenizer<T, F>;

    fn transform<T: Tokenizer>(self, inner: T) -> RewriteTokenizer<T, F> {
        RewriteTokenizer { inner, rewrite: self.0 }
    }
}

#[derive(Clone)]
struct RewriteTokenizer<T, F> {
    inner: T,
    rewrite: F,
}

impl<T: Tokenizer, F: Fn(&mut Token, &mut String) -> bool + Clone + Send + Sync + 'static> Tokenizer
    for RewriteTokenizer<T, F>
{
    type TokenStream<'a> = RewriteStream<'a, T::TokenStream<'a>, F>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RewriteStream { tail: self.inner.token_stream(text), rewrite: &self.rewrite, scratch: String::new() }
    }
}

struct RewriteStream<'a, S, F> {
    tail: S,
    rewrite: &'a F,
    scratch: String,
}

impl<S: TokenStream, F: Fn(&mut Token, &mut String) -> bool> TokenStream for RewriteStream<'_, S, F> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if (self.rewrite)(self.tail.token_mut(), &mut self.scratch) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Keeps a token unless it is a stop word written in lowercase or Capitalised form (see
/// [`is_stop_word`]).
fn drop_stop_word(token: &mut Token, _: &mut String) -> bool {
    !is_stop_word(&token.text)
}

/// [`british_spelling`] then [`english_stem`], remembered per thread: both are a function of
/// the word alone, and documents repeat their words, so most words are met before (the two
/// were a third of analysing a bulk run's CVs).
fn spell_and_stem(token: &mut Token, scratch: &mut String) -> bool {
    TERMS.with(|cell| {
        let Ok(mut terms) = cell.try_borrow_mut() else {
            return british_spelling(token, scratch) && english_stem(token, scratch);
        };
        if let Some(term) = terms.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(term);
            return true;
        }
        let word: Box<str> = token.text.as_str().into();
        let keep = british_spelling(token, scratch) && english_stem(token, scratch);
        if keep {
            if terms.len() >= REMEMBERED_WORDS {
                terms.clear();
            }
            terms.insert(word, token.text.as_str().into());
        }
        keep
    })
}

/// Rewrites American spellings to British ones ([`normalize_spelling`]) and the few words
/// Porter2 puts in the wrong family ([`word_family`]).
fn british_spelling(token: &mut Token, _: &mut String) -> bool {
    if let Some(family) = word_family(&token.text) {
        token.text.clear();
        token.text.push_str(family);
    } else if let Some(gb) = normalize_spelling(&token.text) {
        token.text = gb;
    }
    true
}

/// Porter2 (Snowball English) stemming of lowercase ASCII tokens. Non-ASCII tokens (other
/// scripts) and technical terms ([`is_unstemmed_term`]) pass through unchanged.
fn english_stem(token: &mut Token, scratch: &mut String) -> bool {
    // Snowball English is defined on ASCII letters; other scripts pass through.
    if token.text.is_ascii() && !is_unstemmed_term(&token.text) {
        // Creating a rust-stemmers Stemmer only stores a function pointer.
        let stemmer = Stemmer::create(Algorithm::English);
        let stemmed = stemmer.stem(&token.text);
        if stemmed != token.text.as_str() {
            scratch.clear();
            scratch.push_str(&stemmed);
            drop(stemmed);
            mem::swap(&mut token.text, scratch);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        analyze(s)
    }

    #[test]
    fn stop_words_sorted_and_bounded() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS
            .iter()
            .all(|w| w.len() <= MAX_STOP_WORD_LEN && w.bytes().all(|b| b.is_ascii_lowercase())));
    }

    #[test]
    fn remembered_terms_are_the_terms() {
        let uncached = |word: &str| {
            let (mut token, mut scratch) =
                (Token { text: word.to_string(), ..Token::default() }, String::new());
            assert!(british_spelling(&mut token, &mut scratch) && english_stem(&mut token, &mut scratch));
            token.text
        };
        let words: Vec<String> = ["organization", "analyzes", "managing", "c++", "kubernetes", "modelling"]
            .iter()
            .map(|w| w.to_string())
            .chain((0..REMEMBERED_WORDS + 10).map(|i| format!("running{i}s")))
            .collect();
        // Twice over, so the second pass reads what the first (and a cleared memory) left.
        for _ in 0..2 {
            for word in &words {
                let (mut token, mut scratch) =
                    (Token { text: word.clone(), ..Token::default() }, String::new());
                assert!(spell_and_stem(&mut token, &mut scratch));
                assert_eq!(token.text, uncached(word), "{word}");
            }
        }
        assert!(TERMS.with(|t| t.borrow().len()) <= REMEMBERED_WORDS);
    }

    #[test]
    fn every_stop_word_is_found_as_written_and_capitalised_only() {
        for word in STOP_WORDS {
            let capitalised = format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]);
            assert!(is_stop_word(word) && is_stop_word(&capitalised), "{word}");
            if word.len() > 1 {
                assert!(!is_stop_word(&word.to_ascii_uppercase()), "{word} in capitals is kept");
            }
            for longer in [format!("{word}s"), format!("x{word}")] {
                assert_eq!(
                    is_stop_word(&longer),
                    STOP_WORDS.binary_search(&longer.as_str()).is_ok(),
                    "{longer}"
                );
            }
        }
        for kept in ["", "IT", "iT", "1st", "zebra", "éte", "wills", "Abouts"] {
            assert!(!is_stop_word(kept), "{kept}");
        }
    }

    #[test]
    fn british_and_american_meet() {
        assert_eq!(terms("Organization analyzes data"), terms("organisation analyses data"));
        assert_eq!(
            terms("prioritize, optimize and standardize"),
            terms("prioritise, optimise and standardise")
        );
        assert_eq!(
            terms("behavioral modeling of the data center"),
            terms("behavioural modelling of the data centre")
        );
        // SFIA's "programme management" is not programming, nor are programmers.
        assert_eq!(terms("programme programmes"), ["programm", "programm"]);
        assert_eq!(terms("program programs programming programmer programmers"), ["program"; 5]);
        assert_eq!(terms("analysis analyzing"), ["analys", "analys"]);
        assert_eq!(terms("strategy strategic"), ["strategi", "strategi"]);
    }

    #[test]
    fn tech_tokens() {
        assert_eq!(
            terms("C++ and C# on .NET with Node.js, CI/CD"),
            ["cplusplus", "csharp", "dotnet", "nodejs", "cicd"]
        );
        assert_eq!(terms("ASP.NET, VB.NET, React.js"), ["aspdotnet", "vbdotnet", "reactjs"]);
        assert_eq!(terms("UI/UX design"), ["ui", "ux", "design"]);
        assert_eq!(terms("TCP/IP and PL/SQL, T-SQL"), ["tcpip", "plsql", "tsql"]);
        assert_eq!(terms("A/B testing"), ["ab", "test"]);
        // Written solid, the same terms.
        assert_eq!(terms("NodeJS"), terms("Node.js"));
        assert_eq!(terms("e-mail and email"), ["email", "email"]);
        assert_eq!(terms("C/C++"), ["c", "cplusplus"]);
    }

    #[test]
    fn it_acronym_survives() {
        assert_eq!(terms("IT management"), ["it", "manag"]);
        assert_eq!(terms("it is"), Vec::<String>::new());
        assert_eq!(terms("It is what it is"), Vec::<String>::new());
        assert_eq!(terms("The US office"), ["us", "offic"]);
        assert_eq!(terms("A team"), ["team"]);
    }

    #[test]
    fn folding_and_stemming() {
        assert_eq!(terms("café"), ["cafe"]);
        assert_eq!(terms("Café naïve résumé"), ["cafe", "naiv", "resum"]);
        assert_eq!(
            terms("managing management managed manages manager"),
            ["manag", "manag", "manag", "manag", "manag"]
        );
        assert_eq!(terms("developing development developer"), ["develop", "develop", "develop"]);
        assert_eq!(terms("testing tests tested"), ["test", "test", "test"]);
        assert_eq!(terms("organisation organise organising"), ["organis", "organis", "organis"]);
        assert_eq!(terms("analyse analyses analysing analysis"), ["analys"; 4]);
    }

    #[test]
    fn possessives_and_contractions() {
        assert_eq!(terms("the company's strategy"), ["compani", "strategi"]);
        assert_eq!(terms("the company’s strategy"), ["compani", "strategi"]);
        assert_eq!(terms("don't we've"), Vec::<String>::new());
    }

    #[test]
    fn offsets_are_byte_ranges() {
        let text = "Café: C++ über ASP.NET devs' skills";
        let got = analyze_with_offsets(text);
        let spans: Vec<&str> = got.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["Café", "C++", "über", "ASP.NET", "devs", "skills"]);
        assert_eq!(got[1].text, "cplusplus");
        assert_eq!(got[2].text, "uber");
    }

    #[test]
    fn long_tokens_dropped() {
        let long = "a".repeat(41);
        let ok = "b".repeat(40);
        assert_eq!(terms(&format!("{long} {ok}")), [ok]);
    }

    #[test]
    fn other_scripts_pass_through() {
        assert_eq!(terms("Москва 東京"), ["москва", "東京"]);
        assert_eq!(terms("ΣΟΦΙΑ"), ["σοφια"]);
    }

    #[test]
    fn positions_increase() {
        let mut a = english_analyzer();
        let mut s = a.token_stream("the data and the model");
        let mut pos = Vec::new();
        while s.advance() {
            pos.push(s.token().position);
        }
        // Stop words leave gaps, so phrase queries still see the distance.
        assert_eq!(pos, [1, 4]);
    }

    #[test]
    fn fuzz_no_panic_and_offsets_on_boundaries() {
        let mut next = crate::test_support::xorshift(0x9E37_79B9_7F4A_7C15);
        let pieces = [
            "C", "+", "#", ".", "NET", "js", "/", "&", "-", "'", "’s", "é", "\u{301}", "ß", "İ", "ﬁ",
            "\u{200B}", " ", "\n", "\r\n", "\t", "IT", "it", "a", "😀", "\u{FEFF}", "0", "Σ", "e", "mail",
            "CI", "CD",
        ];
        for _ in 0..2000 {
            let mut s = String::new();
            let n = (next() % 24) as usize;
            for _ in 0..n {
                if next().is_multiple_of(5) {
                    // Raw bytes decoded lossily: any Unicode scalar.
                    let bytes: Vec<u8> = (0..(next() % 4)).map(|_| next() as u8).collect();
                    s.push_str(&String::from_utf8_lossy(&bytes));
                } else {
                    s.push_str(pieces[(next() % pieces.len() as u64) as usize]);
                }
            }
            for t in analyze_with_offsets(&s) {
                assert!(t.start < t.end && t.end <= s.len(), "{s:?}");
                assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end), "{s:?}");
                assert!(!t.text.is_empty() && t.text.len() <= MAX_TERM_BYTES, "{s:?}");
            }
        }
    }

    /// Speed check: `cargo test --release --lib index::analyzer::tests::speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn speed() {
        let para = "Senior Software Engineer: designed and developed microservices in C# on ASP.NET Core \
                    and Node.js, organized CI/CD pipelines, analyzed performance, mentored developers \
                    and managed stakeholder relationships across the organisation. ";
        let text = para.repeat(5000 / para.len() + 1);
        let n = 2000;
        let t0 = std::time::Instant::now();
        let mut count = 0;
        for _ in 0..n {
            count += analyze(&text).len();
        }
        let per = t0.elapsed() / n;
        println!("analyze: {} bytes, {} terms, {:?} per call", text.len(), count / n as usize, per);
    }
}
