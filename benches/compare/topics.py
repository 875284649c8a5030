#!/usr/bin/env python3
"""LDA with tomotopy, against `tahlil topics`, on the same documents.

    topics.py tomotopy TOKENS OUT.json [--fixed] [--seed S]  # tomotopy's LDA, K = 20, 200 iterations, 2 workers
    topics.py coherence TOKENS [NAME=]TOPICS.json...         # c_npmi of each model's topics (one JSON line each)
    topics.py summarize RUNS_TSV COHERENCE_JSONL OUT_DIR
    topics.py seeds RUNS_TSV COHERENCE_JSONL OUT_DIR         # many seeds, two programs

`tomotopy` is the peer's whole job, as its users run it, from tahlil's words (one
document a line, `tahlil tokens`; empty documents are left out, tomotopy takes none):
`tomotopy.LDAModel(k=20, alpha=0.1, eta=0.01, seed=S)` (its default priors, which are
tahlil's; seed 1 unless given), 200 iterations of `train(workers=2)`, with its default `optim_interval` of 10
(α learned from iteration 0, its default burn-in) or, with `--fixed`, `optim_interval=0`:
the same fixed priors as tahlil. It writes each topic's 10 most probable words, as
tahlil's topics.json lists them.

`coherence` scores every model's topics the same way: gensim's `CoherenceModel`
(`c_npmi`, window 10, the implementation tahlil's own coherence reproduces to 1e-12)
over the same words. All the models' topics are scored in one `CoherenceModel`: it
reads the words once (a minute at 100 MB), and a topic's score depends only on its own
words' counts, so each is what it would be alone.

`seeds` summarizes run.sh's `seeds` part (benches/compare/seeds.sh): `tahlil topics` with
its defaults against tomotopy with its defaults, seed by seed, on many more seeds than
the rounds: medians, means and spreads over the seeds, per-seed differences, and a
Mann-Whitney rank test of the two sets of scores (normal approximation), into
OUT_DIR/topics-seeds.{json,md}.

`summarize` gives each program's median wall time and median c_npmi over the rounds
(run.sh runs round r with seed r, so the medians are over seeds: one model's c_npmi
moves by several thousandths from seed to seed).
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

    seed = int(flags[flags.index("--seed") + 1]) if "--seed" in flags else 1
    model = tp.LDAModel(k=20, alpha=0.1, eta=0.01, seed=seed)
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
    every, spans = [], []
    for model in models:
        name, _, path = model.rpartition("=")
        with open(path, encoding="utf-8") as f:
            topics = [[t[0] for t in topic["terms"]] for topic in json.load(f)["topics"]]
        spans.append((name or path, len(every), len(every) + len(topics)))
        every.extend(topics)
    cm = CoherenceModel(topics=every, texts=texts, dictionary=dictionary, coherence="c_npmi",
                        window_size=10, processes=1)
    scores = cm.get_coherence_per_topic()
    for name, start, end in spans:
        mine = scores[start:end]
        print(json.dumps({"model": name, "c_npmi": statistics.mean(mine), "per_topic": mine}))


def summarize(raw, scores, out_dir):
    groups, coherences = runs.load(raw, scores)
    results = []
    for (corpus, size, program), group in groups.items():
        walls = runs.walls(group)
        theirs = runs.walls(groups.get((corpus, size, "tomotopy-2-workers"), []))
        scores = [c["c_npmi"] for c in coherences if c["corpus"] == corpus and c["size"] == size
                  and c["program"] == program]
        results.append({
            "corpus": corpus, "size": size, "program": program,
            "wall_s": statistics.median(walls.values()),
            "peak_rss_mb": statistics.median(int(r["max_rss_kb"]) for r in group) / 1024,
            "over_tomotopy": statistics.median(walls[k] / theirs[k] for k in walls if k in theirs) if theirs else None,
            "c_npmi": statistics.median(scores) if scores else None,
            "c_npmi_by_seed": scores,
        })
    lines = ["LDA, K = 20, 200 iterations, on tahlil's words: `tahlil topics` (from the text; fixed priors, "
             "and `--optimize-interval 10`: α learned from the start) against tomotopy 0.14.0 "
             "(`benches/compare/topics.py`, 2 workers, its default settings, and with the same fixed priors). "
             "Whole processes, run alternately, round r with seed r; medians over the rounds. c_npmi: gensim's, "
             "over the same words, for every model; by seed in the last column.", "",
             "| corpus | size | program | wall s | over tomotopy's (2 workers, default) | peak MB | c_npmi | c_npmi by seed |",
             "|---|---|---|---:|---:|---:|---:|---|"]
    for x in results:
        over = f"{x['over_tomotopy']:.2f}" if x["over_tomotopy"] is not None else ""
        c = f"{x['c_npmi']:.4f}" if x["c_npmi"] is not None else ""
        seeds = ", ".join(f"{s:.4f}" for s in x["c_npmi_by_seed"])
        lines.append(f"| {x['corpus']} | {x['size']} | {x['program']} | {x['wall_s']:.2f} | {over} | "
                     f"{x['peak_rss_mb']:.0f} | {c} | {seeds} |")
    # The targets, on the real corpus at its largest size.
    real = [x for x in results if x["corpus"] == "hadith"]
    if real:
        size = max({x["size"] for x in real}, key=lambda s: float(s.rstrip("MG")) * (1000 if s.endswith("G") else 1))
        at = {x["program"]: x for x in real if x["size"] == size}
        if "tahlil-optimized" in at and "tomotopy-2-workers" in at:
            ours, theirs = at["tahlil-optimized"], at["tomotopy-2-workers"]
            lines += ["", f"Targets (issue 22), hadith {size}, `--optimize-interval 10` against tomotopy's defaults:", "",
                      f"- c_npmi at least tomotopy's: {ours['c_npmi']:.4f} against {theirs['c_npmi']:.4f}, "
                      + ("met" if ours["c_npmi"] >= theirs["c_npmi"] else "NOT met"),
                      f"- wall time at most 0.7x tomotopy's: {ours['over_tomotopy']:.2f}x, "
                      + ("met" if ours["over_tomotopy"] <= 0.7 else "NOT met")]
    runs.write(out_dir, "topics", results, lines)


def mann_whitney_z(a, b):
    """The Mann-Whitney U of `a` against `b` (ties count a half) and its z under the
    normal approximation: near 0 when neither set of scores tends to be the higher."""
    u = sum((x > y) + 0.5 * (x == y) for x in a for y in b)
    mean = len(a) * len(b) / 2
    sd = (len(a) * len(b) * (len(a) + len(b) + 1) / 12) ** 0.5
    return u, (u - mean) / sd


def seeds(raw, scores, out_dir):
    groups, coherences = runs.load(raw, scores)
    ours, theirs = "tahlil", "tomotopy-2-workers"
    by = {p: {int(c["round"]): c["c_npmi"] for c in coherences if c["program"] == p} for p in (ours, theirs)}
    common = sorted(set(by[ours]) & set(by[theirs]))
    if not common:
        sys.exit("topics.py seeds: no seed has a score from both programs")
    (corpus, size, _), = [k for k in groups if k[2] == ours]
    results = []
    for p in (ours, theirs):
        values = [by[p][s] for s in common]
        walls = runs.walls(groups[(corpus, size, p)])
        results.append({"corpus": corpus, "size": size, "program": p, "seeds": common,
                        "c_npmi_median": statistics.median(values), "c_npmi_mean": statistics.mean(values),
                        "c_npmi_sd": statistics.stdev(values) if len(values) > 1 else 0.0,
                        "c_npmi_by_seed": values, "wall_s": statistics.median(walls.values())})
    ours_walls = runs.walls(groups[(corpus, size, ours)])
    their_walls = runs.walls(groups[(corpus, size, theirs)])
    over = statistics.median(ours_walls[k] / their_walls[k] for k in ours_walls if k in their_walls)
    a, b = results[0]["c_npmi_by_seed"], results[1]["c_npmi_by_seed"]
    u, z = mann_whitney_z(a, b)
    higher = sum(x > y for x, y in zip(a, b))
    summary = {"wall_over_tomotopy": over, "tahlil_higher_in": higher, "mann_whitney_u": u, "mann_whitney_z": z,
               "median_difference": statistics.median(x - y for x, y in zip(a, b))}
    lines = [f"LDA coherence over {len(common)} seeds, {corpus} {size}, K = 20, 200 iterations: `tahlil topics` "
             "with its defaults (α learned every 10 sweeps from the start) against tomotopy 0.14.0 with its "
             "defaults (`benches/compare/topics.py tomotopy`, 2 workers). One run of each a seed, alternating. "
             "c_npmi: gensim's, over the same words, for every model.", "",
             "| program | seeds | c_npmi median | mean | standard deviation | wall s (median) |",
             "|---|---:|---:|---:|---:|---:|"]
    for x in results:
        lines.append(f"| {x['program']} | {len(common)} | {x['c_npmi_median']:.4f} | {x['c_npmi_mean']:.4f} | "
                     f"{x['c_npmi_sd']:.4f} | {x['wall_s']:.2f} |")
    lines += ["", "| seed | " + " | ".join(str(s) for s in common) + " |",
              "|---|" + "---:|" * len(common)]
    for x in results:
        lines.append(f"| {x['program']} | " + " | ".join(f"{v:.4f}" for v in x["c_npmi_by_seed"]) + " |")
    met = results[0]["c_npmi_median"] >= results[1]["c_npmi_median"]
    lines += ["", f"tahlil higher in {higher} of {len(common)} seeds; median per-seed difference "
              f"{summary['median_difference']:+.4f}; Mann-Whitney U = {u:g} of {len(a) * len(b)}, z = {z:.2f}.",
              "", "Targets (issue 22), against tomotopy with its defaults:", "",
              "- c_npmi at least tomotopy's, in the median over the seeds: "
              f"{results[0]['c_npmi_median']:.4f} against {results[1]['c_npmi_median']:.4f}, "
              + ("met" if met else "NOT met"),
              f"- wall time at most 0.7x tomotopy's (median of the per-seed ratios): {over:.2f}x, "
              + ("met" if over <= 0.7 else "NOT met")]
    runs.write(out_dir, "topics-seeds", {"programs": results, "comparison": summary}, lines)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"tomotopy": tomotopy, "coherence": coherence, "summarize": summarize, "seeds": seeds}[mode](*args)
