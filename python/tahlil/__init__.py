"""tahlil (تحليل): statistical text analytics for Arabic, over the Rust library of the same name.

>>> import tahlil
>>> tahlil.normalize("أعلنَ تنظيمُ الدولــة")
'اعلن تنظيم الدوله'
>>> tahlil.tokenize("أعلن تنظيم الدولة في العراق، والقاعدة؟")
['اعلن', 'تنظيم', 'الدوله', 'العراق', 'القاعده']
>>> [doc_id for doc_id, _ in tahlil.seeds()][:2]
['000_8f3d4c0966bd4c89', '001_4f56bcbfe1360681']
"""

from ._tahlil import Chart, CountState, __version__, normalize, seeds, tokenize
from ._similarity import neighbours, similarity
from ._vectorizers import CountVectorizer, NotFittedError, TfidfVectorizer
from ._analyses import (
    Clusters,
    Topics,
    cluster,
    collocations,
    cooccurrence,
    keyness,
    kwic,
    map_2d,
    stats,
    terms,
    topics,
    trends,
)
from . import plot

__all__ = [
    "Chart",
    "Clusters",
    "CountState",
    "CountVectorizer",
    "NotFittedError",
    "TfidfVectorizer",
    "Topics",
    "__version__",
    "cluster",
    "collocations",
    "cooccurrence",
    "keyness",
    "kwic",
    "map_2d",
    "neighbours",
    "normalize",
    "plot",
    "seeds",
    "similarity",
    "stats",
    "terms",
    "tokenize",
    "topics",
    "trends",
]
