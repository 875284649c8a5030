#!/usr/bin/env python3
"""Summarizes benches/python/run.sh's runs: medians over the rounds, and "tahlil is
faster by" as the median of the per-round ratios (each round runs every program once,
back to back, which a busy machine disturbs least).

    summarize.py RUNS_JSONL OUT_DIR

Writes OUT_DIR/python.json (every run, the medians, the machine, the date) and
OUT_DIR/python.md (the table and the targets: at least 15x scikit-learn doing the same
job, 5x scikit-learn on tahlil's tokens, peak memory below scikit-learn's).
"""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

LABELS = {
    "tahlil": "tahlil.TfidfVectorizer (clitics dropped, the default)",
    "sklearn-same-job": "scikit-learn, same job (with segment.py)",
    "sklearn-tokens": "scikit-learn on tahlil's tokens",
}
TARGETS = {"sklearn-same-job": 15.0, "sklearn-tokens": 5.0}


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    with open("/proc/meminfo") as f:
        mem_kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    import sklearn

    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kb / 2**20, 1),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "rustc": rustc,
        "scikit_learn": sklearn.__version__,
    }


def main():
    path, out = sys.argv[1:3]
    with open(path) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    by = {}
    for r in runs:
        by.setdefault(r["program"], []).append(r)
    terms = {p: {r["terms"] for r in rs} for p, rs in by.items()}
    if len({t for ts in terms.values() for t in ts}) != 1:
        sys.exit(f"summarize.py: the programs found different vocabularies: {terms}")
    rounds = sorted({r["round"] for r in runs})
    wall = {(r["program"], r["round"]): r["wall_s"] for r in runs}
    rss = {(r["program"], r["round"]): r["peak_rss_kb"] for r in runs}
    rows = []
    for p in LABELS:
        rs = by[p]
        row = {
            "program": p,
            "label": LABELS[p],
            "wall_s": statistics.median(r["wall_s"] for r in rs),
            "peak_rss_mb": statistics.median(r["peak_rss_kb"] for r in rs) / 1024,
            "fit_rss_mb": statistics.median(r["peak_rss_kb"] - r["before_kb"] for r in rs) / 1024,
            "documents": rs[0]["documents"],
            "terms": rs[0]["terms"],
        }
        if p != "tahlil":
            row["faster_by"] = statistics.median(wall[(p, k)] / wall[("tahlil", k)] for k in rounds)
            row["memory_ratio"] = statistics.median(rss[("tahlil", k)] / rss[(p, k)] for k in rounds)
        rows.append(row)
    m = machine()
    size = runs[0]["size"]
    mb = runs[0]["bytes"] / 1e6
    date = datetime.date.today().isoformat()
    with open(os.path.join(out, "python.json"), "w") as f:
        json.dump({"date": date, "machine": m, "size": size, "bytes": runs[0]["bytes"], "rounds": len(rounds),
                   "summary": rows, "runs": runs}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    lines = [
        f"Measured {date} with `benches/python/run.sh` on {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, "
        f"{m['system']}; {m['rustc']}, Python {m['python']}, scikit-learn {m['scikit_learn']}.",
        f"Corpus: `tahlil synth --bytes {size} --seed 1` ({mb:.0f} MB, {rows[0]['documents']:,} documents, one per line), "
        f"read into a list of str; one `fit_transform` timed per process, {len(rounds)} rounds, each running every program "
        "once, alternately; medians. *Faster by* is the median of the per-round ratios. Peak RSS is the whole process's "
        "(the list of texts included); *fit* is what fit_transform added to the peak.",
        "",
        "| program | fit_transform s | MB/s | peak RSS MB | fit MB | tahlil is faster by | tahlil's peak / theirs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        faster = f"{r['faster_by']:.1f}×" if "faster_by" in r else ""
        memory = f"{r['memory_ratio']:.2f}" if "memory_ratio" in r else ""
        lines.append(f"| {r['label']} | {r['wall_s']:.3f} | {mb / r['wall_s']:.1f} | {r['peak_rss_mb']:.0f} | "
                     f"{r['fit_rss_mb']:.0f} | {faster} | {memory} |")
    lines += ["", f"All three found the same {rows[0]['terms']:,} terms.", "", "Targets (issue 19):", ""]
    for r in rows[1:]:
        t = TARGETS[r["program"]]
        met = "met" if r["faster_by"] >= t else "NOT met"
        lines.append(f"- at least {t:.0f}× {r['label']}: {r['faster_by']:.1f}×, {met}")
    peak_ok = all(r["memory_ratio"] < 1 for r in rows[1:])
    ratios = ", ".join(f"{r['memory_ratio']:.2f}" for r in rows[1:])
    lines.append(f"- peak memory below scikit-learn's: {ratios} of theirs, {'met' if peak_ok else 'NOT met'}")
    with open(os.path.join(out, "python.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
