"""The analyses from Python: each equal to what the command line wrote for the
report in plots/ (the same library call, so every value is the same float), and
against the reference tools where one computes the same thing (SciPy's linkage,
scikit-learn's silhouettes); every error path names the parameter."""

import csv
from pathlib import Path

import numpy as np
import pytest

import tahlil

pandas = pytest.importorskip("pandas")

PLOTS = Path(__file__).resolve().parents[2] / "plots"
SEEDS = tahlil.seeds()
IDS = [i for i, _ in SEEDS]
TEXTS = [t for _, t in SEEDS]


def cli(name):
    """A table the command line wrote for the report (plots/README.md)."""
    return pandas.read_csv(
        PLOTS / name, sep="\t", quoting=csv.QUOTE_NONE, dtype={"id": str, "group": str}, keep_default_na=False
    )


def same(ours, theirs):
    """Equal tables: same columns, same rows, floats equal to the last bit (the
    command line writes the shortest text that reads back as the same float)."""
    ours = ours.reset_index(drop=True).head(len(theirs))
    assert list(ours.columns) == list(theirs.columns)
    assert len(ours) == len(theirs)
    for column in theirs.columns:
        a, b = ours[column].to_numpy(), theirs[column].to_numpy()
        if theirs[column].dtype.kind == "f" or ours[column].dtype.kind == "f":
            np.testing.assert_array_equal(a.astype(float), b.astype(float), err_msg=column)
        else:
            assert [str(x) for x in a] == [str(x) for x in b], column


@pytest.fixture(scope="module")
def X():
    return tahlil.TfidfVectorizer().fit_transform(TEXTS)


def test_terms_equal_the_command_line():
    same(tahlil.terms(TEXTS), cli("terms.tsv"))


def test_terms_per_document_equal_the_command_line():
    same(tahlil.terms(TEXTS, ids=IDS, per_document=10), cli("terms-per-document.tsv"))


def test_terms_take_the_vectorizer_keywords_and_sort():
    t = tahlil.terms(TEXTS, ngram_range=(1, 2), min_df=2, sort="df")
    assert (t["term"].str.contains(" ")).any()
    assert (t["df"] >= 2).all()
    assert list(t["df"]) == sorted(t["df"], reverse=True)


def test_stats_equal_the_command_line():
    theirs = cli("stats.tsv")
    ours = tahlil.stats(TEXTS)
    assert list(ours.index) == list(theirs["measure"])
    np.testing.assert_array_equal(ours.to_numpy(dtype=float), theirs["value"].to_numpy(dtype=float))


def test_stats_ranks_are_the_frequencies_in_order():
    ranks = tahlil.stats(TEXTS, ranks=True)
    terms = tahlil.terms(TEXTS)
    assert list(ranks["rank"]) == list(range(1, len(terms) + 1))
    assert sorted(ranks["frequency"], reverse=True) == list(ranks["frequency"])
    assert ranks["frequency"].sum() == tahlil.stats(TEXTS)["tokens"]


def test_keyness_by_groups_equals_the_command_line():
    groups = cli("clusters/documents.tsv")["cluster"]
    same(tahlil.keyness(TEXTS, ids=IDS, groups=groups), cli("keyness.tsv"))


def test_keyness_of_one_document_by_hand():
    """A 2 × 2 table counted by hand: the word in the target and in the rest."""
    texts = ["داعش داعش داعش قتال", "قتال قتال سلام", "سلام سلام قتال"]
    k = tahlil.keyness(texts, target="0", stop_words=None).set_index("term")
    # داعش: 3 of the target's 4 words, 0 of the rest's 6.
    assert (k.loc["داعش", "target"], k.loc["داعش", "reference"]) == (3, 0)
    a, b, c, d = 3, 0, 1, 6
    n = a + b + c + d
    # Expected counts below 5, so Yates' correction, as quanteda applies it.
    chi2 = n * (abs(a * d - b * c) - n / 2) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    assert k.loc["داعش", "chi2"] == pytest.approx(chi2, rel=1e-12)
    # A mask and a list of ids are the same target.
    by_mask = tahlil.keyness(texts, target=[True, False, False], stop_words=None)
    by_ids = tahlil.keyness(texts, target=["0"], stop_words=None)
    pandas.testing.assert_frame_equal(by_mask, by_ids)


def test_collocations_equal_the_command_line():
    same(tahlil.collocations(TEXTS), cli("collocations.tsv"))


def test_collocation_triples():
    t = tahlil.collocations(TEXTS, size=3, measure="pmi", min_freq=2)
    assert list(t.columns) == ["w1", "w2", "w3", "display", "count", "count_w1", "count_w2", "count_w3", "pmi"]
    assert (t["count"] >= 2).all() and len(t) > 0


def test_cooccurrence_equals_the_command_line():
    same(tahlil.cooccurrence(TEXTS), cli("cooccurrence.tsv"))


def test_cooccurrence_in_documents_counts_documents():
    t = tahlil.cooccurrence(TEXTS, terms=5, document=True)
    # Two terms found in every one of the five documents share all five.
    assert t["count"].max() <= 5
    top = t.iloc[0]
    assert (top["a"], top["b"], top["count"]) == ("القاعده", "داعش", 4) or top["count"] == 5


def one_line(table):
    """The contexts as the command line's table writes them: a line break is a space
    (in the DataFrame they stay as written)."""
    for column in ("left", "keyword", "right"):
        table[column] = table[column].str.replace("\r\n", " ").str.replace(r"[\n\r\x85\u2028\u2029]", " ", regex=True)
    return table


def test_kwic_equals_the_command_line():
    same(one_line(tahlil.kwic(TEXTS, "داعش", ids=IDS)), cli("kwic.tsv"))


def test_kwic_offsets_point_into_the_text():
    k = tahlil.kwic(TEXTS, "القاعدة", ids=IDS)
    for _, row in k.iterrows():
        text = TEXTS[IDS.index(row["id"])]
        # UTF-8 byte offsets, as the command line writes them.
        assert text.encode()[row["start"] : row["end"]].decode() == row["keyword"]


def test_topics_equal_the_command_line():
    t = tahlil.topics(TEXTS, k=4, ids=IDS)
    theirs = cli("topics/documents.tsv")
    np.testing.assert_array_equal(t.doc_topic, theirs[[f"topic{i}" for i in range(4)]].to_numpy())
    top = t.top_terms.rename(columns={"weight": "probability"})
    same(top, cli("topics/topics.tsv"))
    np.testing.assert_allclose(t.topic_term.sum(axis=1), 1.0, atol=1e-12)
    assert t.topic_term.shape == (4, len(t.terms)) and t.doc_topic.shape == (5, 4)
    # The top terms are the largest of topic_term.
    first = t.top_terms[t.top_terms["topic"] == 0]
    assert list(first["term"]) == list(t.terms[np.argsort(-t.topic_term[0], kind="stable")[:10]])


def test_topics_nmf_auto_and_holdout():
    nmf = tahlil.topics(TEXTS, k=3, method="nmf")
    assert nmf.method == "nmf" and nmf.reconstruction_error > 0
    assert (nmf.doc_topic >= 0).all()
    auto = tahlil.topics(TEXTS, k="auto", k_min=2, k_max=3, iterations=50, burn_in=20)
    assert list(auto.tried["k"]) == [2, 3] and auto.k in (2, 3)
    held = tahlil.topics(TEXTS, k=2, holdout=0.4, iterations=50, burn_in=20)
    assert held.perplexity > 0 and held.heldout.sum() == 2


def test_topics_learn_their_priors():
    """optimize_interval (10 by default): an asymmetric alpha (and with optimize_beta,
    beta) learned from the counts; with 0 the priors given are kept, and optimize_beta is
    an error naming both parameters."""
    fixed = tahlil.topics(TEXTS, k=3, ids=IDS, optimize_interval=0)
    assert list(fixed.alpha) == [0.1] * 3 and fixed.beta == 0.01
    learned = tahlil.topics(TEXTS, k=3, ids=IDS)
    assert len(set(learned.alpha)) == 3 and learned.beta == 0.01
    t = tahlil.topics(TEXTS, k=3, ids=IDS, optimize_interval=10, optimize_beta=True)
    assert len(t.alpha) == 3 and len(set(t.alpha)) == 3 and (t.alpha > 0).all()
    assert t.beta != 0.01 and t.beta > 0
    with pytest.raises(ValueError, match="optimize_beta.*optimize_interval"):
        tahlil.topics(TEXTS, k=3, optimize_interval=0, optimize_beta=True)
    with pytest.raises(TypeError, match="optimize_beta must be True or False"):
        tahlil.topics(TEXTS, k=3, optimize_interval=10, optimize_beta=1)
    # optimize_burn_in: when the priors are first learned; it must leave sweeps to learn in.
    late = tahlil.topics(TEXTS, k=3, ids=IDS, optimize_interval=10, optimize_burn_in=150)
    assert len(set(late.alpha)) == 3 and list(late.alpha) != list(t.alpha)
    with pytest.raises(ValueError, match="optimize_burn_in 200 must be below iterations 200"):
        tahlil.topics(TEXTS, k=3, optimize_interval=10, optimize_burn_in=200)


def test_topics_same_for_any_n_jobs():
    one = tahlil.topics(TEXTS, k=3, n_jobs=1)
    two = tahlil.topics(TEXTS, k=3, n_jobs=2)
    np.testing.assert_array_equal(one.topic_term, two.topic_term)
    np.testing.assert_array_equal(one.doc_topic, two.doc_topic)


def test_cluster_equals_the_command_line(X):
    c = tahlil.cluster(X, method="hierarchical", seed=0)
    theirs = cli("clusters/documents.tsv")
    assert list(c.labels) == list(theirs["cluster"])
    np.testing.assert_array_equal(c.silhouettes, theirs["silhouette"].to_numpy())
    np.testing.assert_array_equal(c.linkage, cli("clusters/linkage.tsv").to_numpy(dtype=float))


def test_linkage_is_scipys(X):
    hierarchy = pytest.importorskip("scipy.cluster.hierarchy")
    rows = X.toarray()
    for method, metric in [("ward", "euclidean"), ("average", "cosine"), ("complete", "euclidean"), ("single", "cosine")]:
        c = tahlil.cluster(X, method="hierarchical", linkage=method, metric=metric, k=2)
        theirs = hierarchy.linkage(rows, method=method, metric=metric)
        assert hierarchy.is_valid_linkage(c.linkage)
        np.testing.assert_allclose(c.linkage, theirs, rtol=1e-12, atol=1e-12)
        assert c.linkage.dtype == np.float64 and c.linkage.shape == (4, 4)


def test_silhouettes_are_scikit_learns(X):
    metrics = pytest.importorskip("sklearn.metrics")
    # k-means scores on cosine distance (the unit rows' own), hierarchical on the
    # linkage's metric.
    for method, metric in [("kmeans", "cosine"), ("hierarchical", "euclidean")]:
        c = tahlil.cluster(X, method=method, k=2)
        assert c.metric == metric
        theirs = metrics.silhouette_samples(X.toarray(), c.labels, metric=metric)
        np.testing.assert_allclose(c.silhouettes, theirs, rtol=1e-12, atol=1e-12)
        assert c.silhouette == pytest.approx(theirs.mean(), rel=1e-12)


def test_map_equals_the_command_line(X):
    theirs = cli("map.tsv")
    np.testing.assert_array_equal(tahlil.map_2d(X, seed=0), theirs[["x", "y"]].to_numpy())
    assert list(tahlil.cluster(X, seed=0).labels) == list(theirs["cluster"])
    assert tahlil.map_2d(X, method="mds").shape == (5, 2)


def test_analyses_take_a_pandas_series_and_its_index():
    s = pandas.Series(TEXTS, index=IDS)
    same(one_line(tahlil.kwic(s, "داعش")), cli("kwic.tsv"))


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: tahlil.terms(TEXTS, sort="size"), ValueError, "sort"),
        (lambda: tahlil.terms(TEXTS, min_df=3, max_df=2), ValueError, "min_df"),
        (lambda: tahlil.terms(TEXTS, per_document=0), ValueError, "per_document"),
        (lambda: tahlil.terms("one text"), ValueError, "wrap it in a list"),
        (lambda: tahlil.terms([1, 2]), TypeError, "document 0 is int"),
        (lambda: tahlil.terms(TEXTS, ids=["a"]), ValueError, "1 ids for 5 documents"),
        (lambda: tahlil.stats(TEXTS, colour=True), TypeError, "colour"),
        (lambda: tahlil.keyness(TEXTS, target="nobody"), ValueError, "target 'nobody'"),
        (lambda: tahlil.keyness(TEXTS, groups=["a"]), ValueError, "1 group labels"),
        (lambda: tahlil.keyness(TEXTS, groups=list("aabbb"), target="c"), ValueError, "no such group"),
        (lambda: tahlil.keyness(TEXTS, measure="z"), ValueError, "measure"),
        (lambda: tahlil.collocations(TEXTS, size=4), ValueError, "size 4"),
        (lambda: tahlil.collocations(TEXTS, size=3, window=5), ValueError, "window 5"),
        (lambda: tahlil.collocations(TEXTS, measure="cosine"), ValueError, "measure"),
        (lambda: tahlil.collocations(TEXTS, window="2"), TypeError, "window must be an int"),
        (lambda: tahlil.cooccurrence(TEXTS, terms=0), ValueError, "terms 0"),
        (lambda: tahlil.cooccurrence(TEXTS, window=0), ValueError, "window"),
        (lambda: tahlil.kwic(TEXTS, 3), TypeError, "term must be a str"),
        (lambda: tahlil.kwic(TEXTS, "داعش", stem="light"), TypeError, "stem"),
        (lambda: tahlil.kwic(TEXTS, "، ."), ValueError, "term"),
        (lambda: tahlil.topics(TEXTS, k=0), ValueError, "k 0"),
        (lambda: tahlil.topics(TEXTS, burn_in=300), ValueError, "burn_in"),
        (lambda: tahlil.topics(TEXTS, method="plsa"), ValueError, "method"),
        (lambda: tahlil.topics(TEXTS, method="nmf", holdout=0.2), ValueError, "holdout"),
        (lambda: tahlil.topics(TEXTS, alpha="x"), TypeError, "alpha must be a number"),
        (lambda: tahlil.cluster(np.eye(3), k=0), ValueError, "k 0"),
        (lambda: tahlil.cluster(np.eye(3), method="hierarchical", linkage="ward", metric="cosine"), ValueError, "ward"),
        (lambda: tahlil.cluster(np.eye(3), method="dbscan"), ValueError, "method"),
        (lambda: tahlil.cluster("X"), TypeError, "X must be a matrix"),
        (lambda: tahlil.map_2d(np.eye(3), method="tsne"), ValueError, "method"),
        (lambda: tahlil.map_2d(np.eye(3), dims=0), ValueError, "dims 0"),
    ],
)
def test_errors_name_the_parameter(call, error, words):
    with pytest.raises(error, match=None) as e:
        call()
    assert words in str(e.value), str(e.value)


def test_empty_corpus_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        tahlil.terms([])
    with pytest.raises(ValueError, match="empty"):
        tahlil.topics(["", "  "])


def test_pandas_is_optional():
    """Without pandas the package imports and vectorizes; a function that returns a
    DataFrame says what to install."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import tahlil\n"
        "X = tahlil.TfidfVectorizer().fit_transform(t for _, t in tahlil.seeds())\n"
        "assert X.shape == (5, 1243)\n"
        "try:\n"
        "    tahlil.terms(['داعش'])\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "terms() returns a pandas DataFrame: pip install pandas"
