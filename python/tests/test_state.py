"""The fit in steps: shards counted apart (CountVectorizer.count / TfidfVectorizer.count),
merged in any order, give fit_state exactly the model fit makes on the whole corpus,
and the matrix bit for bit; states pickle and travel as bytes; errors name the problem."""

import pickle
import random

import numpy as np
import pytest
import scipy.sparse

import tahlil

SEEDS = [text for _, text in tahlil.seeds()]


def generated(n=90, seed=11):
    """Documents of the seeds' own sentences, recombined (seeded)."""
    sentences = [s for text in SEEDS for s in text.replace("؟", ".").split(".") if s.strip()]
    rng = random.Random(seed)
    return [" ".join(rng.sample(sentences, rng.randint(1, 6))) for _ in range(n)]


OPTIONS = [
    {},
    {"ngram_range": (1, 2), "min_df": 2},
    {"max_df": 0.5, "max_features": 100},
    {"sublinear_tf": True, "norm": "l1", "clitics": "split"},
    {"binary": True, "use_idf": False, "norm": None, "max_features": 37},
    {"smooth_idf": False, "min_df": 0.1, "stem": "light"},
    {"analyzer": "char_wb", "ngram_range": (2, 4)},
    {"analyzer": "char", "ngram_range": (1, 3), "max_df": 30},
    {"ngram_range": (1, 5), "clitics": "none"},
]


TFIDF_ONLY = ("norm", "use_idf", "smooth_idf", "sublinear_tf")


def shards(docs, rng):
    """docs cut at random into 1 to 5 shards, some of them possibly empty."""
    cuts = sorted(rng.randint(0, len(docs)) for _ in range(rng.randint(0, 4)))
    bounds = [0, *cuts, len(docs)]
    return [docs[a:b] for a, b in zip(bounds, bounds[1:])]


def same_matrix(a, b):
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert a.data.tobytes() == b.data.tobytes()


@pytest.mark.parametrize("params", OPTIONS, ids=[str(p) for p in OPTIONS])
@pytest.mark.parametrize("cls", [tahlil.TfidfVectorizer, tahlil.CountVectorizer])
def test_shards_merged_in_any_order_fit_the_whole_corpus(cls, params):
    if cls is tahlil.CountVectorizer:
        params = {k: v for k, v in params.items() if k not in TFIDF_ONLY}
    docs = generated()
    whole = cls(**params)
    X = whole.fit_transform(docs)
    rng = random.Random(repr(params) + cls.__name__)
    for _ in range(3):
        parts = shards(docs, rng)
        # Counted apart (as on executors), sent as bytes, merged in a random tree.
        states = [
            tahlil.CountState.from_bytes(cls(**params, n_jobs=rng.choice([1, 2])).count(p).to_bytes())
            for p in parts
        ]
        while len(states) > 1:
            a = states.pop(rng.randrange(len(states)))
            k = rng.randrange(len(states))
            states[k] = states[k].merge(a)
        state = states[0]
        assert state.n_documents == len(docs)
        stepped = cls(**params).fit_state(state)
        assert stepped._model.to_json() == whole._model.to_json()
        assert stepped.vocabulary_ == whole.vocabulary_
        if isinstance(whole, tahlil.TfidfVectorizer) and params.get("use_idf", True):
            assert stepped.idf_.tobytes() == whole.idf_.tobytes()
        # Each shard transformed with the model, rows put back in order.
        rows = [stepped.transform(p) for p in parts if p]
        same_matrix(scipy.sparse.vstack(rows, format="csr"), X)


def test_a_state_is_a_native_value():
    v = tahlil.TfidfVectorizer()
    state = v.count(SEEDS)
    assert repr(state) == f"CountState(n_documents=5, n_tokens={state.n_tokens}, n_terms={state.n_terms})"
    assert state.n_tokens > 2000 and state.n_terms > 1000
    assert pickle.loads(pickle.dumps(state)) == state
    assert tahlil.CountState.from_bytes(state.to_bytes()) == state
    # merge makes a new state and changes neither.
    before = state.to_bytes()
    merged = state.merge(v.count(SEEDS[:1]))
    assert merged.n_documents == 6 and state.to_bytes() == before
    # Counting changes nothing in the vectorizer: it is still not fitted.
    with pytest.raises(tahlil.NotFittedError):
        v.transform(SEEDS)
    # A generator is streamed.
    assert v.count(t for t in SEEDS) == state


def test_a_state_travels_through_a_file(tmp_path):
    """A state's bytes, written to a file and read back (as `tahlil state` files are)."""
    state = tahlil.TfidfVectorizer(ngram_range=(1, 2)).count(SEEDS)
    path = tmp_path / "seeds.state"
    path.write_bytes(state.to_bytes())
    assert tahlil.CountState.from_bytes(path.read_bytes()) == state


def test_errors_say_what_is_wrong():
    state = tahlil.TfidfVectorizer().count(SEEDS)
    with pytest.raises(ValueError, match=r"ngram_range \(\[1,1\] and \[1,2\]\)"):
        tahlil.TfidfVectorizer(ngram_range=(1, 2)).fit_state(state)
    with pytest.raises(ValueError, match="different pipeline options: clitics"):
        state.merge(tahlil.TfidfVectorizer(clitics="none").count(SEEDS))
    with pytest.raises(ValueError, match="not a tahlil count state"):
        tahlil.CountState.from_bytes(b"not a state")
    damaged = bytearray(state.to_bytes())
    damaged[len(damaged) // 2] ^= 0x40
    with pytest.raises(ValueError, match="checksum does not match"):
        tahlil.CountState.from_bytes(bytes(damaged))
    with pytest.raises(TypeError, match="a tahlil.CountState was expected, not bytes"):
        tahlil.TfidfVectorizer().fit_state(state.to_bytes())
    with pytest.raises(ValueError, match="the corpus is empty"):
        tahlil.TfidfVectorizer().fit_state(tahlil.TfidfVectorizer().count([]))
    with pytest.raises(TypeError, match="document 1 is int, not str"):
        tahlil.TfidfVectorizer().count(["نص", 5])
    with pytest.raises(ValueError, match="min_df"):
        tahlil.TfidfVectorizer(min_df=-1).fit_state(state)
