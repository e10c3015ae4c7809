//! `skillmatch eval`: measure ranking and level quality on labelled data.
//!
//! ```text
//! skillmatch eval [--roles FILE.jsonl] [--cross-version PATH] [--sentences PATH]
//!                 [--documents DIR] [--ablation] [--format table|json]
//! ```
//! --roles: SFIA role profiles (one JSON object a line: `text`, `gold` codes with levels).
//! --cross-version: framework sources of another version (e.g. SFIA 8); each of its level
//! descriptions is a query that should find its own code at its own level in the index.
//! --sentences: annotated sentences (`sentence,…,label` CSV, labels are preferred skill
//! names; a folder means every `*_annotations.csv` in it), e.g. the ESCO sentence sets.
//! --documents: whole labelled documents (`DIR/gold.jsonl` and `DIR/docs/<id>.txt`, e.g.
//! `eval/documents-sfia`): nDCG@10, P@5, R@10 of the ranking, P/R/F1 of the default report,
//! false alarms on documents without framework content, skill and document levels, overall
//! and per source.
//! --ablation: also run with each level signal alone (evidence, generic levels, cues).
//! At least one data set is required. The index is the usual one (--corpus, --index,
//! --framework); it may hold several frameworks: each data set is scored against the
//! framework that knows most of its gold codes or labels.

use super::args::{command_options, JsonShape, QuietArg, SemanticArgs, SourceArgs};
use super::Config;
use skillmatch::eval::{
    evaluate_cross_version, evaluate_documents, evaluate_roles, evaluate_sentences, ranking_options,
    read_documents, read_roles, read_sentence_splits, EvalReport, EvalRun, LabelledDocument, SentenceSplit,
};
use skillmatch::index::SkillIndex;
use skillmatch::matching::levels::{LevelWeights, DEFAULT_LEVEL_WEIGHTS};
use skillmatch::matching::{MatchOptions, Matcher};
use skillmatch::model::Framework;
use skillmatch::report::Format;
use skillmatch::source::load_corpus;
use skillmatch::Error;
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Flags of `eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Role profiles with gold skills and levels (JSON lines)
    #[arg(long, value_name = "FILE")]
    pub roles: Option<PathBuf>,
    /// Framework sources of another version whose level descriptions become queries
    #[arg(long, value_name = "PATH")]
    pub cross_version: Option<PathBuf>,
    /// Annotated sentences (CSV with `sentence` and `label` columns, or a folder of them)
    #[arg(long, value_name = "PATH")]
    pub sentences: Option<PathBuf>,
    /// Labelled whole documents: a folder with `gold.jsonl` and `docs/<id>.txt`
    #[arg(long, value_name = "DIR")]
    pub documents: Option<PathBuf>,
    /// Also measure each level signal alone
    #[arg(long)]
    pub ablation: bool,
    /// The common options
    #[command(flatten, next_help_heading = "Common options")]
    pub common: Options,
}

/// The formats `eval` writes, its default first (metrics have no rows: no CSV).
pub const FORMATS: &[Format] = &[Format::Table, Format::Json];

command_options!(Options, FORMATS, JsonShape::Document, "Output format (default: table)", {
    source: SourceArgs, quiet: QuietArg, semantic: SemanticArgs
});

/// The signal configurations of an ablation: all together first.
const ABLATION: [(&str, LevelWeights); 4] = [
    ("all", DEFAULT_LEVEL_WEIGHTS),
    ("evidence only", LevelWeights { evidence: 1.0, generic: 0.0, cues: 0.0, document: 0.0, title: 1.0 }),
    (
        "generic levels only",
        LevelWeights { evidence: 0.0, generic: 1.0, cues: 0.0, document: 1.0, title: 1.0 },
    ),
    ("cues only", LevelWeights { evidence: 0.0, generic: 0.0, cues: 1.0, document: 1.0, title: 1.0 }),
];

/// Run `eval`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    if args.roles.is_none()
        && args.cross_version.is_none()
        && args.sentences.is_none()
        && args.documents.is_none()
    {
        return Err(Error::Usage(
            "eval needs --roles FILE, --cross-version PATH, --sentences PATH and/or --documents DIR".into(),
        ));
    }
    let started = Instant::now();
    let index = config.open_index()?;
    let roles = args.roles.as_deref().map(read_roles).transpose()?;
    let cross = match &args.cross_version {
        Some(path) => {
            let loaded = load_corpus(std::slice::from_ref(path))?;
            let source = loaded.catalog.frameworks.into_iter().next().ok_or_else(|| {
                Error::Usage(format!("{}: no framework to take queries from", path.display()))
            })?;
            Some(source)
        }
        None => None,
    };
    let splits = args.sentences.as_deref().map(read_sentence_splits).transpose()?.unwrap_or_default();
    let documents = args.documents.as_deref().map(read_documents).transpose()?;
    let configurations = if args.ablation { &ABLATION[..] } else { &ABLATION[..1] };
    let mut runs = Vec::new();
    let data = |first: bool| Data {
        roles: roles.as_deref(),
        cross: cross.as_ref(),
        splits: if first { &splits } else { &[] },
        documents: documents.as_deref(),
    };
    for (i, &(signals, weights)) in configurations.iter().enumerate() {
        runs.push(evaluate(config, &index, weights, signals, config.semantic, &data(i == 0))?);
    }
    // Every number with and without the semantic signal, side by side.
    if config.semantic {
        runs.push(evaluate(config, &index, DEFAULT_LEVEL_WEIGHTS, "all, semantic off", false, &data(true))?);
    }
    let report = EvalReport { runs, elapsed_ms: started.elapsed().as_millis() };
    config.output.render(out, |r, w| r.eval(w, &report))?;
    Ok(0)
}

/// The labelled data of one run.
struct Data<'d> {
    roles: Option<&'d [skillmatch::eval::Role]>,
    cross: Option<&'d Framework>,
    /// Sentence rankings do not depend on level signals: scored in the first run only.
    splits: &'d [SentenceSplit],
    documents: Option<&'d [LabelledDocument]>,
}

fn evaluate(
    config: &Config,
    index: &SkillIndex,
    weights: LevelWeights,
    signals: &'static str,
    semantic: bool,
    data: &Data<'_>,
) -> Result<EvalRun, Error> {
    let catalog = index.catalog();
    let roles = match data.roles {
        Some(roles) => {
            let codes = roles.iter().flat_map(|r| r.gold.iter().map(|g| g.code.as_str()));
            let framework = framework_for(config, index, |f| count_codes(f, codes.clone()))?;
            let (ranked, default) = ranked_and_default(index, &framework.id, weights, semantic, 10)?;
            Some(evaluate_roles(&ranked, &default, roles)?)
        }
        None => None,
    };
    let cross_version = match data.cross {
        Some(source) => {
            let codes = source.skills.iter().map(|s| s.code.as_str());
            let target = framework_for(config, index, |f| {
                if f.id == source.id {
                    0
                } else {
                    count_codes(f, codes.clone())
                }
            })?;
            let ranked = Matcher::new(
                index,
                MatchOptions { level_weights: weights, semantic, ..ranking_options(vec![target.id.clone()]) },
            )?;
            Some(evaluate_cross_version(&ranked, source, target)?)
        }
        None => None,
    };
    let mut sentences = Vec::new();
    for split in data.splits {
        let framework = framework_for(config, index, |f| {
            let names: HashSet<&str> = f.skills.iter().map(|s| s.name.trim()).collect();
            split.sentences.iter().flat_map(|s| &s.gold).filter(|g| names.contains(g.as_str())).count()
        })?;
        let position = catalog.frameworks.iter().position(|f| f.id == framework.id).unwrap_or(0) as u16;
        // One matcher for both: the ranking ignores the cut-off, the reported set uses it.
        let matcher = Matcher::new(
            index,
            MatchOptions { frameworks: vec![framework.id.clone()], semantic, ..MatchOptions::default() },
        )?;
        sentences.push(evaluate_sentences(&matcher, framework, position, split)?);
    }
    let documents = match data.documents {
        Some(documents) => {
            let codes = documents.iter().flat_map(|d| d.gold.iter().map(|g| g.code.as_str()));
            let framework = framework_for(config, index, |f| count_codes(f, codes.clone()))?;
            let (ranked, default) = ranked_and_default(index, &framework.id, weights, semantic, usize::MAX)?;
            Some(evaluate_documents(&ranked, &default, documents)?)
        }
        None => None,
    };
    Ok(EvalRun { signals, weights, roles, cross_version, sentences, documents })
}

/// Two matchers on one framework with these level weights: the ranking (no cut-off, `top`
/// skills) and the default report (the tool's own cut-off and top 10).
fn ranked_and_default<'i>(
    index: &'i SkillIndex,
    framework: &str,
    weights: LevelWeights,
    semantic: bool,
    top: usize,
) -> Result<(Matcher<'i>, Matcher<'i>), Error> {
    let frameworks = vec![framework.to_string()];
    let ranked = Matcher::new(
        index,
        MatchOptions { top, level_weights: weights, semantic, ..ranking_options(frameworks.clone()) },
    )?;
    let default = Matcher::new(
        index,
        MatchOptions { frameworks, level_weights: weights, semantic, ..MatchOptions::default() },
    )?;
    Ok((ranked, default))
}

/// The framework a data set is scored against: the one `--framework` names, else the one of
/// the index that `fit` (how many gold codes or labels it knows) likes best.
fn framework_for<'i>(
    config: &Config,
    index: &'i SkillIndex,
    fit: impl Fn(&Framework) -> usize,
) -> Result<&'i Framework, Error> {
    let catalog = index.catalog();
    if let Some(id) = config.frameworks.first() {
        return catalog
            .framework(id)
            .ok_or_else(|| Error::NotFound(format!("framework '{id}' is not in the index")));
    }
    let best = catalog.frameworks.iter().map(|f| (fit(f), f)).max_by_key(|(n, _)| *n);
    match best {
        Some((n, framework)) if n > 0 => Ok(framework),
        _ => Err(Error::Usage(
            "no framework in the index knows the data set's gold skills: add its sources with --corpus"
                .into(),
        )),
    }
}

fn count_codes<'c>(framework: &Framework, codes: impl Iterator<Item = &'c str>) -> usize {
    codes.filter(|c| framework.skill(c).is_some()).count()
}
