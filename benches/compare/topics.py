#!/usr/bin/env python3
"""LDA with tomotopy, against `tahlil topics`, on the same documents.

    topics.py tomotopy TOKENS OUT.json [--fixed]   # tomotopy's LDA, K = 20, 200 iterations, 2 workers
    topics.py coherence TOKENS TOPICS.json...      # c_npmi of each model's topics (one JSON line each)
    topics.py summarize RUNS_TSV COHERENCE_JSONL OUT_DIR

`tomotopy` is the peer's whole job, as its users run it, from tahlil's words (one
document a line, `tahlil tokens`; empty documents are left out, tomotopy takes none):
`tomotopy.LDAModel(k=20, alpha=0.1, eta=0.01, seed=1)` (its default priors, which are
tahlil's), 200 iterations of `train(workers=2)`, with its default `optim_interval` of 10
(α learned from iteration 0, its default burn-in) or, with `--fixed`, `optim_interval=0`:
the same fixed priors as tahlil. It writes each topic's 10 most probable words, as
tahlil's topics.json lists them.

`coherence` scores every model's topics the same way: gensim's `CoherenceModel`
(`c_npmi`, window 10, the implementation tahlil's own coherence reproduces to 1e-12)
over the same words.
"""
import json
import statistics
import sys

import runs


def documents(tokens):
    with open(tokens, encoding="utf-8") as f:
        return [line.split() for line in f.read().split("\n")[:-1]]


def tomotopy(tokens, out, *flags):
    import tomotopy as tp

    model = tp.LDAModel(k=20, alpha=0.1, eta=0.01, seed=1)
    if "--fixed" in flags:
        model.optim_interval = 0
    for words in documents(tokens):
        if words:
            model.add_doc(words)
    model.train(200, workers=2)
    topics = [[w for w, _ in model.get_topic_words(t, top_n=10)] for t in range(model.k)]
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"topics": [{"terms": [[w, w, 0.0] for w in ws]} for ws in topics],
                   "alpha": [float(a) for a in model.alpha]}, f, ensure_ascii=False)
    print(f"{len(model.docs)} documents, {model.num_words} tokens, log-likelihood per word {model.ll_per_word:.4f}")


def coherence(tokens, *models):
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    texts = documents(tokens)
    dictionary = Dictionary(texts)
    for path in models:
        with open(path, encoding="utf-8") as f:
            topics = [[t[0] for t in topic["terms"]] for topic in json.load(f)["topics"]]
        cm = CoherenceModel(topics=topics, texts=texts, dictionary=dictionary, coherence="c_npmi",
                            window_size=10, processes=1)
        scores = cm.get_coherence_per_topic()
        print(json.dumps({"model": path, "c_npmi": statistics.mean(scores), "per_topic": scores}))


def summarize(raw, scores, out_dir):
    groups, coherences = runs.load(raw, scores)
    results = []
    for (corpus, size, program), group in groups.items():
        walls = runs.walls(group)
        theirs = runs.walls(groups.get((corpus, size, "tomotopy-2-workers"), []))
        score = next((c for c in coherences if c["corpus"] == corpus and c["size"] == size
                      and c["program"] == program), {})
        results.append({
            "corpus": corpus, "size": size, "program": program,
            "wall_s": statistics.median(walls.values()),
            "peak_rss_mb": statistics.median(int(r["max_rss_kb"]) for r in group) / 1024,
            "over_tomotopy": statistics.median(walls[k] / theirs[k] for k in walls if k in theirs) if theirs else None,
            "c_npmi": score.get("c_npmi"),
        })
    lines = ["LDA, K = 20, 200 iterations, on tahlil's words: `tahlil topics` (from the text; fixed priors, "
             "and `--optimize-interval 10`) against tomotopy 0.14.0 (`benches/compare/topics.py`, 2 workers, "
             "its default settings, and with the same fixed priors). Whole processes, run alternately; "
             "medians. c_npmi: gensim's, over the same words, for every model.", "",
             "| corpus | size | program | wall s | over tomotopy's (2 workers, default) | peak MB | c_npmi |",
             "|---|---|---|---:|---:|---:|---:|"]
    for x in results:
        over = f"{x['over_tomotopy']:.2f}" if x["over_tomotopy"] is not None else ""
        c = f"{x['c_npmi']:.4f}" if x["c_npmi"] is not None else ""
        lines.append(f"| {x['corpus']} | {x['size']} | {x['program']} | {x['wall_s']:.2f} | {over} | "
                     f"{x['peak_rss_mb']:.0f} | {c} |")
    runs.write(out_dir, "topics", results, lines)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"tomotopy": tomotopy, "coherence": coherence, "summarize": summarize}[mode](*args)
