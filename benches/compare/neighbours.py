#!/usr/bin/env python3
"""Top-10 cosine neighbours with sparse_dot_topn, against `tahlil similarity --top-k 10`.

    neighbours.py topn TOKENS OUT STEM       # sparse_dot_topn's neighbours, as tahlil writes them
    neighbours.py check TAHLIL_TSV TOPN_TSV  # do the two agree? (prints one JSON line)
    neighbours.py summarize RUNS_TSV CHECKS_JSONL OUT_DIR

`topn` is the peer's whole job, as a user of it would run it from tahlil's words (one
document a line, `tahlil tokens`): scikit-learn's TfidfVectorizer on the words split on
spaces (the matrix tahlil computes, to 1e-12), then sparse_dot_topn 1.2.0's
`sp_matmul_topn(X, X.T, top_n=11, n_threads=2)` (ING's C++ sparse top-n product, on both
cores), each document itself dropped, the best 10 kept. It writes
`doc<TAB>neighbour<TAB>cosine` with tahlil's ids (STEM:LINE, STEM the corpus file's
name without .txt).

`check` compares, document by document, the positive scores of the two lists (a
document sharing a term with fewer than 10 others gets tahlil's zero-score fillers,
which the product does not list): the largest difference of the sorted scores, and
whether the neighbours are the same documents apart from ties at the last place.
"""
import csv
import json
import statistics
import sys

import runs


def topn(tokens, out, stem):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sparse_dot_topn import sp_matmul_topn

    with open(tokens, encoding="utf-8") as f:
        docs = f.read().split("\n")[:-1]
    x = TfidfVectorizer(analyzer=str.split).fit_transform(docs)
    c = sp_matmul_topn(x, x.T.tocsr(), top_n=11, n_threads=2, sort=True)
    pairs = 0
    with open(out, "w", encoding="utf-8") as f:
        f.write("doc\tneighbour\tcosine\n")
        for i in range(c.shape[0]):
            lo, hi = c.indptr[i], c.indptr[i + 1]
            cols, vals = c.indices[lo:hi], c.data[lo:hi]
            order = np.lexsort((cols, -vals))
            kept = [(cols[o], vals[o]) for o in order if cols[o] != i][:10]
            for j, v in kept:
                f.write(f"{stem}:{i + 1}\t{stem}:{j + 1}\t{float(v)!r}\n")
            pairs += len(kept)
    print(f"{c.shape[0]} documents, {pairs} pairs")


def lists(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        for doc, neighbour, score in rows:
            out.setdefault(doc, []).append((float(score), neighbour))
    return out


def check(mine, theirs):
    a, b = lists(mine), lists(theirs)
    worst, differ, docs = 0.0, 0, 0
    for doc in set(a) | set(b):
        x = sorted((p for p in a.get(doc, []) if p[0] > 0), reverse=True)
        y = sorted((p for p in b.get(doc, []) if p[0] > 0), reverse=True)
        docs += 1
        if len(x) != len(y):
            differ += 1
            continue
        worst = max([worst] + [abs(p[0] - q[0]) for p, q in zip(x, y)])
        if x:
            last = x[-1][0]
            # The same neighbours, apart from ties with the last score kept.
            if {n for s, n in x if s > last + 1e-12} != {n for s, n in y if s > last + 1e-12}:
                differ += 1
    print(json.dumps({"documents": docs, "max_score_difference": worst, "documents_differing": differ}))


def summarize(raw, checks, out_dir):
    groups, agree = runs.load(raw, checks)
    results = []
    for (corpus, size, program), group in groups.items():
        if program != "sparse_dot_topn":
            continue
        mine = runs.walls(groups.get((corpus, size, "tahlil"), []))
        walls = runs.walls(group)
        ratios = [walls[k] / mine[k] for k in walls if k in mine]
        check = next((c for c in agree if c["corpus"] == corpus and c["size"] == size), {})
        results.append({
            "corpus": corpus, "size": size,
            "documents": int(group[0]["output"].split()[0]),
            "tahlil_wall_s": statistics.median(mine.values()),
            "sparse_dot_topn_wall_s": statistics.median(walls.values()),
            "tahlil_peak_rss_mb": statistics.median(int(r["max_rss_kb"]) for r in groups[(corpus, size, "tahlil")]) / 1024,
            "sparse_dot_topn_peak_rss_mb": statistics.median(int(r["max_rss_kb"]) for r in group) / 1024,
            "tahlil_faster_by": statistics.median(ratios),
            "rounds": len(ratios),
            **{k: check.get(k) for k in ("max_score_difference", "documents_differing")},
        })
    lines = ["Top-10 cosine neighbours of every document: `tahlil similarity --lines CORPUS --top-k 10` "
             "(from the text) against sparse_dot_topn 1.2.0 (`benches/compare/neighbours.py topn`: "
             "scikit-learn's TF-IDF of tahlil's words, then `sp_matmul_topn` on 2 threads), whole "
             "processes, run alternately; medians, and the median of the per-round ratios.", "",
             "| corpus | size | documents | tahlil s | sparse_dot_topn s | tahlil is faster by | peak MB (tahlil / theirs) "
             "| largest score difference | documents whose neighbours differ |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for x in results:
        lines.append(f"| {x['corpus']} | {x['size']} | {x['documents']:,} | {x['tahlil_wall_s']:.2f} | "
                     f"{x['sparse_dot_topn_wall_s']:.2f} | {x['tahlil_faster_by']:.2f}× | "
                     f"{x['tahlil_peak_rss_mb']:.0f} / {x['sparse_dot_topn_peak_rss_mb']:.0f} | "
                     f"{x['max_score_difference']:.1e} | {x['documents_differing']} |")
    lines.append("")
    for x in results:
        if x["size"] == "100M":
            met = x["tahlil_faster_by"] >= 3 and x["max_score_difference"] <= 1e-12 and x["documents_differing"] == 0
            lines.append(f"- {x['corpus']}, 100 MB: at least 3× sparse_dot_topn with the same scores (to 1e-12): "
                         f"{x['tahlil_faster_by']:.2f}×, largest difference {x['max_score_difference']:.1e}: "
                         f"{'met' if met else 'NOT met'}")
    runs.write(out_dir, "neighbours", results, lines)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"topn": topn, "check": check, "summarize": summarize}[mode](*args)
