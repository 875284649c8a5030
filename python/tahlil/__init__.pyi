from typing import Iterable, List, Literal, Optional, Tuple, Union

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

class _Vectorizer:
    vocabulary_: dict[str, int]
    def get_params(self, deep: bool = ...) -> dict[str, object]: ...
    def set_params(self, **params: object) -> "_Vectorizer": ...
    def fit(self, raw_documents: Iterable[str], y: object = ...) -> "_Vectorizer": ...
    def fit_transform(self, raw_documents: Iterable[str], y: object = ...) -> scipy.sparse.csr_matrix: ...
    def transform(self, raw_documents: Iterable[str]) -> scipy.sparse.csr_matrix: ...
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
