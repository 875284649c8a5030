"""Charts: every chart of the command line, from Python data.

Each function returns a :class:`tahlil.Chart`, drawn by the library as ``tahlil
... --chart`` draws it (Arabic shaped and ordered, the font embedded): Jupyter shows
it inline, ``chart.save("x.png")`` or ``chart.save("x.svg")`` writes it, ``svg()`` and
``png()`` return it. Every function takes ``width``, ``height`` (pixels) and ``title``
('' for none; default: says what is drawn).

>>> import tahlil
>>> texts = [text for _, text in tahlil.seeds()]
>>> chart = tahlil.plot.bars(tahlil.terms(texts).head(10), value="frequency")
>>> chart.svg().startswith("<svg")
True
"""

import numpy as np

from . import _tahlil
from ._analyses import Clusters, Topics, _count, _texts

__all__ = ["bars", "dendrogram", "dispersion", "heatmap", "keyness", "lines", "network", "scatter", "topics", "zipf"]

_plot = _tahlil.plot


def _size(width, height, title, method):
    for name, v in (("width", width), ("height", height)):
        if v is not None:
            _count(v, name, method, 1)
    if title is not None and not isinstance(title, str):
        raise TypeError(f"{method}(): title must be a str, not {type(title).__name__}")
    return width, height, title


def _labels(labels, n, method):
    labels = [str(i) for i in range(n)] if labels is None else [str(x) for x in labels]
    if len(labels) != n:
        raise ValueError(f"{method}(): {len(labels)} labels for {n} rows")
    return labels


def heatmap(S, labels=None, metric="cosine", order="cluster", measure=None, width=None, height=None, title=None):
    """A similarity (or distance) matrix, as ``tahlil similarity --chart`` draws it:
    rows and columns in the order of an average-linkage tree of the documents, drawn
    beside it (``order='input'`` keeps the given order, without the tree). ``metric``
    names what S holds (cosine, jaccard, dice, euclidean, manhattan)."""
    S = np.ascontiguousarray(S, dtype=np.float64)
    if S.ndim != 2 or S.shape[0] != S.shape[1]:
        raise ValueError(f"plot.heatmap(): S must be a square matrix, not of shape {S.shape}")
    if order not in ("cluster", "input"):
        raise ValueError(f"plot.heatmap(): order {order!r}: use 'cluster' or 'input'")
    labels = _labels(labels, S.shape[0], "plot.heatmap")
    return _plot.heatmap(S.tobytes(), labels, metric, order == "cluster", measure, *_size(width, height, title, "plot.heatmap"))


def dendrogram(Z, labels=None, clusters=None, axis="distance", width=None, height=None, title=None):
    """The tree of a hierarchical clustering, as ``tahlil cluster --chart`` draws it:
    ``Z`` is a linkage matrix in SciPy's layout (``scipy.cluster.hierarchy.linkage``, or
    ``tahlil.cluster(...).linkage``) or a hierarchical :class:`Clusters` (its labels
    then colour the leaves). ``clusters``: a flat cluster per document, to colour them."""
    if isinstance(Z, Clusters):
        if Z.linkage is None:
            raise ValueError("plot.dendrogram(): a k-means clustering has no tree: cluster with method='hierarchical'")
        if clusters is None:
            clusters = Z.labels
        if axis == "distance":
            axis = f"{Z.metric} distance ({Z.linkage_method} linkage)"
        Z = Z.linkage
    Z = np.ascontiguousarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[1] != 4:
        raise ValueError(f"plot.dendrogram(): Z must have 4 columns (SciPy's linkage), not shape {Z.shape}")
    labels = _labels(labels, Z.shape[0] + 1, "plot.dendrogram")
    clusters = None if clusters is None else [int(c) for c in clusters]
    return _plot.dendrogram(Z.tobytes(), labels, clusters, str(axis), *_size(width, height, title, "plot.dendrogram"))


def _items(data, label, value, method):
    """(label, value) pairs from a DataFrame's columns, a Series or a dict."""
    if isinstance(data, dict):
        return [(str(k), float(v)) for k, v in data.items()]
    if hasattr(data, "columns"):
        for name in (label, value):
            if name not in data.columns:
                raise ValueError(f"{method}(): no column {name!r} (the columns are {', '.join(map(str, data.columns))})")
        return [(str(a), float(b)) for a, b in zip(data[label], data[value])]
    if hasattr(data, "index") and not callable(data.index):
        return [(str(k), float(v)) for k, v in zip(data.index, data)]
    raise TypeError(f"{method}(): data must be a DataFrame, a Series or a dict, not {type(data).__name__}")


def bars(data, value=None, label="display", panel=None, n=20, measure=None, heading=None, width=None, height=None, title=None):
    """Horizontal bars of values, largest first (as ``tahlil terms --chart``):
    ``data`` a DataFrame (``label`` and ``value`` columns: e.g. ``tahlil.terms(texts)``
    with ``value='frequency'``), a Series or a dict. ``panel``: a column that splits
    the bars into small multiples, one per value (e.g. ``topics.top_terms`` with
    ``panel='topic'``, ``value='weight'``), each coloured apart. ``n`` bars per panel."""
    n = _count(n, "n", "plot.bars", 1)
    if hasattr(data, "columns"):
        if value is None:
            raise ValueError("plot.bars(): name the column to draw: value='...'")
        if label not in data.columns and "term" in data.columns and label == "display":
            label = "term"
    if panel is None:
        panels = [("", _items(data, label, value, "plot.bars")[:n])]
    else:
        if not hasattr(data, "columns") or panel not in data.columns:
            raise ValueError(f"plot.bars(): panel {panel!r} must be a column of the DataFrame")
        panels = []
        for key in dict.fromkeys(data[panel]):
            part = data[data[panel] == key]
            # A name stands alone; a number needs the column's name (topic 0).
            name = key if isinstance(key, str) else f"{panel} {key}"
            panels.append((name, _items(part, label, value, "plot.bars")[:n]))
    measure = measure if measure is not None else (value or "value")
    heading = None if heading is None else str(heading)
    return _plot.bars(panels, str(measure), heading, panel is not None, *_size(width, height, title, "plot.bars"))


def topics(model, n=10, width=None, height=None, title=None):
    """Each topic's ``n`` top terms as small multiples, its coherence in the panel's
    title, as ``tahlil topics --chart`` draws them: ``model`` is ``tahlil.topics(...)``."""
    if not isinstance(model, Topics):
        raise TypeError(f"plot.topics(): model must be tahlil.topics()'s result, not {type(model).__name__}")
    n = _count(n, "n", "plot.topics", 1)
    top = model.top_terms
    panels = [
        (
            f"topic {t} · c_npmi {model.c_npmi[t]:.3f}",
            _items(top[top["topic"] == t], "display", "weight", "plot.topics")[:n],
        )
        for t in range(model.k)
    ]
    measure = "weight" if model.method == "nmf" else "probability"
    heading = f"{model.method.upper()} topics (K = {model.k}), mean c_npmi {model.coherence:.3f}"
    return _plot.bars(panels, measure, heading, True, *_size(width, height, title, "plot.topics"))


def keyness(data, measure="chi2", n=15, width=None, height=None, title=None):
    """Keyness as ``tahlil keyness --chart`` draws it: the ``n`` terms most typical of
    the target (positive) and of the rest (negative) by ``measure``, one panel per group
    when ``data`` (from ``tahlil.keyness``) has a ``group`` column."""
    n = _count(n, "n", "plot.keyness", 1)
    if not hasattr(data, "columns") or measure not in data.columns:
        raise ValueError(f"plot.keyness(): data must be tahlil.keyness()'s DataFrame, with a {measure!r} column")
    label = "display" if "display" in data.columns else "term"
    if "group" in data.columns:
        panels = [
            (f"group {g}", _items(data[data["group"] == g], label, measure, "plot.keyness"))
            for g in dict.fromkeys(data["group"])
        ]
    else:
        target = getattr(data, "attrs", {}).get("target", "target")
        panels = [(target, _items(data, label, measure, "plot.keyness"))]
    return _plot.keyness(panels, measure, n, *_size(width, height, title, "plot.keyness"))


def scatter(xy, labels=None, groups=None, axes=("x", "y"), heading="Document map", width=None, height=None, title=None):
    """Points on a plane (as ``tahlil map --chart``): ``xy`` n × 2 (``tahlil.map_2d``),
    a label per point (or none), ``groups`` (e.g. cluster labels) colouring them."""
    xy = np.asarray(xy, dtype=np.float64)
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise ValueError(f"plot.scatter(): xy must be n × 2, not of shape {xy.shape}")
    n = xy.shape[0]
    labels = [] if labels is None else _labels(labels, n, "plot.scatter")
    groups = [0] * n if groups is None else [int(g) for g in groups]
    if len(groups) != n:
        raise ValueError(f"plot.scatter(): {len(groups)} groups for {n} points")
    if any(g < 0 for g in groups):
        raise ValueError("plot.scatter(): groups must be numbered from 0")
    points = [(float(x), float(y)) for x, y in xy]
    return _plot.scatter(points, labels, groups, (str(axes[0]), str(axes[1])), str(heading), *_size(width, height, title, "plot.scatter"))


def network(data, source=None, target=None, score=None, n=None, heading=None, width=None, height=None, title=None):
    """A network of term pairs, force-directed, as ``tahlil cooccurrence --chart`` and
    ``tahlil collocations --chart`` draw it: the ``n`` strongest pairs (default: 60 for
    co-occurrence, 50 otherwise, as the command line) of ``data``, the DataFrame of
    ``tahlil.cooccurrence`` or ``tahlil.collocations``; for another table name its
    ``source``, ``target`` and ``score`` columns."""
    if not hasattr(data, "columns"):
        raise TypeError(f"plot.network(): data must be a DataFrame, not {type(data).__name__}")
    cols = list(data.columns)
    attrs = getattr(data, "attrs", {})
    if source is None and "display_a" in cols:
        source, target, score = "display_a", "display_b", score or "score"
        what = f"Co-occurrence of frequent terms ({attrs['span']})" if "span" in attrs else "Co-occurrence of frequent terms"
        measure, default_n = attrs.get("measure", "score"), 60
    elif source is None and "w1" in cols and "w3" not in cols:
        # A pair's display is its two words' display forms, space-separated.
        split = [d.split(" ", 1) for d in data["display"]]
        data = data.assign(_a=[s[0] for s in split], _b=[s[-1] for s in split])
        source, target, score = "_a", "_b", score or cols[-1]
        measure, default_n = cols[-1], 50
        what = f"Collocations by {measure}"
        if "min_freq" in attrs:
            what += f" (pairs seen at least {attrs['min_freq']} times)"
    else:
        what, measure, default_n = "Network", score, 50
    for name in (source, target, score):
        if name not in data.columns:
            raise ValueError(f"plot.network(): no column {name!r}: name source, target and score")
    n = default_n if n is None else _count(n, "n", "plot.network", 1)
    pairs = [(str(a), str(b), float(s)) for a, b, s in zip(data[source], data[target], data[score])]
    heading = what if heading is None else heading
    return _plot.network(pairs, n, str(measure), str(heading), *_size(width, height, title, "plot.network"))


def zipf(ranks, width=None, height=None, title=None):
    """Rank against frequency on log scales with the least-squares Zipf line, as
    ``tahlil stats --chart`` draws it: ``ranks`` is ``tahlil.stats(texts, ranks=True)``
    (or any DataFrame with ``term`` and ``frequency`` columns, most frequent first)."""
    if not hasattr(ranks, "columns") or not {"term", "frequency"} <= set(ranks.columns):
        raise ValueError("plot.zipf(): ranks must be a DataFrame with term and frequency columns (tahlil.stats(texts, ranks=True))")
    items = [(str(t), int(f)) for t, f in zip(ranks["term"], ranks["frequency"])]
    return _plot.zipf(items, *_size(width, height, title, "plot.zipf"))


def dispersion(texts, terms, ids=None, width=None, height=None, title=None, **options):
    """Where each of ``terms`` occurs across the corpus, one row per term, documents
    marked along the axis (as ``tahlil kwic --chart``). Terms are matched as ``kwic``
    matches them; ``options``: the normalization rules and ``clitics``."""
    texts, ids = _texts(texts, ids, "plot.dispersion")
    terms = [terms] if isinstance(terms, str) else [str(t) for t in terms]
    return _plot.dispersion(texts, ids, terms, *_size(width, height, title, "plot.dispersion"), **options)


def lines(data, x, y, series=None, x_scale="linear", y_scale="linear", heading="", width=None, height=None, title=None):
    """Lines of ``y`` against ``x`` from a DataFrame, one per value of the ``series``
    column (as ``tahlil plot`` draws a table); scales 'linear' or 'log'."""
    if not hasattr(data, "columns"):
        raise TypeError(f"plot.lines(): data must be a DataFrame, not {type(data).__name__}")
    for name in (x, y) + ((series,) if series is not None else ()):
        if name not in data.columns:
            raise ValueError(f"plot.lines(): no column {name!r} (the columns are {', '.join(map(str, data.columns))})")
    groups = [(str(y), data)] if series is None else [(str(k), data[data[series] == k]) for k in dict.fromkeys(data[series])]
    drawn = [(name, [(float(a), float(b)) for a, b in zip(part[x], part[y])]) for name, part in groups]
    return _plot.lines(drawn, str(x), str(y), x_scale, y_scale, str(heading), *_size(width, height, title, "plot.lines"))


def trends(data, value="per_10k", width=None, height=None, title=None):
    """The lines of a :func:`tahlil.trends` table, as ``tahlil trends --chart`` draws
    them: one per term (per term and group), ``value`` (``per_10k`` or ``count``) in
    each period, the periods named on the x axis."""
    if not hasattr(data, "columns"):
        raise TypeError(f"plot.trends(): data must be the DataFrame of tahlil.trends, not {type(data).__name__}")
    for name in ("period", "term", value):
        if name not in data.columns:
            raise ValueError(f"plot.trends(): no column {name!r}: pass the DataFrame of tahlil.trends")
    periods = list(dict.fromkeys(data["period"]))
    at = {p: i for i, p in enumerate(periods)}
    keys = ["term", "group"] if "group" in data.columns else ["term"]
    drawn = []
    for key, part in data.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        name = " — ".join(str(k) for k in key)
        drawn.append((name, [(float(at[p]), float(v)) for p, v in zip(part["period"], part[value])]))
    y_name = "per 10,000 words" if value == "per_10k" else str(value)
    return _plot.lines(
        drawn, "period", y_name, "linear", "linear", "Trends: " + y_name,
        *_size(width, height, title, "plot.trends"), periods,
    )
