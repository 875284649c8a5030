"""Similarity of documents (the rows of a matrix, such as a vectorizer's output)."""

import numpy as np
import scipy.sparse

from . import _tahlil

__all__ = ["neighbours", "similarity"]


def _csr(X, method):
    """X as CSR buffers: float64 values, int64 indices sorted within each row."""
    try:
        X = scipy.sparse.csr_matrix(X, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{method}(): X must be a matrix (scipy.sparse or numpy), not {type(X).__name__}") from e
    if X.ndim != 2:
        raise ValueError(f"{method}(): X must be 2-D")
    if not np.all(np.isfinite(X.data)):
        raise ValueError(f"{method}(): X holds NaN or infinite values")
    X.sum_duplicates()
    X.sort_indices()
    return (
        X.shape,
        X.data.tobytes(),
        X.indices.astype(np.int64).tobytes(),
        X.indptr.astype(np.int64).tobytes(),
    )


def similarity(X, metric="cosine"):
    """The n × n matrix of ``metric`` between the rows of X (numpy float64):
    cosine, jaccard, dice (similarities) or euclidean, manhattan (distances),
    as ``tahlil similarity`` computes them."""
    shape, *parts = _csr(X, "similarity")
    flat = _tahlil.pairwise_matrix(shape, *parts, metric, "similarity")
    return np.frombuffer(flat, dtype=np.float64).reshape(shape[0], shape[0]).copy()


def neighbours(X, top_k=10, metric="cosine", min_score=None, ids=None):
    """Each row's ``top_k`` nearest rows (itself excluded), best first, ties to
    the lower row: a pandas DataFrame ``doc, neighbour, score`` (ids if given,
    else row numbers). Memory grows with n·top_k, not n², so it suits large
    collections. ``min_score`` drops weaker pairs."""
    try:
        import pandas
    except ImportError:
        raise ImportError("neighbours() returns a pandas DataFrame: pip install pandas") from None
    shape, *parts = _csr(X, "neighbours")
    if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)):
        raise TypeError(f"neighbours(): top_k must be an int, not {type(top_k).__name__}")
    if top_k < 0:
        raise ValueError(f"neighbours(): top_k {top_k}: must be at least 1")
    docs, rows, scores = _tahlil.neighbours(shape, *parts, metric, int(top_k), min_score, "neighbours")
    docs = np.frombuffer(docs, dtype=np.int64)
    rows = np.frombuffer(rows, dtype=np.int64)
    if ids is not None:
        ids = np.asarray(list(ids), dtype=object)
        if len(ids) != shape[0]:
            raise ValueError(f"neighbours(): {len(ids)} ids for {shape[0]} rows")
        docs, rows = ids[docs], ids[rows]
    return pandas.DataFrame({"doc": docs, "neighbour": rows, "score": np.frombuffer(scores, dtype=np.float64)})
