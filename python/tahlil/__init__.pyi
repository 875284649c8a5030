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
