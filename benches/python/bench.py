#!/usr/bin/env python3
"""One timed fit_transform in this Python process, for benches/python/run.sh.

    bench.py PROGRAM CORPUS TOKENS STOPWORDS_FILE

PROGRAM is one of
    tahlil              tahlil.TfidfVectorizer() (clitics dropped, the default)
    sklearn-same-job    scikit-learn's TfidfVectorizer doing the same job: the analyzer
                        of benches/compare/sklearn_vectorize.py (tahlil's rules in
                        Python, segment.py for the clitics, tahlil's stop words)
    sklearn-tokens      scikit-learn's TfidfVectorizer handed tahlil's words
                        (`tahlil tokens`), split on spaces

The documents are read into a list of str first (one per line; for sklearn-tokens the
lines of TOKENS), untimed; then fit_transform runs once on the list. Prints one JSON
line: wall seconds of fit_transform, the process's peak RSS, its peak RSS before
fit_transform (the list of texts and the imports), the matrix's shape and non-zeros.
"""
import json
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "compare"))


def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f if line.strip()]


def main():
    program, corpus, tokens, stop_file = sys.argv[1:5]
    if program == "tahlil":
        import tahlil

        vec = tahlil.TfidfVectorizer()
        docs = lines(corpus)
    elif program == "sklearn-same-job":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn_vectorize import clitics_drop_analyzer, normalize

        with open(stop_file, encoding="utf-8") as f:
            stop = sorted({normalize(w.strip()) for w in f if w.strip() and not w.startswith("#")})
        vec = TfidfVectorizer(analyzer=clitics_drop_analyzer(stop, 1))
        docs = lines(corpus)
    elif program == "sklearn-tokens":
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(analyzer=str.split)
        with open(tokens, encoding="utf-8") as f:
            docs = f.read().split("\n")[:-1]
    else:
        sys.exit(f"bench.py: unknown program {program}")
    before = peak_kb()
    start = time.perf_counter()
    x = vec.fit_transform(docs)
    wall = time.perf_counter() - start
    print(
        json.dumps(
            {
                "program": program,
                "wall_s": wall,
                "peak_rss_kb": peak_kb(),
                "before_kb": before,
                "documents": x.shape[0],
                "terms": x.shape[1],
                "nnz": int(x.nnz),
            }
        )
    )


if __name__ == "__main__":
    main()
