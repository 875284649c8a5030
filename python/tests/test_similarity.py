"""similarity and neighbours: equal to scikit-learn's pairwise metrics on the
same TF-IDF, neighbours equal to sorting the full matrix, errors named."""

import numpy as np
import pytest

import tahlil

pytest.importorskip("sklearn")
from sklearn.metrics.pairwise import cosine_similarity, euclidean_distances, manhattan_distances  # noqa: E402

DOCS = [text for _, text in tahlil.seeds()]
X = tahlil.TfidfVectorizer(ngram_range=(1, 2)).fit_transform(DOCS)


@pytest.mark.parametrize(
    "metric, reference",
    [("cosine", cosine_similarity), ("euclidean", euclidean_distances), ("manhattan", manhattan_distances)],
)
def test_similarity_equals_scikit_learn(metric, reference):
    s = tahlil.similarity(X, metric=metric)
    assert s.shape == (5, 5) and s.dtype == np.float64 and s.flags.writeable
    expected = reference(X)
    # Within 1e-12 of the largest value: distances run to about 50 here, and
    # tahlil sums |a| + |b| - 2 Σ min(a, b) where scikit-learn sums |a - b|.
    assert np.abs(s - expected).max() <= 1e-12 * max(1.0, np.abs(expected).max())


def test_dense_input_gives_the_same_matrix():
    assert np.array_equal(tahlil.similarity(X.toarray()), tahlil.similarity(X))


def test_neighbours_are_the_full_matrix_sorted():
    pandas = pytest.importorskip("pandas")
    ids = [i for i, _ in tahlil.seeds()]
    found = tahlil.neighbours(X, top_k=2, ids=ids)
    assert isinstance(found, pandas.DataFrame) and list(found.columns) == ["doc", "neighbour", "score"]
    full = tahlil.similarity(X)
    for row, doc in enumerate(ids):
        order = sorted((r for r in range(5) if r != row), key=lambda r: (-full[row, r], r))[:2]
        mine = found[found.doc == doc]
        assert list(mine.neighbour) == [ids[r] for r in order]
        assert np.abs(mine.score.to_numpy() - full[row, order]).max() <= 1e-12


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: tahlil.similarity(X, metric="cosin"), ValueError, 'metric: unknown metric "cosin"'),
        (lambda: tahlil.neighbours(X, top_k=0), ValueError, "top_k must be at least 1"),
        (lambda: tahlil.neighbours(X, top_k=2.5), TypeError, "top_k must be an int"),
        (lambda: tahlil.neighbours(X, min_score=float("nan")), ValueError, "min_score NaN"),
        (lambda: tahlil.similarity("text"), TypeError, "X must be a matrix"),
        (lambda: tahlil.neighbours(X, ids=["a"]), ValueError, "1 ids for 5 rows"),
    ],
)
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error) as e:
        call()
    assert message in str(e.value)
