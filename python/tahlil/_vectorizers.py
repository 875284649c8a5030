"""scikit-learn-compatible vectorizers over tahlil's exact, Arabic-aware TF-IDF.

Parameters keep scikit-learn's names and meanings; tahlil's own (the normalization
rules, ``clitics``, ``stop_words``, ``min_token_length``, ``stem``) sit beside them.
Parameters are stored as given and checked when fitting, as scikit-learn does.
``n_jobs`` is the number of threads the library works on: None or -1 for every core
(the matrix is the same for any number).
"""

import inspect
import os

import numpy as np
import scipy.sparse

from . import _tahlil

__all__ = ["CountVectorizer", "NotFittedError", "TfidfVectorizer"]

_RULES = (
    "nfkc",
    "strip_format",
    "strip_diacritics",
    "strip_tatweel",
    "fold_alef",
    "fold_alef_maksura",
    "fold_teh_marbuta",
    "fold_digits",
    "fold_persian",
    "lowercase",
)


def _store(estimator, params):
    """Stores the constructor's arguments unmodified, as scikit-learn requires."""
    for name, value in params.items():
        if name != "self":
            setattr(estimator, name, value)


class NotFittedError(ValueError, AttributeError):
    """A vectorizer used before it was fitted (as scikit-learn's NotFittedError)."""


def _threads(n_jobs):
    if n_jobs is None or n_jobs == -1:
        return os.cpu_count() or 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive int, -1 or None, not {n_jobs!r}")
    return n_jobs


def _documents(raw_documents, method):
    if isinstance(raw_documents, (str, bytes)):
        raise ValueError(
            f"{method}(): an iterable of str documents was expected, a single "
            f"{type(raw_documents).__name__} was given (wrap it in a list)"
        )
    try:
        return iter(raw_documents)
    except TypeError:
        raise TypeError(
            f"{method}(): an iterable of str documents was expected, not "
            f"{type(raw_documents).__name__}"
        ) from None


class _Base:
    """What both vectorizers share: parameters, fitting, the fitted model."""

    # Fixed weighting of a subclass (CountVectorizer: raw counts).
    _fixed = {}

    @classmethod
    def _param_names(cls):
        return sorted(
            p.name
            for p in inspect.signature(cls.__init__).parameters.values()
            if p.name != "self"
        )

    def get_params(self, deep=True):
        """The constructor's parameters, as given."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        """Sets parameters by name (the model is refitted only by fit)."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {type(self).__name__}. "
                    f"Valid parameters are: {valid!r}."
                )
            setattr(self, name, value)
        return self

    def __repr__(self):
        defaults = {
            p.name: p.default
            for p in inspect.signature(type(self).__init__).parameters.values()
            if p.name != "self"
        }
        changed = []
        for name in self._param_names():
            value = getattr(self, name)
            default = defaults[name]
            same = value is default or (
                type(value) is type(default) and not isinstance(value, np.ndarray) and value == default
            )
            if not same:
                changed.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(changed)})"

    def _settings(self):
        settings = {name: getattr(self, name) for name in self._param_names()}
        for name in ("dtype", "n_jobs"):
            settings.pop(name)
        settings.update(self._fixed)
        return settings

    def _matrix(self, parts):
        # The arrays are the library's own vectors, not copies (see array.rs).
        shape, data, indices, indptr = parts
        m = scipy.sparse.csr_matrix(
            (np.asarray(data), np.asarray(indices), np.asarray(indptr)), shape=shape
        )
        dtype = np.dtype(self.dtype)
        return m if dtype == np.float64 else m.astype(dtype)

    def _fitted(self, model):
        self._model = model
        # scikit-learn's own mark of a fitted vectorizer's vocabulary: learnt, not given.
        # (check_is_fitted looks for an attribute ending in _ among the instance's.)
        self.fixed_vocabulary_ = False
        self.__dict__.pop("_vocabulary", None)
        idf = model.idf()
        if idf is not None and not self._fixed:
            # A copy of its own, writable as scikit-learn's is.
            self.idf_ = np.array(idf, dtype=np.float64)

    def fit(self, raw_documents, y=None):
        """Learns the vocabulary (and idf) of ``raw_documents``, an iterable of str."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents, y=None):
        """Learns the vocabulary of ``raw_documents`` and returns their
        document-term matrix (scipy.sparse CSR)."""
        method = f"{type(self).__name__}.fit_transform"
        docs = _documents(raw_documents, method)
        model, parts = _tahlil.fit_transform(docs, self._settings(), _threads(self.n_jobs), method)
        self._fitted(model)
        return self._matrix(parts)

    def count(self, raw_documents):
        """The counts of ``raw_documents`` (a shard of the corpus) as a
        :class:`CountState`: per term its documents and occurrences, with this
        vectorizer's text settings. States of all the shards, merged in any
        order, give :meth:`fit_state` exactly the model :meth:`fit` makes on
        the whole corpus; counting needs no fitted vectorizer and changes nothing."""
        method = f"{type(self).__name__}.count"
        docs = _documents(raw_documents, method)
        return _tahlil.count_state(docs, self._settings(), _threads(self.n_jobs), method)

    def fit_state(self, state):
        """Fits on a :class:`CountState` (from :meth:`count`, merged over the
        shards): the model :meth:`fit` makes on the documents it counted. The
        state must have been counted with this vectorizer's text settings."""
        method = f"{type(self).__name__}.fit_state"
        if not isinstance(state, _tahlil.CountState):
            raise TypeError(f"{method}(): a tahlil.CountState was expected, not {type(state).__name__}")
        self._fitted(_tahlil.finish_state(state, self._settings(), method))
        return self

    def transform(self, raw_documents):
        """The document-term matrix of ``raw_documents`` in the fitted columns."""
        method = f"{type(self).__name__}.transform"
        model = self._check_fitted(method)
        docs = _documents(raw_documents, method)
        return self._matrix(_tahlil.transform(model, docs, _threads(self.n_jobs), method))

    def __sklearn_tags__(self):
        """scikit-learn's description of the estimator (its own TfidfVectorizer's:
        text in, not a 2-D array), which its utilities such as check_is_fitted read."""
        try:
            from sklearn.utils import InputTags, Tags, TargetTags
        except ImportError:  # scikit-learn before 1.6 reads no tags of this kind
            raise AttributeError("__sklearn_tags__") from None
        return Tags(
            estimator_type=None,
            target_tags=TargetTags(required=False),
            input_tags=InputTags(two_d_array=False, string=True),
        )

    def __sklearn_is_fitted__(self):
        return getattr(self, "_model", None) is not None

    @property
    def vocabulary_(self):
        """Term → column index (dict). Made on first use, not by fit: with word pairs
        over a large corpus it holds millions of entries that many uses never read."""
        vocabulary = self.__dict__.get("_vocabulary")
        if vocabulary is None:
            model = self._check_fitted(f"{type(self).__name__}.vocabulary_")
            vocabulary = {term: j for j, term in enumerate(model.terms())}
            self.__dict__["_vocabulary"] = vocabulary
        return vocabulary

    def _check_fitted(self, method):
        model = getattr(self, "_model", None)
        if model is None:
            raise NotFittedError(
                f"{method}(): this {type(self).__name__} is not fitted yet; call fit or fit_transform first"
            )
        return model

    def get_feature_names_out(self, input_features=None):
        """The terms, in column order (numpy array of str)."""
        model = self._check_fitted(f"{type(self).__name__}.get_feature_names_out")
        return np.asarray(model.terms(), dtype=object)

    def get_display_names_out(self):
        """Each term as its words are most often written in the fitting corpus
        (القاعدة where the term is القاعده), in column order."""
        model = self._check_fitted(f"{type(self).__name__}.get_display_names_out")
        return np.asarray(model.display_terms(), dtype=object)

    def save(self, path):
        """Writes the fitted model as tahlil's model.json (``tahlil vectorize --model`` reads it)."""
        model = self._check_fitted(f"{type(self).__name__}.save")
        with open(path, "w", encoding="utf-8") as f:
            f.write(model.to_json())


class TfidfVectorizer(_Base):
    """Documents (an iterable of str) → TF-IDF matrix, exactly as scikit-learn's
    ``TfidfVectorizer`` computes it over tahlil's words (normalized, clitics
    dropped, Arabic stop words removed by default)."""

    @classmethod
    def load(cls, path, n_jobs=None):
        """A fitted vectorizer from tahlil's model.json, as ``tahlil vectorize``
        or :meth:`save` writes it: same settings, vocabulary and idf."""
        with open(path, encoding="utf-8") as f:
            model = _tahlil.Model.from_json(f.read())
        self = cls(n_jobs=n_jobs, **model.settings())
        self._fitted(model)
        return self

    def __init__(
        self,
        *,
        analyzer="word",
        ngram_range=(1, 1),
        min_df=1,
        max_df=1.0,
        max_features=None,
        binary=False,
        norm="l2",
        use_idf=True,
        smooth_idf=True,
        sublinear_tf=False,
        dtype=np.float64,
        stop_words="arabic",
        min_token_length=2,
        stem=None,
        clitics="drop",
        nfkc=True,
        strip_format=True,
        strip_diacritics=True,
        strip_tatweel=True,
        fold_alef=True,
        fold_alef_maksura=True,
        fold_teh_marbuta=True,
        fold_digits=True,
        fold_persian=True,
        lowercase=True,
        n_jobs=None,
    ):
        _store(self, locals())


class CountVectorizer(_Base):
    """Documents (an iterable of str) → term counts, as scikit-learn's
    ``CountVectorizer`` over tahlil's words."""

    _fixed = {"use_idf": False, "norm": None, "smooth_idf": True, "sublinear_tf": False}

    def __init__(
        self,
        *,
        analyzer="word",
        ngram_range=(1, 1),
        min_df=1,
        max_df=1.0,
        max_features=None,
        binary=False,
        dtype=np.int64,
        stop_words="arabic",
        min_token_length=2,
        stem=None,
        clitics="drop",
        nfkc=True,
        strip_format=True,
        strip_diacritics=True,
        strip_tatweel=True,
        fold_alef=True,
        fold_alef_maksura=True,
        fold_teh_marbuta=True,
        fold_digits=True,
        fold_persian=True,
        lowercase=True,
        n_jobs=None,
    ):
        _store(self, locals())
