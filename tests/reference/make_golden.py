#!/usr/bin/env python3
"""Golden files for tahlil's TF-IDF: scikit-learn's TfidfVectorizer on tahlil's tokens.

For every case, `tahlil tokens` prints the seeds' words (normalized, filtered); those
words are handed to scikit-learn's TfidfVectorizer (split on spaces, no preprocessing,
no stop words, no token pattern), whose vocabulary, idf and CSR matrix are written to
tests/golden/tfidf/<case>.json. tests/golden.rs runs tahlil's vectorizer with the same
options and compares every value to 1e-12 and the sparsity pattern exactly.

Usage (from the repository root):
    python3 -m venv tests/reference/.venv
    tests/reference/.venv/bin/pip install -r tests/reference/requirements.txt
    cargo build --release
    tests/reference/.venv/bin/python tests/reference/make_golden.py target/release/tahlil
"""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "golden" / "tfidf"

# name: (input, tahlil tokens args, tahlil pipeline options, sklearn kwargs, tahlil vectorizer options)
CASES = {
    "defaults": ("seeds", [], {}, {}, {}),
    "sublinear_tf": ("seeds", [], {}, {"sublinear_tf": True}, {"sublinear_tf": True}),
    "no_smooth_idf": ("seeds", [], {}, {"smooth_idf": False}, {"smooth_idf": False}),
    "l1": ("seeds", [], {}, {"norm": "l1"}, {"norm": "l1"}),
    "no_norm": ("seeds", [], {}, {"norm": None}, {"norm": "none"}),
    "no_idf": ("seeds", [], {}, {"use_idf": False}, {"use_idf": False}),
    "binary": ("seeds", [], {}, {"binary": True}, {"binary": True}),
    "pruned_lines": (
        "lines", [], {},
        {"min_df": 2, "max_df": 0.5, "max_features": 100},
        {"min_df": {"count": 2}, "max_df": {"fraction": 0.5}, "max_features": 100},
    ),
    "pruned_fraction_lines": (
        "lines", [], {},
        {"min_df": 0.02, "max_df": 5, "sublinear_tf": True},
        {"min_df": {"fraction": 0.02}, "max_df": {"count": 5}, "sublinear_tf": True},
    ),
    "ngram_1_2": ("seeds", [], {"ngram_range": [1, 2]}, {"ngram_range": (1, 2)}, {}),
    "ngram_1_2_binary_lines": (
        "lines", [], {"ngram_range": [1, 2]},
        {"ngram_range": (1, 2), "binary": True, "min_df": 2},
        {"binary": True, "min_df": {"count": 2}},
    ),
    "char_wb_2_4": ("seeds", [], {"analyzer": "char_wb", "ngram_range": [2, 4]},
                    {"analyzer": "char_wb", "ngram_range": (2, 4)}, {}),
    "char_1_3": ("seeds", [], {"analyzer": "char", "ngram_range": [1, 3]},
                 {"analyzer": "char", "ngram_range": (1, 3)}, {}),
    "clitics_none": ("seeds", ["--clitics", "none"], {"clitics": "none"}, {}, {}),
    "clitics_split_ngram_1_2": (
        "seeds", ["--clitics", "split"], {"clitics": "split", "ngram_range": [1, 2]},
        {"ngram_range": (1, 2)}, {},
    ),
    "light_stem_no_stopwords": (
        "seeds", ["--stem", "light", "--stopwords", "none", "--min-token-length", "1"],
        {"stem": "light", "stopwords": {"kind": "none"}, "min_token_length": 1}, {}, {},
    ),
}


def tokens(tahlil, input_kind, args):
    cmd = [tahlil, "tokens"] + (["--lines"] if input_kind == "lines" else []) + args
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return out.split("\n")[:-1]


def fix_max_features(lines, kwargs):
    """Moves max_features down past any tie at the cut: scikit-learn's argsort
    is not stable there, tahlil breaks ties by term order."""
    if "max_features" not in kwargs:
        return kwargs
    keys = ("min_df", "max_df", "binary", "ngram_range", "analyzer")
    cv = CountVectorizer(**{k: v for k, v in kwargs.items() if k in keys}, **common(kwargs))
    counts = cv.fit_transform(lines)
    sums = np.sort(np.asarray(counts.sum(axis=0)).ravel())[::-1]
    limit = kwargs["max_features"]
    while limit > 1 and sums[limit - 1] == sums[limit]:
        limit -= 1
    return {**kwargs, "max_features": limit}


def common(kwargs):
    if kwargs.get("analyzer", "word") == "word":
        return {"tokenizer": str.split, "token_pattern": None, "lowercase": False, "preprocessor": None}
    return {"lowercase": False}


def main():
    tahlil = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "tahlil")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (input_kind, targs, pipeline, kwargs, voptions) in CASES.items():
        # `tahlil tokens` drops clitics unless told otherwise; said outright in the
        # golden file, since options without the field mean the words as written
        # (what model files made before segmentation existed hold).
        pipeline = {"clitics": "drop", **pipeline}
        lines = tokens(tahlil, input_kind, targs)
        kwargs = fix_max_features(lines, kwargs)
        if "max_features" in kwargs:
            voptions = {**voptions, "max_features": kwargs["max_features"]}
        vec = TfidfVectorizer(**kwargs, **common(kwargs))
        x = vec.fit_transform(lines).tocsr()
        x.sort_indices()
        vocab = vec.get_feature_names_out().tolist()
        golden = {
            "case": name,
            "generated_by": f"scikit-learn {sklearn.__version__} TfidfVectorizer",
            "sklearn_kwargs": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()},
            "input": input_kind,
            "pipeline": pipeline,
            "vectorizer": voptions,
            "shape": list(x.shape),
            "vocabulary": vocab,
            "idf": vec.idf_.tolist() if vec.use_idf else None,
            "indptr": x.indptr.tolist(),
            "indices": x.indices.tolist(),
            "data": x.data.tolist(),
        }
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(golden, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{name}: {x.shape[0]} documents, {x.shape[1]} terms, {x.nnz} non-zeros")


def similarity_golden(tahlil):
    """Pairwise metrics of the default TF-IDF of the seeds' 80 lines, by
    scikit-learn (cosine, euclidean, manhattan) and SciPy (jaccard, dice on
    the term sets), for tests/similarity.rs."""
    from scipy.spatial.distance import cdist
    from sklearn.metrics.pairwise import cosine_similarity, pairwise_distances

    out = ROOT / "tests" / "golden" / "similarity"
    out.mkdir(parents=True, exist_ok=True)
    lines = tokens(tahlil, "lines", [])
    x = TfidfVectorizer(**common({})).fit_transform(lines)
    present = (x.toarray() > 0)
    metrics = {
        "cosine": cosine_similarity(x),
        "euclidean": pairwise_distances(x, metric="euclidean"),
        "manhattan": pairwise_distances(x, metric="manhattan"),
        # SciPy gives distances; two empty sets have distance 0.
        "jaccard": 1.0 - cdist(present, present, metric="jaccard"),
        "dice": 1.0 - cdist(present, present, metric="dice"),
    }
    for name, m in metrics.items():
        golden = {"metric": name, "input": "lines", "generated_by": f"scikit-learn {sklearn.__version__}",
                  "matrix": m.tolist()}
        (out / f"{name}.json").write_text(json.dumps(golden) + "\n", encoding="utf-8")
        print(f"similarity {name}: {m.shape}")


def document_ids(tahlil, input_kind):
    """Row ids as `tahlil vectorize` writes them (documents.tsv)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        args = [tahlil, "vectorize", "--out", tmp] + (["--lines"] if input_kind == "lines" else [])
        subprocess.run(args, check=True, capture_output=True)
        rows = (Path(tmp) / "documents.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [r.split("\t")[1] for r in rows]


def cluster_golden(tahlil):
    """Silhouettes (scikit-learn) of the seeds' 80 lines grouped by their
    article, and SciPy's average-linkage dendrogram on cosine distances of the
    five articles and of the 80 lines, for tests/cluster.rs."""
    from scipy.cluster.hierarchy import fcluster, leaves_list, linkage
    from scipy.spatial.distance import pdist
    from sklearn.metrics import silhouette_samples

    out = ROOT / "tests" / "golden" / "cluster"
    out.mkdir(parents=True, exist_ok=True)
    lines = tokens(tahlil, "lines", [])
    x = TfidfVectorizer(**common({})).fit_transform(lines).toarray()
    ids = document_ids(tahlil, "lines")
    articles = sorted({i.rsplit(":", 1)[0] for i in ids})
    labels = [articles.index(i.rsplit(":", 1)[0]) for i in ids]
    golden = {"input": "lines", "generated_by": f"scikit-learn {sklearn.__version__} silhouette_samples",
              "labels": labels}
    for metric in ["cosine", "euclidean"]:
        golden[metric] = silhouette_samples(x, labels, metric=metric).tolist()
    (out / "silhouette.json").write_text(json.dumps(golden) + "\n", encoding="utf-8")
    print(f"silhouette: {len(labels)} documents, {len(articles)} groups")

    import scipy
    for input_kind in ["seeds", "lines"]:
        docs = tokens(tahlil, input_kind, [])
        x = TfidfVectorizer(**common({})).fit_transform(docs).toarray()
        z = linkage(pdist(x, metric="cosine"), method="average")
        golden = {
            "input": input_kind,
            "generated_by": f"SciPy {scipy.__version__} linkage(pdist(X, 'cosine'), 'average')",
            "linkage": z.tolist(),
            "leaves": leaves_list(z).tolist(),
            "maxclust3": fcluster(z, 3, criterion="maxclust").tolist(),
        }
        (out / f"linkage-average-cosine-{input_kind}.json").write_text(json.dumps(golden) + "\n", encoding="utf-8")
        print(f"linkage {input_kind}: {z.shape[0]} merges")


def collocation_golden(tahlil):
    """NLTK's BigramCollocationFinder and BigramAssocMeasures on the seeds'
    words (windows 2 and 3, pairs seen at least twice) and on a small fixture,
    every measure, for tests/collocations.rs. NPMI (not in NLTK) is computed
    from the finder's own counts."""
    import math

    import nltk
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    out = ROOT / "tests" / "golden" / "collocations"
    out.mkdir(parents=True, exist_ok=True)
    m = BigramAssocMeasures()
    measures = {
        "pmi": m.pmi, "llr": m.likelihood_ratio, "chi2": m.chi_sq, "t": m.student_t,
        "dice": m.dice, "jaccard": m.jaccard, "poisson-stirling": m.poisson_stirling,
    }

    def npmi(n_ii, marg, n):
        (n_ix, n_xi) = marg
        p_ab = n_ii / n
        return 1.0 if p_ab >= 1 else math.log(p_ab / ((n_ix / n) * (n_xi / n))) / -math.log(p_ab)

    measures["npmi"] = npmi
    fixture = [["a", "b", "a", "b", "c"], ["b", "a", "c"]]
    seeds = [line.split() for line in tokens(tahlil, "seeds", [])]
    for name, docs, min_freq in [("fixture", fixture, 1), ("seeds", seeds, 2)]:
        for window in [2, 3]:
            words = [w for d in docs for w in d + [None] * (window - 1)]
            finder = BigramCollocationFinder.from_words(words, window_size=window)
            finder.apply_freq_filter(min_freq)
            golden = {"input": name, "window": window, "min_freq": min_freq, "n": finder.N,
                      "generated_by": f"NLTK {nltk.__version__} BigramCollocationFinder",
                      "scores": {k: [[a, b, s] for (a, b), s in finder.score_ngrams(f)]
                                 for k, f in measures.items()}}
            (out / f"{name}-window{window}.json").write_text(
                json.dumps(golden, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"collocations {name} window {window}: {len(golden['scores']['pmi'])} pairs")

    from nltk.collocations import TrigramAssocMeasures, TrigramCollocationFinder

    t = TrigramAssocMeasures()
    measures3 = {
        "pmi": t.pmi, "llr": t.likelihood_ratio, "chi2": t.chi_sq, "t": t.student_t,
        "jaccard": t.jaccard, "poisson-stirling": t.poisson_stirling,
    }

    def npmi3(n_iii, pairs, words, n):
        (n_ixx, n_xix, n_xxi) = words
        p = n_iii / n
        return 1.0 if p >= 1 else math.log(p / ((n_ixx / n) * (n_xix / n) * (n_xxi / n))) / -math.log(p)

    measures3["npmi"] = npmi3
    fixture3 = [["a", "b", "c", "a", "b", "c", "a", "c"], ["b", "c", "a", "b"]]
    for name, docs, min_freq in [("fixture", fixture3, 1), ("seeds", seeds, 2)]:
        words = [w for d in docs for w in d + [None, None]]
        finder = TrigramCollocationFinder.from_words(words)
        finder.apply_freq_filter(min_freq)
        golden = {"input": name, "window": 3, "min_freq": min_freq, "n": finder.N,
                  "generated_by": f"NLTK {nltk.__version__} TrigramCollocationFinder",
                  "scores": {k: [[*g, s] for g, s in finder.score_ngrams(f)] for k, f in measures3.items()}}
        (out / f"{name}-trigrams.json").write_text(json.dumps(golden, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"collocations {name} trigrams: {len(golden['scores']['pmi'])} trigrams")


def coherence_golden(tahlil):
    """gensim's c_npmi (window 10) and u_mass for fixed topics over the seeds'
    words (5 documents and their 80 lines): topics are the words ranked 1-10,
    11-20 and 21-30 by frequency, and a mixed one, for tests/coherence.rs."""
    from collections import Counter

    import gensim
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    out = ROOT / "tests" / "golden" / "coherence"
    out.mkdir(parents=True, exist_ok=True)
    for input_kind in ["seeds", "lines"]:
        texts = [line.split() for line in tokens(tahlil, input_kind, [])]
        ranked = [w for w, _ in sorted(Counter(w for t in texts for w in t).items(), key=lambda x: (-x[1], x[0]))]
        topics = [ranked[0:10], ranked[10:20], ranked[20:30], ranked[0:30:3]]
        dictionary = Dictionary(texts)
        corpus = [dictionary.doc2bow(t) for t in texts]
        npmi = CoherenceModel(topics=topics, texts=texts, dictionary=dictionary, coherence="c_npmi",
                              window_size=10, processes=1).get_coherence_per_topic()
        umass = CoherenceModel(topics=topics, corpus=corpus, dictionary=dictionary,
                               coherence="u_mass", processes=1).get_coherence_per_topic()
        golden = {"input": input_kind, "generated_by": f"gensim {gensim.__version__} CoherenceModel",
                  "window": 10, "topics": topics, "c_npmi": [float(x) for x in npmi],
                  "u_mass": [float(x) for x in umass]}
        (out / f"{input_kind}.json").write_text(json.dumps(golden, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"coherence {input_kind}: c_npmi {golden['c_npmi']}, u_mass {golden['u_mass']}")


def nmf_golden(tahlil):
    """scikit-learn's NMF(init='nndsvd', solver='cd') of the default TF-IDF of
    the five seeds (K = 3) and of their 80 lines (K = 5 and 10), for
    tests/topics.rs."""
    from sklearn.decomposition import NMF, _nmf
    from sklearn.utils.extmath import randomized_svd

    out = ROOT / "tests" / "golden" / "topics"
    out.mkdir(parents=True, exist_ok=True)
    for input_kind, k in [("seeds", 3), ("lines", 5), ("lines", 10)]:
        docs = tokens(tahlil, input_kind, [])
        x = TfidfVectorizer(**common({})).fit_transform(docs)
        model = NMF(n_components=k, init="nndsvd", solver="cd", tol=1e-4, max_iter=200, random_state=0)
        w = model.fit_transform(x)
        # scikit-learn's own start (randomized SVD), and NNDSVD from the exact SVD.
        w0, h0 = _nmf._initialize_nmf(x, k, init="nndsvd", random_state=0)

        def exact_svd(m, n_components, random_state=None):
            u, s, vt = np.linalg.svd(m.toarray(), full_matrices=False)
            return u[:, :n_components], s[:n_components], vt[:n_components]

        _nmf.randomized_svd = exact_svd
        w_exact, h_exact = _nmf._initialize_nmf(x, k, init="nndsvd", random_state=0)
        _nmf.randomized_svd = randomized_svd
        golden = {
            "input": input_kind,
            "k": k,
            "w0": w0.tolist(),
            "h0": h0.tolist(),
            "w0_exact_svd": w_exact.tolist(),
            "h0_exact_svd": h_exact.tolist(),
            "generated_by": f"scikit-learn {sklearn.__version__} NMF(init='nndsvd', solver='cd')",
            "n_iter": int(model.n_iter_),
            "reconstruction_err": float(model.reconstruction_err_),
            "w": w.tolist(),
            "h": model.components_.tolist(),
        }
        (out / f"nmf-{input_kind}-k{k}.json").write_text(json.dumps(golden) + "\n", encoding="utf-8")
        print(f"nmf {input_kind} K={k}: {model.n_iter_} iterations, error {model.reconstruction_err_:.6f}")


def isri_golden(tahlil):
    """NLTK's ISRIStemmer on every word of the seeds (normalized, with and without
    clitics) and on a generated list that passes through every prefix, suffix and
    pattern branch of the algorithm, for src/filter/isri.rs's test."""
    import itertools
    import random

    import nltk
    from nltk.stem.isri import ISRIStemmer

    out = ROOT / "tests" / "golden" / "isri"
    out.mkdir(parents=True, exist_ok=True)
    stemmer = ISRIStemmer()
    words = set()
    for clitics in ["none", "drop"]:
        for line in tokens(tahlil, "seeds", ["--stopwords", "none", "--min-token-length", "1",
                                              "--clitics", clitics]):
            words.update(line.split())
    seeds = sorted(words)

    # Roots and the patterns of each length, written with ف ع ل (and a second ل for
    # quadriliteral roots), with the affixes ISRI knows around them.
    # Sound, weak (و), hamzated and doubled roots.
    roots3 = ["كتب", "وعد", "قرأ", "مدد"]
    roots4 = ["ترجم", "طمأن"]
    patterns = [
        "فعل", "مفعل", "فاعل", "فعال", "فعول", "فعيل", "فعلة", "افتعل", "افاعل", "مفعول",
        "مفعال", "مفعيل", "مفعلة", "تفعلة", "افعلة", "مفتعل", "يفتعل", "تفتعل", "مفاعل", "تفاعل",
        "فعولة", "فعالة", "انفعل", "منفعل", "افعال", "فعلان", "تفعيل", "فاعول", "فواعل", "فعائل",
        "فاعلة", "فعالي", "مستفعل", "استفعل", "مفعالة", "افتعال", "افعوعل", "تفاعيل", "يفعل",
        "تفعل", "نفعل", "افعل", "فعلت", "فعلوا", "فعلن", "فعلك",
    ]
    patterns4 = ["فعلل", "تفعلل", "افعلل", "مفعلل", "فعللة", "فعالل", "افعلال", "متفعلل"]

    def fill(pattern, root):
        """ف ع ل stand for the root's letters; in a four-letter pattern the second ل
        is the fourth letter."""
        lams = 0
        out_chars = []
        for c in pattern:
            if c == "ف":
                out_chars.append(root[0])
            elif c == "ع":
                out_chars.append(root[1])
            elif c == "ل":
                out_chars.append(root[2 + min(lams, len(root) - 3)])
                lams += 1
            else:
                out_chars.append(c)
        return "".join(out_chars)

    stems = {fill(p, r) for p in patterns for r in roots3}
    stems |= {fill(p, r) for p in patterns4 for r in roots4}
    prefixes = ["", "كال", "بال", "ولل", "وال", "ال", "لل", "ل", "ب", "ف", "س", "و", "ي", "ت", "ن", "ا",
                "أ", "إ", "آ", "وو"]
    suffixes = ["", "تمل", "همل", "تان", "تين", "كمل", "ون", "ات", "ان", "ين", "تن", "كم", "هن", "نا",
                "يا", "ها", "تم", "كن", "ني", "وا", "ما", "هم", "ة", "ه", "ي", "ك", "ت", "ا", "ن"]
    stems = sorted(stems)
    # Every prefix and every suffix with every stem, and all three together on a few.
    generated = {p + st for p, st in itertools.product(prefixes, stems)}
    generated |= {st + s for st, s in itertools.product(stems, suffixes)}
    generated |= {p + st + s for p, st, s in itertools.product(prefixes, stems[::20], suffixes)}
    generated |= set(stemmer.stop_words)
    # Diacritics (removed first) and random strings of the letters ISRI tests.
    generated |= {"كَتَبَ", "المُسْلِمُونَ", "أَمْسَى", "وَكَانَ"}
    rng = random.Random(17)
    alphabet = "اأإآلبفسويتنةهكمعقرئءؤدحز"
    for _ in range(5000):
        generated.add("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))))
    generated = sorted(generated)
    for name, words in [("seeds", seeds), ("generated", generated)]:
        golden = {"generated_by": f"NLTK {nltk.__version__} ISRIStemmer().stem",
                  "stems": [[w, stemmer.stem(w)] for w in words]}
        (out / f"{name}.json").write_text(json.dumps(golden, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"isri {name}: {len(words)} words")


if __name__ == "__main__":
    main()
    similarity_golden(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "tahlil"))
    cluster_golden(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "tahlil"))
    collocation_golden(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "tahlil"))
    coherence_golden(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "tahlil"))
    nmf_golden(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "tahlil"))
    isri_golden(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "tahlil"))
