//! `tahlil cluster`: groups of documents, with silhouettes, centroid terms and the dendrogram.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;
use tahlil::cluster::{embed, top_terms, ClusterParams, Clustering, Method};
use tahlil::io::{fmt_f64, tsv_field, write_meta_header, write_meta_row, OutputSet};
use tahlil::vectorize::{TfidfModel, Vectors};

use tahlil::plot::bars::{Bars, Panel};
use tahlil::plot::dendrogram::Dendrogram;

use super::args::{describe_space, ClusterArgs, CorpusArgs, VectorsArgs};
use super::chart::ChartArgs;

/// Writes DIR/documents.tsv and DIR/clusters.json (and, for hierarchical clustering,
/// DIR/linkage.tsv and DIR/leaves.tsv).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Chart (--chart): Hierarchical: the dendrogram, labels coloured by cluster. K-means: each cluster's top terms."
)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output directory (created if missing).
    #[arg(long, short, value_name = "DIR", default_value = "clusters")]
    out: PathBuf,
    /// Terms listed per cluster in clusters.json.
    #[arg(long, default_value_t = 10, value_name = "N")]
    top_terms: usize,
    #[command(flatten)]
    cluster: ClusterArgs,
    #[command(flatten)]
    vectors: VectorsArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let start = Instant::now();
    args.chart.check()?;
    let params = args.cluster.params()?;
    let corpus = args.corpus.open()?;
    let (model, v) = args.vectors.compute(&corpus, threads)?;
    let (x, space) = embed(&v.matrix, args.cluster.dims, args.cluster.seed)?;
    let c = params.fit(x.view())?;
    let space = describe_space(space, x.ncols());
    // The tables and the chart appear together or not at all.
    let set = OutputSet::new();
    let outcome = Outcome {
        params: &params,
        model: &model,
        vectors: &v,
        clustering: &c,
        space: &space,
    };
    write(&set, &args.out, args.top_terms, &args.chart, &outcome)?;
    set.commit()?;
    let method = match args.cluster.method {
        Method::KMeans => "k-means".to_string(),
        Method::Hierarchical => format!(
            "{} linkage, {}",
            args.cluster.linkage, args.cluster.distance
        ),
    };
    super::status(format!(
        "tahlil cluster: {}, {} ({method}, {space}), mean silhouette {:.4}, {:.3} s -> {}",
        super::output::count(c.labels.len(), "document"),
        super::output::count(c.k, "cluster"),
        c.silhouettes.mean(),
        start.elapsed().as_secs_f64(),
        args.out.display()
    ));
    Ok(())
}

/// A clustering and what it was made from.
pub(super) struct Outcome<'a> {
    pub params: &'a ClusterParams,
    pub model: &'a TfidfModel,
    pub vectors: &'a Vectors,
    pub clustering: &'a Clustering,
    /// The space clustered in, as clusters.json says it.
    pub space: &'a str,
}

/// The files of a clustering under `dir` (and its chart), staged in `set`.
pub(super) fn write(
    set: &OutputSet,
    dir: &Path,
    top_terms: usize,
    chart: &ChartArgs,
    o: &Outcome,
) -> Result<()> {
    write_outputs(set, dir, top_terms, o)?;
    draw(set, chart, top_terms, o)
}

/// The --chart: the dendrogram, or each k-means cluster's top terms.
fn draw(set: &OutputSet, chart: &ChartArgs, n_terms: usize, o: &Outcome) -> Result<()> {
    let (p, model, v, c) = (o.params, o.model, o.vectors, o.clustering);
    if let Some(tree) = &c.tree {
        return chart.stage(set, || {
            Ok(Dendrogram {
                tree: tree.clone(),
                labels: v.ids.clone(),
                clusters: Some(c.labels.clone()),
                axis: format!("{} distance ({} linkage)", p.distance, p.linkage),
            })
        });
    }
    chart.stage(set, || {
        let terms = top_terms(&v.matrix, &c.labels, c.k, n_terms);
        let sizes = c.sizes();
        let panels = terms
            .iter()
            .enumerate()
            .map(|(l, ts)| {
                let size = sizes[l];
                let items = ts
                    .iter()
                    .map(|&(j, w)| (model.display_term(j).into_owned(), w))
                    .collect();
                Panel::new(
                    &format!("cluster {l} ({})", super::output::count(size, "document")),
                    items,
                )
            })
            .collect();
        Ok(Bars::grid(
            panels,
            "mean TF-IDF",
            "Top terms per cluster (k-means)",
        ))
    })
}

fn write_outputs(set: &OutputSet, dir: &Path, n_terms: usize, o: &Outcome) -> Result<()> {
    let (p, model, v, c, space) = (o.params, o.model, o.vectors, o.clustering, o.space);
    set.create_dir(dir)?;
    let mut b = ryu::Buffer::new();
    set.write(&dir.join("documents.tsv"), |w| {
        write!(w, "id\tcluster\tsilhouette")?;
        write_meta_header(w, &v.meta)?;
        for (d, id) in v.ids.iter().enumerate() {
            let s = fmt_f64(&mut b, c.silhouettes.values[d]);
            write!(w, "{}\t{}\t{s}", tsv_field(id), c.labels[d])?;
            write_meta_row(w, &v.meta, d)?;
        }
        Ok(())
    })?;
    let terms = top_terms(&v.matrix, &c.labels, c.k, n_terms);
    let (sizes, silhouettes) = (c.sizes(), c.cluster_silhouettes());
    let hierarchical = c.tree.as_ref();
    let doc = Summary {
        documents: v.ids.len(),
        method: p.method.to_string(),
        linkage: hierarchical.map(|_| p.linkage.to_string()),
        distance: hierarchical.map(|_| p.distance.to_string()),
        space,
        seed: p.seed,
        k: c.k,
        silhouette: c.silhouettes.mean(),
        silhouette_distance: c.distance.to_string(),
        k_tried: c
            .tried
            .iter()
            .map(|&(k, silhouette)| Tried { k, silhouette })
            .collect(),
        clusters: (0..c.k)
            .map(|l| Cluster {
                cluster: l,
                size: sizes[l],
                silhouette: silhouettes[l],
                central: &v.ids[c.central[l]],
                terms: terms[l]
                    .iter()
                    .map(|&(j, weight)| Term {
                        term: &model.vocabulary[j],
                        display: model.display_term(j).into_owned(),
                        weight,
                    })
                    .collect(),
            })
            .collect(),
        leaves: hierarchical.map(|t| t.leaves()),
    };
    if let Some(tree) = &c.tree {
        set.write(&dir.join("linkage.tsv"), |w| {
            writeln!(w, "a\tb\tdistance\tsize")?;
            for m in &tree.merges {
                writeln!(
                    w,
                    "{}\t{}\t{}\t{}",
                    m.a,
                    m.b,
                    fmt_f64(&mut b, m.distance),
                    m.size
                )?;
            }
            Ok(())
        })?;
        set.write(&dir.join("leaves.tsv"), |w| {
            writeln!(w, "row\tid")?;
            for d in tree.leaves() {
                writeln!(w, "{d}\t{}", tsv_field(&v.ids[d]))?;
            }
            Ok(())
        })?;
    }
    set.write(&dir.join("clusters.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &doc).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    Ok(())
}

/// clusters.json, fields in this order.
#[derive(Serialize)]
struct Summary<'a> {
    documents: usize,
    method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    linkage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    distance: Option<String>,
    space: &'a str,
    seed: u64,
    k: usize,
    silhouette: f64,
    silhouette_distance: String,
    k_tried: Vec<Tried>,
    clusters: Vec<Cluster<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    leaves: Option<Vec<usize>>,
}

#[derive(Serialize)]
struct Tried {
    k: usize,
    silhouette: f64,
}

#[derive(Serialize)]
struct Cluster<'a> {
    cluster: usize,
    size: usize,
    silhouette: f64,
    central: &'a str,
    terms: Vec<Term<'a>>,
}

#[derive(Serialize)]
struct Term<'a> {
    term: &'a str,
    display: String,
    weight: f64,
}
