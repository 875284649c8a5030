"""The analyses: over texts (terms, stats, keyness, collocations, cooccurrence,
kwic, topics) or over a matrix such as a vectorizer's output (cluster, map_2d).

Each is one call into the library, with the command line's defaults; tables come
back as pandas DataFrames with the command line's columns, arrays as numpy.
Keywords beyond a function's own are the word options of ``tokenize`` (the
normalization rules, ``clitics``, ``stop_words``, ``min_token_length``,
``stem``), and for ``terms`` the vectorizer's too.
"""

import numpy as np

from . import _tahlil
from ._similarity import _csr
from ._vectorizers import _threads

__all__ = [
    "Clusters",
    "Topics",
    "cluster",
    "collocations",
    "cooccurrence",
    "keyness",
    "kwic",
    "map_2d",
    "stats",
    "terms",
    "topics",
]


def _pandas(method):
    try:
        import pandas
    except ImportError:
        raise ImportError(f"{method}() returns a pandas DataFrame: pip install pandas") from None
    return pandas


def _frame(columns, method):
    return _pandas(method).DataFrame(columns)


def _texts(texts, ids, method):
    """The texts as a list of str, and their ids (given, a Series' index, or row numbers)."""
    if isinstance(texts, (str, bytes)):
        raise ValueError(
            f"{method}(): an iterable of str documents was expected, a single "
            f"{type(texts).__name__} was given (wrap it in a list)"
        )
    # A pandas Series names its rows; a list's `index` is a method.
    index = getattr(texts, "index", None)
    if callable(index):
        index = None
    try:
        texts = list(texts)
    except TypeError:
        raise TypeError(
            f"{method}(): an iterable of str documents was expected, not {type(texts).__name__}"
        ) from None
    for row, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"{method}(): document {row} is {type(text).__name__}, not str")
    if ids is None:
        ids = [str(i) for i in index] if index is not None else [str(i) for i in range(len(texts))]
    else:
        ids = [str(i) for i in ids]
    if len(ids) != len(texts):
        raise ValueError(f"{method}(): {len(ids)} ids for {len(texts)} documents")
    return texts, ids


def _count(value, name, method, minimum=0, none=False):
    """An int parameter, checked (bool is not a count)."""
    if value is None and none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{method}(): {name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{method}(): {name} {value}: must be at least {minimum}")
    return int(value)


def _flag(value, name, method):
    """A bool parameter, checked (an int is not a flag)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{method}(): {name} must be True or False, not {type(value).__name__}")
    return bool(value)


def _number(value, name, method, none=False):
    if value is None and none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{method}(): {name} must be a number, not {type(value).__name__}")
    return float(value)


def terms(texts, ids=None, sort="frequency", per_document=None, n_jobs=None, **options):
    """Every term with its corpus frequency, document frequency, idf and mean and
    largest TF-IDF (``term display frequency df idf mean_tfidf max_tfidf``), ordered by
    ``sort``: frequency, df, idf, mean, max (largest first) or term. With
    ``per_document=N``: each document's N heaviest terms (``id rank term display tfidf
    count``). ``options``: the vectorizer's keywords (``min_df``, ``ngram_range``, ...)."""
    texts, ids = _texts(texts, ids, "terms")
    n = _count(per_document, "per_document", "terms", 1, none=True)
    columns = _tahlil.terms(texts, ids, options, sort, n, _threads(n_jobs), "terms")
    return _frame(columns, "terms")


def stats(texts, ranks=False, n_jobs=None, **options):
    """The corpus profile as a pandas Series: documents, tokens, types,
    type_token_ratio, hapaxes, mean_document_length and the Zipf fit (exponent,
    constant, r_squared). With ``ranks=True``: the rank–frequency table (``rank term
    frequency``) that ``plot.zipf`` draws."""
    texts, ids = _texts(texts, None, "stats")
    profile, table = _tahlil.stats(texts, ids, options, _threads(n_jobs), "stats")
    pandas = _pandas("stats")
    if ranks:
        return pandas.DataFrame(table)
    values = {name: (int(v) if name in ("documents", "tokens", "types", "hapaxes") else v) for name, v in profile}
    return pandas.Series(values, name="value", dtype=object)


def keyness(texts, target=None, ids=None, groups=None, measure="chi2", n_jobs=None, **options):
    """The terms that set a target apart from the rest of the corpus, strongest
    first by ``measure`` (chi2, g2, pmi or log_ratio): ``term display target reference
    chi2 g2 pmi log_ratio`` (counts in target and reference, and each measure, signed:
    negative when the term is rarer in the target).

    ``target``: a document id, a list of ids, or a boolean mask over the documents
    (default: the first document). ``groups``: one label per document; every group is
    then compared with the rest (or only ``target``, a group label), with a ``group``
    column first."""
    texts, ids = _texts(texts, ids, "keyness")
    if groups is not None:
        labels = [str(g) for g in groups]
        if len(labels) != len(texts):
            raise ValueError(f"keyness(): {len(labels)} group labels for {len(texts)} documents")
        names = sorted(set(labels))
        if target is not None:
            if str(target) not in names:
                raise ValueError(f"keyness(): target {target!r}: no such group (groups: {', '.join(names)})")
            names = [str(target)]
        comparisons = [(name, [label == name for label in labels]) for name in names]
        grouped = True
    else:
        if target is None:
            target = ids[0] if ids else None
        if isinstance(target, str):
            target = [target]
        target = list(target) if target is not None else []
        if target and all(isinstance(t, (bool, np.bool_)) for t in target):
            if len(target) != len(texts):
                raise ValueError(f"keyness(): a mask of {len(target)} for {len(texts)} documents")
            mask, label = [bool(t) for t in target], "target"
        else:
            wanted = [str(t) for t in target]
            for w in wanted:
                if w not in ids:
                    raise ValueError(f"keyness(): target {w!r}: no document has this id")
            mask, label = [i in wanted for i in ids], ",".join(wanted)
        comparisons = [(label, mask)]
        grouped = False
    columns = _tahlil.keyness(texts, ids, comparisons, measure, grouped, options, _threads(n_jobs), "keyness")
    table = _frame(columns, "keyness")
    if not grouped:
        table.attrs["target"] = comparisons[0][0]
    return table


def collocations(texts, size=2, window=2, measure="npmi", min_freq=2, **options):
    """Word pairs that occur together within ``window`` words more than chance would
    have them (or, with ``size=3``, contiguous triples), strongest first by ``measure``
    (pmi, npmi, llr, chi2, t, dice, jaccard, poisson_stirling; NLTK's), those seen fewer
    than ``min_freq`` times left out: ``w1 w2 display count count_w1 count_w2 <measure>``."""
    texts, _ = _texts(texts, None, "collocations")
    size = _count(size, "size", "collocations")
    window = _count(window, "window", "collocations")
    min_freq = _count(min_freq, "min_freq", "collocations")
    columns = _tahlil.collocations(texts, size, window, measure, min_freq, options, "collocations")
    table = _frame(columns, "collocations")
    table.attrs["min_freq"] = min_freq
    return table


def cooccurrence(texts, terms=100, window=5, document=False, measure="count", **options):
    """How often the ``terms`` most frequent terms occur within ``window`` words of each
    other (or, with ``document=True``, in the same document), scored by ``measure``
    (count, ppmi, npmi), strongest first: ``a b display_a display_b count score``."""
    texts, _ = _texts(texts, None, "cooccurrence")
    top = _count(terms, "terms", "cooccurrence", 1)
    window = None if document else _count(window, "window", "cooccurrence")
    columns = _tahlil.cooccurrence(texts, top, window, measure, options, "cooccurrence")
    table = _frame(columns, "cooccurrence")
    # For plot.network's title, as the command line words it.
    table.attrs["span"] = "in the same document" if window is None else f"within {window} words"
    table.attrs["measure"] = measure
    return table


def kwic(texts, term, ids=None, window=5, **options):
    """Each occurrence of ``term`` (a word or phrase, matched after normalization, so
    القاعدة also finds القاعدَة) with ``window`` words of context each side, as
    written: ``id start end left keyword right`` (start and end are character offsets
    into the text). ``options``: the normalization rules and ``clitics`` (drop, the
    default, also finds وداعش for داعش)."""
    texts, ids = _texts(texts, ids, "kwic")
    if not isinstance(term, str):
        raise TypeError(f"kwic(): term must be a str, not {type(term).__name__}")
    window = _count(window, "window", "kwic")
    columns = _tahlil.kwic(texts, ids, term, window, options or None, "kwic")
    return _frame(columns, "kwic")


def _dates(dates, n):
    """The dates as ISO 8601 text: str as given; date, datetime and pandas Timestamp
    through ``isoformat()``; numpy datetime64 through ``str``."""
    if isinstance(dates, (str, bytes)):
        raise ValueError("trends(): dates must be one date per document, not a single str")
    try:
        dates = list(dates)
    except TypeError:
        raise TypeError(f"trends(): dates must be an iterable of dates, not {type(dates).__name__}") from None
    if len(dates) != n:
        raise ValueError(f"trends(): {len(dates)} dates for {n} documents: give one date per document")
    out = []
    for row, d in enumerate(dates):
        if isinstance(d, str):
            out.append(d)
        elif hasattr(d, "isoformat"):
            out.append(d.isoformat())
        elif type(d).__name__ == "datetime64":
            out.append(str(d))
        else:
            raise TypeError(f"trends(): dates[{row}] is {type(d).__name__}, not a date or an ISO 8601 str")
    return out


def trends(texts, dates, terms=None, by="month", groups=None, top=None, ids=None, n_jobs=None, **options):
    """Terms over time: for each period (``by``: 'year', 'quarter', 'month', 'week' or
    'day') and term, ``period term count documents tokens per_10k`` (with ``groups``,
    one label per document, a ``group`` column after ``period``).

    ``dates``: one per document, ISO 8601 str (``2017-11-03``, ``2017-11``, ``2017``,
    ``2017-11-03T08:15:00Z``), date, datetime or pandas Timestamp. ``terms``: words or
    phrases, matched as :func:`kwic` matches them; or ``top=N``: the N terms whose share
    changes most across the periods (Pearson's chi2 of the term's counts against the
    other words', period by period). ``tokens`` are the words the pipeline keeps in the
    period's documents, ``per_10k`` the count per 10,000 of them; every period from the
    first to the last is listed, with zeros where no document falls. ``options``: the
    pipeline's (normalization rules, ``stop_words``, ``min_token_length``, ``stem``,
    ``clitics``). Pivot for a chart: ``df.pivot(index="period", columns="term",
    values="per_10k")``, or draw it with :func:`tahlil.plot.lines`."""
    texts, ids = _texts(texts, ids, "trends")
    dates = _dates(dates, len(texts))
    if (terms is None) == (top is None):
        raise ValueError("trends(): give terms (a list of words or phrases) or top=N, not both")
    if terms is not None:
        if isinstance(terms, str):
            terms = [terms]
        terms = list(terms)
        if not terms or not all(isinstance(t, str) for t in terms):
            raise TypeError("trends(): terms must be a non-empty list of str")
    if top is not None:
        top = _count(top, "top", "trends", minimum=1)
    if groups is not None:
        groups = [str(g) for g in groups]
        if len(groups) != len(texts):
            raise ValueError(f"trends(): {len(groups)} groups for {len(texts)} documents: give one label per document")
    columns = _tahlil.trends(
        texts, ids, dates, groups, terms, top, by, options or None, _threads(n_jobs), "trends"
    )
    return _frame(columns, "trends")


class Topics:
    """A fitted topic model.

    Attributes: ``k``, ``method`` ('lda' or 'nmf'), ``topic_term`` (k × terms: each
    topic's word distribution for LDA, its weights for NMF), ``doc_topic`` (documents ×
    k), ``terms`` and ``display_terms`` (the columns of ``topic_term``), ``ids``,
    ``top_terms`` (DataFrame ``topic rank term display weight``), ``c_npmi`` and
    ``u_mass`` (each topic's coherence, as gensim's), ``coherence`` (mean c_npmi),
    ``perplexity`` and ``heldout`` (with ``holdout``), ``alpha`` (LDA: the document–topic
    prior of each topic, as learned with ``optimize_interval``) and ``beta``,
    ``reconstruction_error`` (NMF), ``tried`` (DataFrame of every K tried with
    ``k='auto'``)."""

    def __init__(self, fitted, ids):
        k = fitted["k"]
        self.k = k
        self.method = fitted["method"]
        self.terms = np.array(fitted["terms"], dtype=object)
        self.display_terms = np.array(fitted["display"], dtype=object)
        self.topic_term = np.frombuffer(fitted["topic_word"], dtype=np.float64).reshape(k, len(self.terms)).copy()
        self.doc_topic = np.frombuffer(fitted["doc_topic"], dtype=np.float64).reshape(len(ids), k).copy()
        self.ids = list(ids)
        self.c_npmi = np.array(fitted["c_npmi"], dtype=np.float64)
        self.u_mass = np.array(fitted["u_mass"], dtype=np.float64)
        self.coherence = float(self.c_npmi.mean())
        self.perplexity = fitted["perplexity"]
        self.heldout = None if fitted["heldout"] is None else np.array(fitted["heldout"], dtype=bool)
        self.alpha = None if fitted["alpha"] is None else np.array(fitted["alpha"], dtype=np.float64)
        self.beta = fitted["beta"]
        self.reconstruction_error = fitted["reconstruction_error"]
        self._top = fitted["top_terms"]
        self._tried = fitted["tried"]

    @property
    def top_terms(self):
        return _frame(self._top, "Topics.top_terms")

    @property
    def tried(self):
        return _frame(self._tried, "Topics.tried")

    def __repr__(self):
        extra = f", perplexity={self.perplexity:.2f}" if self.perplexity is not None else ""
        return (
            f"<tahlil.Topics {self.method.upper()} k={self.k}, {len(self.ids)} documents × "
            f"{len(self.terms)} terms, c_npmi={self.coherence:.4f}{extra}>"
        )


def topics(
    texts,
    k=10,
    method="lda",
    ids=None,
    k_min=2,
    k_max=10,
    alpha=0.1,
    beta=0.01,
    iterations=200,
    burn_in=100,
    optimize_interval=10,
    optimize_burn_in=0,
    optimize_beta=False,
    tolerance=1e-4,
    holdout=None,
    seed=0,
    top_terms=10,
    coherence_window=10,
    n_jobs=None,
    **options,
):
    """A topic model of the texts, as ``tahlil topics`` fits it: LDA (collapsed Gibbs
    sampling on term counts, priors ``alpha`` and ``beta``, ``iterations`` sweeps of which
    ``burn_in`` are discarded; ``optimize_interval`` N > 0 (10 by default; 0 keeps
    ``alpha`` fixed) learns an asymmetric ``alpha`` every N sweeps after the first
    ``optimize_burn_in``, and ``optimize_beta`` ``beta`` too, by Minka's fixed point, as
    MALLET and tomotopy do) or NMF (scikit-learn's, on TF-IDF). ``k='auto'`` fits every
    K from ``k_min`` to ``k_max`` and keeps the most coherent. ``holdout`` (LDA): a
    fraction of documents held out for perplexity. Same ``seed``, same topics, for any
    ``n_jobs``. Returns :class:`Topics`."""
    texts, ids = _texts(texts, ids, "topics")
    k = None if k == "auto" else _count(k, "k", "topics")
    fitted = _tahlil.topics(
        texts,
        ids,
        method,
        k,
        _count(k_min, "k_min", "topics"),
        _count(k_max, "k_max", "topics"),
        _number(alpha, "alpha", "topics"),
        _number(beta, "beta", "topics"),
        _count(iterations, "iterations", "topics"),
        _count(burn_in, "burn_in", "topics"),
        _count(optimize_interval, "optimize_interval", "topics"),
        _count(optimize_burn_in, "optimize_burn_in", "topics"),
        _flag(optimize_beta, "optimize_beta", "topics"),
        _number(tolerance, "tolerance", "topics"),
        _number(holdout, "holdout", "topics", none=True),
        _count(seed, "seed", "topics"),
        _count(top_terms, "top_terms", "topics"),
        _count(coherence_window, "coherence_window", "topics"),
        options,
        _threads(n_jobs),
        "topics",
    )
    return Topics(fitted, ids)


class Clusters:
    """A clustering of documents.

    Attributes: ``k``, ``labels`` (int64, clusters numbered from 0 in order of first
    appearance), ``silhouettes`` (each document's, as scikit-learn's
    ``silhouette_samples``), ``silhouette`` (their mean), ``linkage`` (hierarchical: the
    merges in SciPy's layout, for ``scipy.cluster.hierarchy.dendrogram`` or
    ``tahlil.plot.dendrogram``; None for k-means), ``central`` (each cluster's most
    central document), ``tried`` (with ``k='auto'``: (K, mean silhouette) for each K),
    ``space`` (what was clustered: 'rows' or 'lsa D'), ``metric`` (the distance of
    the silhouettes: cosine for k-means, the linkage's for hierarchical), and the
    ``method`` and ``linkage_method`` used."""

    def __init__(self, fitted, method, linkage_method):
        self.k = fitted["k"]
        self.labels = np.array(fitted["labels"], dtype=np.int64)
        self.silhouettes = np.array(fitted["silhouettes"], dtype=np.float64)
        self.silhouette = float(self.silhouettes.mean()) if len(self.silhouettes) else 0.0
        z = fitted["linkage"]
        self.linkage = None if z is None else np.frombuffer(z, dtype=np.float64).reshape(-1, 4).copy()
        self.central = np.array(fitted["central"], dtype=np.int64)
        self.tried = list(fitted["tried"])
        self.space = fitted["space"]
        self.method = method
        self.metric = fitted["metric"]
        self.linkage_method = linkage_method

    def __repr__(self):
        return (
            f"<tahlil.Clusters {self.method} k={self.k}, {len(self.labels)} documents, "
            f"mean silhouette {self.silhouette:.4f}>"
        )


def cluster(
    X,
    k="auto",
    method="kmeans",
    k_max=10,
    cut_distance=None,
    linkage="ward",
    metric="euclidean",
    dims=None,
    restarts=4,
    max_iterations=300,
    tolerance=1e-4,
    seed=0,
    n_jobs=None,
):
    """Groups the rows of X (a vectorizer's matrix, sparse or dense), as ``tahlil
    cluster`` does: ``method`` kmeans (k-means++, ``restarts`` starts) or hierarchical
    (``linkage`` ward, average, complete or single on ``metric`` euclidean or cosine;
    ``cut_distance`` cuts the tree at a distance instead of at K). ``k='auto'`` tries 2 to
    ``k_max`` and keeps the best mean silhouette. Rows are scaled to unit length;
    ``dims``: None clusters the rows while documents × terms ≤ 16 M, else 100 LSA
    dimensions; 0 the rows; D that many LSA dimensions. Returns :class:`Clusters`."""
    shape, *parts = _csr(X, "cluster")
    settings = {
        "method": method,
        "k": None if k == "auto" else _count(k, "k", "cluster"),
        "k_max": _count(k_max, "k_max", "cluster"),
        "cut_distance": _number(cut_distance, "cut_distance", "cluster", none=True),
        "linkage": linkage,
        "metric": metric,
        "dims": _count(dims, "dims", "cluster", none=True),
        "restarts": _count(restarts, "restarts", "cluster"),
        "max_iterations": _count(max_iterations, "max_iterations", "cluster"),
        "tolerance": _number(tolerance, "tolerance", "cluster"),
        "seed": _count(seed, "seed", "cluster"),
    }
    fitted = _tahlil.cluster(shape, *parts, settings, _threads(n_jobs), "cluster")
    return Clusters(fitted, method, linkage)


def map_2d(X, method="pca", dims=100, seed=0, n_jobs=None):
    """Each row of X placed on a plane (n × 2 numpy array), as ``tahlil map`` does:
    ``method`` pca (principal components of ``dims`` LSA dimensions; any size) or mds
    (classical MDS of the cosine distances; up to 5,000 documents)."""
    shape, *parts = _csr(X, "map_2d")
    dims = _count(dims, "dims", "map_2d")
    seed = _count(seed, "seed", "map_2d")
    flat = _tahlil.map_2d(shape, *parts, method, dims, seed, _threads(n_jobs), "map_2d")
    return np.frombuffer(flat, dtype=np.float64).reshape(shape[0], 2).copy()
