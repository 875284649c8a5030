"""Charts from Python: each the very chart the command line drew for the report
in plots/ (byte for byte, PNG and SVG), shown inline by Jupyter, saved whole, and
every error naming the parameter."""

import struct
from pathlib import Path

import numpy as np
import pytest

import tahlil
from tahlil import plot

pandas = pytest.importorskip("pandas")

PLOTS = Path(__file__).resolve().parents[2] / "plots"
SEEDS = tahlil.seeds()
IDS = [i for i, _ in SEEDS]
TEXTS = [t for _, t in SEEDS]


@pytest.fixture(scope="module")
def X():
    return tahlil.TfidfVectorizer().fit_transform(TEXTS)


def charts(X):
    """Each chart of the report (plots/index.html names the commands), made in Python."""
    hierarchical = tahlil.cluster(X, method="hierarchical", seed=0)
    return {
        "terms": lambda: plot.bars(tahlil.terms(TEXTS), value="frequency"),
        "terms-per-document": lambda: plot.bars(
            tahlil.terms(TEXTS, ids=IDS, per_document=10),
            value="tfidf",
            panel="id",
            n=10,
            measure="TF-IDF",
            heading="Top terms per document",
        ),
        "similarity": lambda: plot.heatmap(tahlil.similarity(X), IDS),
        "dendrogram": lambda: plot.dendrogram(hierarchical, IDS),
        "map": lambda: plot.scatter(
            tahlil.map_2d(X, seed=0),
            IDS,
            tahlil.cluster(X, seed=0).labels,
            axes=("PC 1", "PC 2"),
            heading="Document map (PCA of LSA vectors), k-means clusters",
        ),
        "keyness": lambda: plot.keyness(tahlil.keyness(TEXTS, ids=IDS, groups=hierarchical.labels)),
        "collocations": lambda: plot.network(tahlil.collocations(TEXTS)),
        "cooccurrence": lambda: plot.network(tahlil.cooccurrence(TEXTS)),
        "topics": lambda: plot.topics(tahlil.topics(TEXTS, k=4, seed=0)),
        "zipf": lambda: plot.zipf(tahlil.stats(TEXTS, ranks=True)),
        "dispersion": lambda: plot.dispersion(TEXTS, ["داعش", "القاعده", "تنظيم", "سوريا", "العراق"], IDS),
    }


NAMES = [
    "terms",
    "terms-per-document",
    "similarity",
    "dendrogram",
    "map",
    "keyness",
    "collocations",
    "cooccurrence",
    "topics",
    "zipf",
    "dispersion",
]


@pytest.mark.parametrize("name", NAMES)
def test_the_chart_is_the_command_lines(X, name):
    chart = charts(X)[name]()
    assert chart.png() == (PLOTS / f"{name}.png").read_bytes()
    assert chart.svg() == (PLOTS / f"{name}.svg").read_text(encoding="utf-8")


def test_jupyter_shows_it_inline_and_save_writes_it(X, tmp_path):
    chart = plot.heatmap(tahlil.similarity(X), IDS)
    assert chart._repr_svg_() == chart.svg()
    assert chart._repr_png_() == chart.png()
    chart.save(tmp_path / "s.png")
    chart.save(str(tmp_path / "s.SVG"))
    assert (tmp_path / "s.png").read_bytes() == chart.png()
    assert (tmp_path / "s.SVG").read_text(encoding="utf-8") == chart.svg()
    assert chart.kind == "heatmap"
    # In the given order (no tree), the colour bar still names the metric.
    assert "euclidean distance" in plot.heatmap(tahlil.similarity(X, "euclidean"), IDS, "euclidean", order="input").svg()
    assert "heatmap" in repr(chart)


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_width_height_and_title():
    chart = plot.bars({"داعش": 3.0, "القاعدة": 2.0}, width=640, height=300, title="عنوان")
    assert png_size(chart.png()) == (640, 300)
    assert "عنوان" in chart.svg()
    assert 'width="640"' in chart.svg()
    assert "عنوان" not in plot.bars({"داعش": 3.0}, title="").svg()


def test_lines_and_scatter_of_any_data():
    table = pandas.DataFrame({"size": [1, 2, 4, 1, 2, 4], "seconds": [1.0, 1.9, 4.2, 0.5, 0.9, 2.1], "tool": list("aaabbb")})
    chart = plot.lines(table, "size", "seconds", series="tool", x_scale="log", y_scale="log")
    assert chart.svg().startswith("<svg") and chart.kind == "lines"
    points = plot.scatter(np.array([[0.0, 1.0], [1.0, 0.0]]), ["أ", "ب"], width=500, height=400)
    assert png_size(points.png()) == (500, 400)


def test_a_failed_save_leaves_nothing(X, tmp_path):
    chart = plot.heatmap(tahlil.similarity(X), IDS)
    with pytest.raises(ValueError, match="png or .svg|PNG|SVG"):
        chart.save(tmp_path / "s.pdf")
    with pytest.raises((FileNotFoundError, OSError)):
        chart.save(tmp_path / "no" / "such" / "dir" / "s.png")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: plot.heatmap(np.ones((2, 3))), ValueError, "square"),
        (lambda: plot.heatmap(np.ones((2, 2)), labels=["a"]), ValueError, "1 labels for 2 rows"),
        (lambda: plot.heatmap(np.full((2, 2), np.nan)), ValueError, "NaN"),
        (lambda: plot.heatmap(np.eye(2), metric="l3"), ValueError, "metric"),
        (lambda: plot.heatmap(np.eye(2), order="size"), ValueError, "order"),
        (lambda: plot.heatmap(np.eye(2), width=50), ValueError, "width 50"),
        (lambda: plot.heatmap(np.eye(2), width=0), ValueError, "width 0"),
        (lambda: plot.heatmap(np.eye(2), title=3), TypeError, "title"),
        (lambda: plot.dendrogram(np.ones((2, 3))), ValueError, "4 columns"),
        (lambda: plot.dendrogram(np.array([[0.0, 5.0, 1.0, 2.0]])), ValueError, "not yet formed"),
        (lambda: plot.dendrogram(np.array([[0.0, 1.0, -1.0, 2.0]])), ValueError, "bad distance"),
        (lambda: plot.dendrogram(tahlil.cluster(np.eye(3), k=2)), ValueError, "k-means"),
        (lambda: plot.bars(pandas.DataFrame({"term": ["a"], "n": [1]})), ValueError, "value="),
        (lambda: plot.bars(pandas.DataFrame({"term": ["a"]}), value="n"), ValueError, "no column 'n'"),
        (lambda: plot.bars([1, 2]), TypeError, "DataFrame"),
        (lambda: plot.bars({"a": float("inf")}), ValueError, "infinite"),
        (lambda: plot.keyness(pandas.DataFrame({"x": [1]})), ValueError, "chi2"),
        (lambda: plot.scatter(np.ones(3)), ValueError, "n × 2"),
        (lambda: plot.scatter(np.ones((2, 2)), groups=[0]), ValueError, "1 groups for 2 points"),
        (lambda: plot.network(pandas.DataFrame({"x": [1]})), ValueError, "no column"),
        (lambda: plot.zipf(pandas.DataFrame({"x": [1]})), ValueError, "term and frequency"),
        (lambda: plot.topics("model"), TypeError, "tahlil.topics"),
        (lambda: plot.dispersion(TEXTS, ["، ."]), ValueError, "term"),
        (lambda: plot.lines(pandas.DataFrame({"x": [0.0], "y": [1.0]}), "x", "y", x_scale="log"), ValueError, "x_scale"),
        (lambda: plot.lines(pandas.DataFrame({"x": [1.0], "y": [1.0]}), "x", "y", y_scale="ln"), ValueError, "y_scale"),
    ],
)
def test_errors_name_the_parameter(call, error, words):
    with pytest.raises(error) as e:
        call()
    assert words in str(e.value), str(e.value)
