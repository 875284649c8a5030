//! `tahlil state`: a fit in three steps that any engine can run apart.
//!
//! `count` turns a shard of documents into a count state, `merge` adds
//! states up, `finish` makes the model; `tahlil vectorize --model` then
//! transforms any shard. The model is the one `tahlil vectorize` fits on all
//! the shards at once (see `tahlil::vectorize::CountState`).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use tahlil::pipeline::Pipeline;
use tahlil::vectorize::CountState;

use super::args::{
    pipeline_options, CorpusArgs, FilterArgs, NormalizeArgs, TermArgs, VectorizerArgs,
};
use super::output::count;

/// Count shards apart, merge the counts, finish the model (then `vectorize --model`).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    step: Step,
}

#[derive(Debug, clap::Subcommand)]
enum Step {
    /// Count a shard of documents into a count state file (per term: documents and occurrences).
    Count(CountArgs),
    /// Add count state files up into one (any order, any grouping: the same result).
    Merge(MergeArgs),
    /// Make model.json from count states (merged first if several), for `vectorize --model`.
    Finish(FinishArgs),
}

#[derive(Debug, clap::Args)]
struct CountArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The count state file to write.
    #[arg(long, short, value_name = "FILE")]
    out: PathBuf,
    #[command(flatten)]
    normalize: NormalizeArgs,
    #[command(flatten)]
    filters: FilterArgs,
    #[command(flatten)]
    terms: TermArgs,
}

#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// Count state files (from `tahlil state count` or `merge`).
    #[arg(value_name = "STATE", required = true)]
    states: Vec<PathBuf>,
    /// The merged count state file to write.
    #[arg(long, short, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct FinishArgs {
    /// Count state files (from `tahlil state count` or `merge`).
    #[arg(value_name = "STATE", required = true)]
    states: Vec<PathBuf>,
    /// The model file to write (model.json, as `tahlil vectorize` writes it).
    #[arg(long, short, value_name = "FILE")]
    out: PathBuf,
    #[command(flatten)]
    vectorizer: VectorizerArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let start = Instant::now();
    match args.step {
        Step::Count(a) => {
            let corpus = a.corpus.open()?;
            let options = pipeline_options(&a.normalize, &a.filters, Some(&a.terms))?;
            let state = CountState::count(corpus.documents(), &Pipeline::new(options)?, threads)?;
            state.save(&a.out)?;
            super::status(format!(
                "tahlil state count: {}, {}, {:.3} s -> {}",
                count(state.n_documents() as usize, "document"),
                count(state.terms().len(), "term"),
                start.elapsed().as_secs_f64(),
                a.out.display()
            ));
        }
        Step::Merge(a) => {
            let state = merged(&a.states)?;
            state.save(&a.out)?;
            super::status(format!(
                "tahlil state merge: {} states, {}, {}, {:.3} s -> {}",
                a.states.len(),
                count(state.n_documents() as usize, "document"),
                count(state.terms().len(), "term"),
                start.elapsed().as_secs_f64(),
                a.out.display()
            ));
        }
        Step::Finish(a) => {
            let state = merged(&a.states)?;
            let model = state.finish(&a.vectorizer.options())?;
            tahlil::io::write_atomic(&a.out, |w| model.write_json(w))?;
            super::status(format!(
                "tahlil state finish: {}, {}, {:.3} s -> {}",
                count(model.n_documents as usize, "document"),
                count(model.vocabulary.len(), "term"),
                start.elapsed().as_secs_f64(),
                a.out.display()
            ));
        }
    }
    Ok(())
}

/// The states of `paths` added up, in the order given (any order gives the same).
fn merged(paths: &[PathBuf]) -> Result<CountState> {
    let mut state = CountState::load(&paths[0])?;
    for path in &paths[1..] {
        state
            .merge(CountState::load(path)?)
            .with_context(|| format!("{}", path.display()))?;
    }
    Ok(state)
}
