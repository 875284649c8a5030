import os
from typing import Any, Iterable, List, Literal, Optional, Sequence, Tuple, Union

import pandas

from . import plot as plot

__version__: str

def normalize(
    text: str,
    *,
    nfkc: bool = ...,
    strip_format: bool = ...,
    strip_diacritics: bool = ...,
    strip_tatweel: bool = ...,
    fold_alef: bool = ...,
    fold_alef_maksura: bool = ...,
    fold_teh_marbuta: bool = ...,
    fold_digits: bool = ...,
    fold_persian: bool = ...,
    lowercase: bool = ...,
) -> str: ...
def tokenize(
    text: str,
    *,
    clitics: Literal["none", "drop", "split"] = ...,
    stop_words: Union[Literal["arabic"], None, Iterable[str]] = ...,
    min_token_length: int = ...,
    stem: Optional[Literal["none", "light", "snowball", "isri"]] = ...,
    nfkc: bool = ...,
    strip_format: bool = ...,
    strip_diacritics: bool = ...,
    strip_tatweel: bool = ...,
    fold_alef: bool = ...,
    fold_alef_maksura: bool = ...,
    fold_teh_marbuta: bool = ...,
    fold_digits: bool = ...,
    fold_persian: bool = ...,
    lowercase: bool = ...,
) -> List[str]: ...
def seeds() -> List[Tuple[str, str]]: ...
def similarity(
    X: object, metric: Literal["cosine", "jaccard", "dice", "euclidean", "manhattan"] = ...
) -> "np.ndarray": ...
def neighbours(
    X: object,
    top_k: int = ...,
    metric: Literal["cosine", "jaccard", "dice", "euclidean", "manhattan"] = ...,
    min_score: Optional[float] = ...,
    ids: Optional[Iterable[str]] = ...,
) -> object: ...

import numpy as np
import scipy.sparse

class NotFittedError(ValueError, AttributeError): ...

class CountState:
    n_documents: int
    n_tokens: int
    n_terms: int
    @staticmethod
    def from_bytes(data: bytes) -> "CountState": ...
    def to_bytes(self) -> bytes: ...
    def merge(self, other: "CountState") -> "CountState": ...

class _Vectorizer:
    vocabulary_: dict[str, int]
    def get_params(self, deep: bool = ...) -> dict[str, object]: ...
    def set_params(self, **params: object) -> "_Vectorizer": ...
    def fit(self, raw_documents: Iterable[str], y: object = ...) -> "_Vectorizer": ...
    def fit_transform(self, raw_documents: Iterable[str], y: object = ...) -> scipy.sparse.csr_matrix: ...
    def transform(self, raw_documents: Iterable[str]) -> scipy.sparse.csr_matrix: ...
    def count(self, raw_documents: Iterable[str]) -> CountState: ...
    def fit_state(self, state: CountState) -> "_Vectorizer": ...
    def get_feature_names_out(self, input_features: object = ...) -> np.ndarray: ...
    def get_display_names_out(self) -> np.ndarray: ...
    def save(self, path: str) -> None: ...

class TfidfVectorizer(_Vectorizer):
    idf_: np.ndarray
    @classmethod
    def load(cls, path: str, n_jobs: Optional[int] = ...) -> "TfidfVectorizer": ...
    def __init__(
        self,
        *,
        analyzer: Literal["word", "char", "char_wb"] = ...,
        ngram_range: Tuple[int, int] = ...,
        min_df: Union[int, float] = ...,
        max_df: Union[int, float] = ...,
        max_features: Optional[int] = ...,
        binary: bool = ...,
        norm: Optional[Literal["l2", "l1"]] = ...,
        use_idf: bool = ...,
        smooth_idf: bool = ...,
        sublinear_tf: bool = ...,
        dtype: object = ...,
        stop_words: Union[Literal["arabic"], None, Iterable[str]] = ...,
        min_token_length: int = ...,
        stem: Optional[Literal["none", "light", "snowball", "isri"]] = ...,
        clitics: Literal["none", "drop", "split"] = ...,
        nfkc: bool = ...,
        strip_format: bool = ...,
        strip_diacritics: bool = ...,
        strip_tatweel: bool = ...,
        fold_alef: bool = ...,
        fold_alef_maksura: bool = ...,
        fold_teh_marbuta: bool = ...,
        fold_digits: bool = ...,
        fold_persian: bool = ...,
        lowercase: bool = ...,
        n_jobs: Optional[int] = ...,
    ) -> None: ...

class CountVectorizer(_Vectorizer):
    def __init__(
        self,
        *,
        analyzer: Literal["word", "char", "char_wb"] = ...,
        ngram_range: Tuple[int, int] = ...,
        min_df: Union[int, float] = ...,
        max_df: Union[int, float] = ...,
        max_features: Optional[int] = ...,
        binary: bool = ...,
        dtype: object = ...,
        stop_words: Union[Literal["arabic"], None, Iterable[str]] = ...,
        min_token_length: int = ...,
        stem: Optional[Literal["none", "light", "snowball", "isri"]] = ...,
        clitics: Literal["none", "drop", "split"] = ...,
        nfkc: bool = ...,
        strip_format: bool = ...,
        strip_diacritics: bool = ...,
        strip_tatweel: bool = ...,
        fold_alef: bool = ...,
        fold_alef_maksura: bool = ...,
        fold_teh_marbuta: bool = ...,
        fold_digits: bool = ...,
        fold_persian: bool = ...,
        lowercase: bool = ...,
        n_jobs: Optional[int] = ...,
    ) -> None: ...

class Chart:
    @property
    def kind(self) -> str: ...
    def svg(self) -> str: ...
    def png(self) -> bytes: ...
    def save(self, path: Union[str, "os.PathLike[str]"]) -> None: ...
    def _repr_svg_(self) -> str: ...
    def _repr_png_(self) -> bytes: ...

_Texts = Iterable[str]
_Ids = Optional[Iterable[object]]

def terms(
    texts: _Texts,
    ids: _Ids = ...,
    sort: Literal["frequency", "df", "idf", "mean", "max", "term"] = ...,
    per_document: Optional[int] = ...,
    n_jobs: Optional[int] = ...,
    **options: Any,
) -> pandas.DataFrame: ...
def stats(texts: _Texts, ranks: bool = ..., n_jobs: Optional[int] = ..., **options: Any) -> Union[pandas.Series, pandas.DataFrame]: ...
def keyness(
    texts: _Texts,
    target: Union[str, Sequence[str], Sequence[bool], None] = ...,
    ids: _Ids = ...,
    groups: Optional[Iterable[object]] = ...,
    measure: Literal["chi2", "g2", "pmi", "log_ratio"] = ...,
    n_jobs: Optional[int] = ...,
    **options: Any,
) -> pandas.DataFrame: ...
def collocations(
    texts: _Texts,
    size: Literal[2, 3] = ...,
    window: int = ...,
    measure: Literal["pmi", "npmi", "llr", "chi2", "t", "dice", "jaccard", "poisson_stirling"] = ...,
    min_freq: int = ...,
    **options: Any,
) -> pandas.DataFrame: ...
def cooccurrence(
    texts: _Texts,
    terms: int = ...,
    window: int = ...,
    document: bool = ...,
    measure: Literal["count", "ppmi", "npmi"] = ...,
    **options: Any,
) -> pandas.DataFrame: ...
def kwic(texts: _Texts, term: str, ids: _Ids = ..., window: int = ..., **options: Any) -> pandas.DataFrame: ...
def trends(
    texts: _Texts,
    dates: Iterable[object],
    terms: Union[str, Sequence[str], None] = ...,
    by: Literal["year", "quarter", "month", "week", "day"] = ...,
    groups: Optional[Iterable[object]] = ...,
    top: Optional[int] = ...,
    ids: _Ids = ...,
    n_jobs: Optional[int] = ...,
    **options: Any,
) -> pandas.DataFrame: ...

class Topics:
    k: int
    method: str
    topic_term: np.ndarray
    doc_topic: np.ndarray
    terms: np.ndarray
    display_terms: np.ndarray
    ids: List[str]
    c_npmi: np.ndarray
    u_mass: np.ndarray
    coherence: float
    perplexity: Optional[float]
    heldout: Optional[np.ndarray]
    alpha: Optional[np.ndarray]
    beta: Optional[float]
    reconstruction_error: Optional[float]
    @property
    def top_terms(self) -> pandas.DataFrame: ...
    @property
    def tried(self) -> pandas.DataFrame: ...

def topics(
    texts: _Texts,
    k: Union[int, Literal["auto"]] = ...,
    method: Literal["lda", "nmf"] = ...,
    ids: _Ids = ...,
    k_min: int = ...,
    k_max: int = ...,
    alpha: float = ...,
    beta: float = ...,
    iterations: int = ...,
    burn_in: int = ...,
    optimize_interval: int = ...,
    optimize_burn_in: int = ...,
    optimize_beta: bool = ...,
    tolerance: float = ...,
    holdout: Optional[float] = ...,
    seed: int = ...,
    top_terms: int = ...,
    coherence_window: int = ...,
    n_jobs: Optional[int] = ...,
    **options: Any,
) -> Topics: ...

class Clusters:
    k: int
    labels: np.ndarray
    silhouettes: np.ndarray
    silhouette: float
    linkage: Optional[np.ndarray]
    central: np.ndarray
    tried: List[Tuple[int, float]]
    space: str
    method: str
    metric: str
    linkage_method: str

def cluster(
    X: object,
    k: Union[int, Literal["auto"]] = ...,
    method: Literal["kmeans", "hierarchical"] = ...,
    k_max: int = ...,
    cut_distance: Optional[float] = ...,
    linkage: Literal["ward", "average", "complete", "single"] = ...,
    metric: Literal["euclidean", "cosine"] = ...,
    dims: Optional[int] = ...,
    restarts: int = ...,
    max_iterations: int = ...,
    tolerance: float = ...,
    seed: int = ...,
    n_jobs: Optional[int] = ...,
) -> Clusters: ...
def map_2d(X: object, method: Literal["pca", "mds"] = ..., dims: int = ..., seed: int = ..., n_jobs: Optional[int] = ...) -> np.ndarray: ...
