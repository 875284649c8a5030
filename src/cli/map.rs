//! `tahlil map`: 2-D coordinates per document, with its k-means cluster.

use std::path::PathBuf;

use anyhow::Result;
use ndarray::Array2;
use tahlil::cluster::{embed, ClusterParams, Cut, Method, Space};
use tahlil::input::{GroupBy, Groups};
use tahlil::io::{fmt_f64, tsv_field, write_meta_header, write_meta_row, OutputSet};
use tahlil::reduce::{map_2d, LsaOptions, Projection};
use tahlil::vectorize::Vectors;

use tahlil::plot::scatter::Scatter;

use super::args::{CorpusArgs, KArg, VectorsArgs};
use super::chart::ChartArgs;
use super::output::stage_output;

/// Writes `id<TAB>x<TAB>y<TAB>cluster` per document.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Chart (--chart): The map: documents coloured by cluster, labelled where there is room."
)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// How documents are placed: pca (principal components of the documents' LSA vectors,
    /// any corpus size) or mds (classical MDS of the cosine distances between TF-IDF rows,
    /// up to 5,000 documents).
    #[arg(long, default_value = "pca", value_parser = super::args::choice::<Projection>())]
    method: Projection,
    /// LSA dimensions fed to PCA (fewer if the corpus has lower rank).
    #[arg(long, default_value_t = 100, value_name = "D")]
    dims: usize,
    /// k-means clusters for the cluster column, or `auto` (best silhouette for K = 2..=--k-max);
    /// the same as `tahlil cluster` with the same options.
    #[arg(long, default_value = "auto", value_parser = super::args::parse_k)]
    k: KArg,
    /// With --k auto: the largest K tried.
    #[arg(long, default_value_t = 10, value_name = "K")]
    k_max: usize,
    /// Seed of the LSA projection and of k-means: same seed, same map.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Colour the documents by the values of field COL instead of by cluster (the table
    /// gets a `group` column).
    #[arg(long, value_name = "COL")]
    group_by: Option<String>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    vectors: VectorsArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    args.chart.check()?;
    let corpus = args.corpus.open()?;
    let (_, v) = args.vectors.compute(&corpus, threads)?;
    let (xy, labels) = place(&v, args.method, args.dims, args.k, args.k_max, args.seed)?;
    let groups = match &args.group_by {
        Some(column) => Some(v.meta.groups(&GroupBy::Field(column.clone()))?),
        None => None,
    };
    let set = OutputSet::new();
    write(
        &set,
        args.out.as_ref(),
        &args.chart,
        args.method,
        (&xy, &labels),
        &v,
        groups.as_ref(),
    )?;
    Ok(set.commit()?)
}

/// Each document's place on the map (n × 2) and its k-means cluster.
pub(super) fn place(
    v: &Vectors,
    method: Projection,
    dims: usize,
    k: KArg,
    k_max: usize,
    seed: u64,
) -> Result<(Array2<f64>, Vec<usize>)> {
    let n = v.ids.len();
    let cut = match k {
        // A corpus too small to compare silhouettes is one cluster.
        KArg::Auto if n < 3 => Cut::K(1),
        KArg::Auto => Cut::Auto { max: k_max },
        KArg::Fixed(k) => Cut::K(k),
    };
    let params = ClusterParams {
        method: Method::KMeans,
        cut,
        seed,
        ..ClusterParams::default()
    }
    .check()?;
    let (x, _) = embed(&v.matrix, Space::Auto, seed)?;
    let clusters = params.fit(x.view())?;
    let lsa = LsaOptions {
        dims,
        seed,
        ..LsaOptions::default()
    };
    let xy = map_2d(&v.matrix, method, lsa)?;
    Ok((xy, clusters.labels))
}

/// The map as `id x y cluster` (and `group`, with `groups`; its chart
/// coloured by them, else by cluster), then the documents' metadata,
/// staged in `set`.
pub(super) fn write(
    set: &OutputSet,
    out: Option<&PathBuf>,
    chart: &ChartArgs,
    method: Projection,
    (xy, labels): (&Array2<f64>, &[usize]),
    v: &Vectors,
    groups: Option<&Groups>,
) -> Result<()> {
    let ids = &v.ids;
    chart.stage(set, || {
        let (axes, how) = match method {
            Projection::Pca => (("PC 1", "PC 2"), "PCA of LSA vectors"),
            Projection::Mds => (("MDS 1", "MDS 2"), "classical MDS of cosine distances"),
        };
        Ok(Scatter {
            points: (0..ids.len()).map(|d| (xy[[d, 0]], xy[[d, 1]])).collect(),
            labels: ids.to_vec(),
            groups: groups.map_or_else(|| labels.to_vec(), |g| g.of.clone()),
            group_names: groups.map(|g| g.names.clone()),
            axes: (axes.0.into(), axes.1.into()),
            title: match groups {
                Some(_) => format!("Document map ({how}), coloured by group"),
                None => format!("Document map ({how}), k-means clusters"),
            },
        })
    })?;
    let mut b = ryu::Buffer::new();
    stage_output(set, out, |w| {
        write!(w, "id\tx\ty\tcluster")?;
        write!(w, "{}", if groups.is_some() { "\tgroup" } else { "" })?;
        write_meta_header(w, &v.meta)?;
        for (d, id) in ids.iter().enumerate() {
            write!(w, "{}\t{}", tsv_field(id), fmt_f64(&mut b, xy[[d, 0]]))?;
            write!(w, "\t{}\t{}", fmt_f64(&mut b, xy[[d, 1]]), labels[d])?;
            if let Some(g) = groups {
                write!(w, "\t{}", tsv_field(&g.names[g.of[d]]))?;
            }
            write_meta_row(w, &v.meta, d)?;
        }
        Ok(())
    })
}
