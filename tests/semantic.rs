//! The shipped static embedding model (src/semantic/): it loads from the bytes compiled into
//! the binary (no file, no network), tokenises exactly as the Python tokenizer it was
//! distilled with, gives model2vec's vectors, and ranks real paraphrases by meaning.
//!
//! The reference fixture `tests/fixtures/static_embeddings_reference.json` is written by
//! `models/make_static_embeddings.py` from sentences of its own; no Python is needed here.

use serde_json::Value;
use skillmatch::semantic::{self, dot, EmbeddingMatrix, StaticModel};

fn model() -> &'static StaticModel {
    semantic::shipped().expect("the committed embedding table parses")
}

fn cos(a: &str, b: &str) -> f32 {
    dot(&model().embed(a), &model().embed(b))
}

fn fixture() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/static_embeddings_reference.json");
    let text = std::fs::read_to_string(path).expect("reference fixture");
    serde_json::from_str(&text).expect("reference fixture is JSON")
}

fn sentences(f: &Value) -> &Vec<Value> {
    f["sentences"].as_array().expect("sentences")
}

#[test]
fn fixture_is_for_this_table() {
    let f = fixture();
    assert_eq!(f["dim"].as_u64(), Some(model().dim() as u64));
    assert!(sentences(&f).len() >= 30);
}

#[test]
fn tokens_match_the_python_tokenizer() {
    let f = fixture();
    let mut failures = Vec::new();
    for s in sentences(&f) {
        let text = s["text"].as_str().expect("text");
        let want: Vec<&str> =
            s["tokens"].as_array().expect("tokens").iter().map(|t| t.as_str().expect("token")).collect();
        let got = model().tokenizer().tokenize(text);
        if got != want {
            failures.push(format!("{text:?}\n  python: {want:?}\n  rust:   {got:?}"));
        }
    }
    assert!(failures.is_empty(), "tokenizer differs from Python on:\n{}", failures.join("\n"));
}

#[test]
fn ids_match_model2vec() {
    let f = fixture();
    for s in sentences(&f) {
        let text = s["text"].as_str().expect("text");
        let want: Vec<u32> =
            s["ids"].as_array().expect("ids").iter().map(|i| i.as_u64().expect("id") as u32).collect();
        assert_eq!(model().token_ids(text), want, "ids of {text:?}");
    }
}

#[test]
fn vectors_match_model2vec_encode() {
    let f = fixture();
    let mut checked = 0;
    for s in sentences(&f) {
        let text = s["text"].as_str().expect("text");
        let want: Vec<f32> = s["vector"]
            .as_array()
            .expect("vector")
            .iter()
            .map(|x| x.as_f64().expect("number") as f32)
            .collect();
        let got = model().embed(text);
        assert_eq!(got.len(), want.len(), "dimension of {text:?}");
        let want_norm = dot(&want, &want).sqrt();
        if want_norm == 0.0 {
            // No known token: model2vec gives zeros, so must we.
            assert!(got.iter().all(|&x| x == 0.0), "{text:?} should embed to zeros");
            continue;
        }
        let c = dot(&got, &want) / want_norm;
        assert!(c >= 0.999, "cosine {c:.5} with model2vec for {text:?}");
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} non-empty reference vectors");
}

#[test]
fn empty_text_is_a_zero_vector() {
    for text in ["", "   ", "\u{0}\u{7}"] {
        let v = model().embed(text);
        assert_eq!(v.len(), model().dim());
        assert!(v.iter().all(|&x| x == 0.0), "{text:?}");
    }
}

#[test]
fn paraphrase_beats_shared_word() {
    let people = "people management";
    let (personnel, cash) = (cos(people, "personnel management"), cos(people, "cash management"));
    assert!(personnel > cash, "personnel {personnel:.3} vs cash {cash:.3}");
}

#[test]
fn excel_is_nearer_spreadsheets_than_forklifts() {
    let (sheets, forklift) = (cos("Excel", "use spreadsheets software"), cos("Excel", "operate forklift"));
    assert!(sheets > forklift, "spreadsheets {sheets:.3} vs forklift {forklift:.3}");
}

#[test]
fn microservices_are_nearer_programming_than_nursing() {
    let cv = "built REST microservices in Go";
    let (software, nursing) = (cos(cv, "software development and programming"), cos(cv, "nursing care"));
    assert!(software > nursing, "software {software:.3} vs nursing {nursing:.3}");
}

#[test]
fn surgeon_is_nearer_surgery_than_accounting() {
    let q = "registered surgeon";
    let (surgery, accounting) = (cos(q, "general surgery"), cos(q, "management accounting"));
    assert!(surgery > accounting, "surgery {surgery:.3} vs accounting {accounting:.3}");
}

/// The misses and two advert phrasings, each against all six skills at once. (Not
/// every paraphrase works: "hiring, appraisals and staff welfare" ranks software development
/// a hair above personnel management; a static model knows words, not tasks.)
#[test]
fn matrix_ranks_the_right_skill_first() {
    let skills = [
        "operate forklift",
        "nursing care",
        "software development and programming",
        "use spreadsheets software",
        "personnel management",
        "general surgery",
    ];
    let m = EmbeddingMatrix::from_texts(model(), skills);
    assert_eq!(m.rows(), skills.len());
    let mut scores = Vec::new();
    for (query, want) in [
        ("wrote backend services in Rust and Python", "software development and programming"),
        ("pivot tables and VLOOKUP in Excel", "use spreadsheets software"),
        ("registered surgeon", "general surgery"),
    ] {
        m.scores_into(&model().embed(query), &mut scores).expect("scores");
        let best = (0..skills.len()).max_by(|&a, &b| scores[a].total_cmp(&scores[b])).expect("rows");
        assert_eq!(skills[best], want, "{query:?}: scores {scores:?}");
    }
}
