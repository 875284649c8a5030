"""The vectorizers: equal to scikit-learn handed tahlil's words, in scikit-learn's
conventions (clone, Pipeline, GridSearchCV, pickle), the same for any n_jobs, and
every error path naming the parameter."""

import pickle
import random

import numpy as np
import pytest

import tahlil

sklearn = pytest.importorskip("sklearn")
from sklearn.base import clone  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer as SkCount  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer as SkTfidf  # noqa: E402

SEEDS = [text for _, text in tahlil.seeds()]


def generated(n=60, seed=7):
    """Documents of the seeds' own sentences, recombined (seeded)."""
    sentences = [s for text in SEEDS for s in text.replace("؟", ".").split(".") if s.strip()]
    rng = random.Random(seed)
    return [" ".join(rng.sample(sentences, rng.randint(1, 6))) for _ in range(n)]


def words_of(params):
    """scikit-learn's analyzer for the same job: tahlil's words, then word n-grams."""
    lo, hi = params.get("ngram_range", (1, 1))
    options = {k: v for k, v in params.items() if k in ("clitics", "stem", "stop_words", "min_token_length")}

    def analyze(doc):
        words = tahlil.tokenize(doc, **options)
        return [" ".join(words[i : i + n]) for n in range(lo, hi + 1) for i in range(len(words) - n + 1)]

    return analyze


OPTIONS = [
    {},
    {"ngram_range": (1, 2), "min_df": 2},
    {"max_df": 0.5, "max_features": 100},
    {"sublinear_tf": True, "norm": "l1"},
    {"binary": True, "use_idf": False, "norm": None},
    {"smooth_idf": False, "min_df": 0.1},
    {"ngram_range": (2, 3), "max_features": 50},
    {"clitics": "none", "stem": "light"},
    {"stop_words": None, "min_token_length": 1},
]

TFIDF_ONLY = ("norm", "use_idf", "smooth_idf", "sublinear_tf")


def untied(docs, params):
    """params with max_features moved to the nearest limit with no tie at the cut:
    scikit-learn breaks ties there by an unstable sort, tahlil by column order."""
    if params.get("max_features") is None:
        return params
    counts = SkCount(
        analyzer=words_of(params),
        binary=params.get("binary", False),
        max_df=params.get("max_df", 1.0),
        min_df=params.get("min_df", 1),
    ).fit_transform(docs)
    totals = np.sort(np.asarray(counts.sum(axis=0)).ravel())[::-1]
    limit = params["max_features"]
    while limit < len(totals) and totals[limit - 1] == totals[limit]:
        limit += 1
    return {**params, "max_features": limit}
TAHLIL_ONLY = ("clitics", "stem", "stop_words", "min_token_length")


@pytest.mark.parametrize("docs", [SEEDS, generated()], ids=["seeds", "generated"])
@pytest.mark.parametrize("params", OPTIONS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "defaults")
def test_tfidf_equals_scikit_learn_on_tahlils_words(docs, params):
    params = untied(docs, params)
    mine = tahlil.TfidfVectorizer(**params)
    x = mine.fit_transform(docs)
    theirs = SkTfidf(analyzer=words_of(params), **{k: v for k, v in params.items() if k not in TAHLIL_ONLY + ("ngram_range",)})
    y = theirs.fit_transform(docs)
    assert list(mine.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert mine.vocabulary_ == theirs.vocabulary_
    assert x.shape == y.shape and x.dtype == np.float64
    assert abs(x - y).max() <= 1e-12
    if params.get("use_idf", True):
        assert np.abs(mine.idf_ - theirs.idf_).max() <= 1e-12
    assert abs(mine.transform(docs) - x).max() == 0


@pytest.mark.parametrize("params", [p for p in OPTIONS if not set(p) & set(TFIDF_ONLY)], ids=str)
def test_counts_equal_scikit_learn_on_tahlils_words(params):
    docs = generated()
    params = untied(docs, params)
    mine = tahlil.CountVectorizer(**params)
    x = mine.fit_transform(docs)
    theirs = SkCount(analyzer=words_of(params), **{k: v for k, v in params.items() if k not in TAHLIL_ONLY + ("ngram_range",)})
    y = theirs.fit_transform(docs)
    assert list(mine.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert x.dtype == np.int64
    assert (x != y).nnz == 0


def test_any_iterable_of_str_and_any_thread_count_give_the_same_matrix():
    docs = generated(200)
    base = tahlil.TfidfVectorizer(ngram_range=(1, 2), n_jobs=1).fit_transform(docs)
    for given in (tuple(docs), np.array(docs, dtype=object), (d for d in docs)):
        x = tahlil.TfidfVectorizer(ngram_range=(1, 2), n_jobs=2).fit_transform(given)
        assert (x != base).nnz == 0
        assert np.array_equal(x.indptr, base.indptr) and np.array_equal(x.data, base.data)
    pandas = pytest.importorskip("pandas")
    x = tahlil.TfidfVectorizer(ngram_range=(1, 2)).fit_transform(pandas.Series(docs))
    assert (x != base).nnz == 0


def test_parameters_are_stored_as_given_and_cloned():
    v = tahlil.TfidfVectorizer(min_df=2, ngram_range=(1, 2), stop_words=["داعش"], fold_alef=False)
    params = v.get_params()
    assert params["min_df"] == 2 and params["stop_words"] == ["داعش"] and params["fold_alef"] is False
    assert repr(v) == "TfidfVectorizer(fold_alef=False, min_df=2, ngram_range=(1, 2), stop_words=['داعش'])"
    c = clone(v)
    assert c.get_params() == params and c is not v
    assert v.set_params(min_df=3) is v and v.min_df == 3
    with pytest.raises(ValueError, match="Invalid parameter 'colour'"):
        v.set_params(colour="red")


def test_works_in_a_pipeline_and_a_grid_search():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline

    docs = generated(80)
    labels = ["داعش" in tahlil.normalize(d) for d in docs]
    pipe = Pipeline([("tfidf", tahlil.TfidfVectorizer()), ("clf", LogisticRegression())])
    pipe.fit(docs, labels)
    assert pipe.score(docs, labels) > 0.8
    search = GridSearchCV(pipe, {"tfidf__min_df": [1, 2], "tfidf__ngram_range": [(1, 1), (1, 2)]}, cv=3)
    search.fit(docs, labels)
    assert search.best_params_["tfidf__min_df"] in (1, 2)


def test_a_fitted_vectorizer_pickles():
    v = tahlil.TfidfVectorizer(ngram_range=(1, 2)).fit(SEEDS)
    w = pickle.loads(pickle.dumps(v))
    assert w.vocabulary_ == v.vocabulary_
    assert (w.transform(SEEDS) != v.transform(SEEDS)).nnz == 0
    assert list(w.get_display_names_out()) == list(v.get_display_names_out())


def test_display_names_undo_the_folds():
    v = tahlil.TfidfVectorizer().fit(SEEDS)
    names = dict(zip(v.get_feature_names_out(), v.get_display_names_out()))
    assert names["القاعده"] == "القاعدة"


@pytest.mark.parametrize(
    "params, error, message",
    [
        ({"min_df": 1.5}, ValueError, "min_df 1.5: a fraction must lie in [0, 1]"),
        ({"min_df": 3, "max_df": 2}, ValueError, "min_df (3) is above max_df (2)"),
        ({"ngram_range": (2, 1)}, ValueError, "ngram_range 2,1: need 1 <= MIN <= MAX"),
        ({"ngram_range": "1,2"}, TypeError, "ngram_range must be a tuple"),
        ({"max_features": 0}, ValueError, "max_features must be at least 1"),
        ({"norm": "l3"}, ValueError, 'norm: unknown norm "l3"'),
        ({"analyzer": "chars"}, ValueError, 'analyzer: unknown analyzer "chars"'),
        ({"binary": "yes"}, TypeError, "binary must be True or False, not str"),
        ({"min_df": True}, TypeError, "min_df must be an int or a float, not bool"),
        ({"clitics": "some"}, ValueError, 'clitics: unknown clitics mode "some"'),
        ({"n_jobs": 0}, ValueError, "n_jobs must be a positive int, -1 or None"),
    ],
)
def test_bad_parameters_raise_at_fit_naming_them(params, error, message):
    v = tahlil.TfidfVectorizer(**params)  # stored as given, as scikit-learn does
    with pytest.raises(error) as e:
        v.fit(SEEDS)
    assert message in str(e.value)


def test_bad_documents_and_unfitted_use_raise():
    with pytest.raises(ValueError, match="a single str was given"):
        tahlil.TfidfVectorizer().fit("نص واحد")
    with pytest.raises(TypeError, match=r"document 1 is int, not str"):
        tahlil.TfidfVectorizer().fit(["نص", 3])
    with pytest.raises(TypeError, match="an iterable of str documents was expected, not int"):
        tahlil.TfidfVectorizer().fit(5)
    with pytest.raises(tahlil.NotFittedError, match="not fitted yet"):
        tahlil.TfidfVectorizer().transform(SEEDS)
    with pytest.raises(ValueError, match="the corpus is empty"):
        tahlil.TfidfVectorizer().fit([])
    with pytest.raises(ValueError, match="the vocabulary is empty"):
        tahlil.TfidfVectorizer().fit(["في من"])


def test_vocabulary_is_made_on_first_use_and_follows_each_fit():
    from sklearn.exceptions import NotFittedError as SkNotFitted
    from sklearn.utils.validation import check_is_fitted

    for cls in (tahlil.TfidfVectorizer, tahlil.CountVectorizer):
        v = cls()
        assert not hasattr(v, "vocabulary_")
        with pytest.raises(SkNotFitted):
            check_is_fitted(v)
        v.fit(SEEDS)
        check_is_fitted(v)
        assert "_vocabulary" not in vars(v)  # not made by fit
        assert v.vocabulary_ == {t: j for j, t in enumerate(v.get_feature_names_out())}
        assert v.vocabulary_ is v.vocabulary_  # made once
        v.fit(SEEDS[:1])
        assert len(v.vocabulary_) == len(v.get_feature_names_out()) < 1243


REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


def test_a_model_made_by_the_command_line_transforms_the_same_in_python(tmp_path):
    """plots/vectors/ is what `tahlil report` (the command line) wrote for the seeds."""
    import scipy.io

    made = REPO / "plots" / "vectors"
    v = tahlil.TfidfVectorizer.load(made / "model.json")
    assert v.get_params()["stop_words"] == "arabic" and v.get_params()["clitics"] == "drop"
    x = v.transform(SEEDS)
    y = scipy.io.mmread(str(made / "matrix.mtx")).tocsr()
    assert x.shape == y.shape
    assert abs(x - y).max() <= 1e-15
    # And back: Python writes the model.json the command line wrote, byte for byte.
    v.save(tmp_path / "model.json")
    assert (tmp_path / "model.json").read_bytes() == (made / "model.json").read_bytes()


def test_save_and_load_round_trip_every_setting(tmp_path):
    v = tahlil.TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, max_df=0.9, max_features=200, sublinear_tf=True,
        norm="l1", smooth_idf=False, stop_words=["داعش"], stem="light", clitics="split",
        fold_alef=False,
    ).fit(generated())
    v.save(tmp_path / "m.json")
    w = tahlil.TfidfVectorizer.load(tmp_path / "m.json")
    mine = {k: val for k, val in v.get_params().items() if k not in ("n_jobs", "dtype")}
    theirs = {k: val for k, val in w.get_params().items() if k not in ("n_jobs", "dtype")}
    assert theirs == mine
    assert (w.transform(SEEDS) != v.transform(SEEDS)).nnz == 0


def test_loading_a_bad_model_names_the_problem(tmp_path):
    bad = tmp_path / "model.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="model.json"):
        tahlil.TfidfVectorizer.load(bad)
    with pytest.raises(FileNotFoundError):
        tahlil.TfidfVectorizer.load(tmp_path / "missing.json")


@pytest.mark.parametrize("analyzer, ngram_range", [("char_wb", (2, 4)), ("char", (1, 3))])
def test_character_ngrams_equal_scikit_learn_on_tahlils_words(analyzer, ngram_range):
    """Character n-grams of the words tahlil keeps: scikit-learn's own char
    analyzers handed those words, joined by spaces (as the Rust golden files)."""
    docs = generated()
    mine = tahlil.TfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range)
    x = mine.fit_transform(docs)
    theirs = SkTfidf(analyzer=analyzer, ngram_range=ngram_range, lowercase=False)
    y = theirs.fit_transform([" ".join(tahlil.tokenize(d)) for d in docs])
    assert list(mine.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert abs(x - y).max() <= 1e-12


def test_the_callers_texts_are_left_as_they_were():
    """Reading a text leaves no UTF-8 copy cached inside the caller's str (CPython
    counts one in sys.getsizeof): a corpus is not held twice while it is kept."""
    import sys

    texts = [text + " " for text in SEEDS]  # fresh str objects, never encoded
    sizes = [sys.getsizeof(t) for t in texts]
    tahlil.TfidfVectorizer().fit_transform(texts)
    assert [sys.getsizeof(t) for t in texts] == sizes
    # The measure sees such a cache: CPython's own PyUnicode_AsUTF8 adds one.
    import ctypes

    probe = texts[0] + "x"
    before = sys.getsizeof(probe)
    ctypes.pythonapi.PyUnicode_AsUTF8.restype = ctypes.c_char_p
    ctypes.pythonapi.PyUnicode_AsUTF8(ctypes.py_object(probe))
    assert sys.getsizeof(probe) > before


def test_texts_of_every_width_read_as_python_encodes_them():
    """Documents are copied out of Python by tahlil's own UTF-8 writer: text of
    one-, two-, three- and four-byte characters gives the terms Python's
    encoder gives; a lone surrogate raises what str.encode raises."""
    docs = ["abc داعش ש Ωmega", "中文 日本語 داعش", "😀 𝔸𝔹 𠀀𠀁 القاعدة", "x" * 5 + "ߊߋ"]
    mine = tahlil.CountVectorizer(analyzer="char", stop_words=None, min_token_length=1)
    x = mine.fit_transform(docs)
    theirs = SkCount(analyzer="char", lowercase=False)
    y = theirs.fit_transform([" ".join(tahlil.tokenize(d, stop_words=None, min_token_length=1)) for d in docs])
    assert list(mine.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert (x != y).nnz == 0
    assert {"ש", "中", "𠀀"} <= set(mine.get_feature_names_out())
    with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
        tahlil.TfidfVectorizer().fit(["نص", "a\ud800b"])


def test_the_matrix_owns_its_arrays():
    """The matrix's arrays are the library's own vectors, handed over without a
    copy: they outlive the vectorizer, can be written, and pickle as numpy's."""
    v = tahlil.TfidfVectorizer()
    x = v.fit_transform(SEEDS)
    y = x.copy()
    owner = x.data
    while isinstance(owner, np.ndarray):
        owner = owner.base
    assert type(owner).__name__ == "Array"
    assert x.indices.dtype == np.int32 and x.indptr.dtype == np.int32
    assert x.data.flags.writeable and x.data.flags.c_contiguous
    del v
    import gc

    gc.collect()
    assert abs(x - y).max() == 0
    x.data *= 2
    assert abs(x - 2 * y).max() == 0
    z = pickle.loads(pickle.dumps(x))
    assert abs(z - x).max() == 0 and z.has_sorted_indices
