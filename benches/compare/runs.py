"""What neighbours.py and topics.py summarize: timed.py's rows, grouped, and a JSON line
per model checked."""
import csv
import json


def load(raw, jsonl):
    """The rows of RUNS_TSV grouped by (corpus, size, program), and the JSON lines."""
    with open(raw) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    with open(jsonl) as f:
        records = [json.loads(line) for line in f if line.strip()]
    groups = {}
    for r in rows:
        groups.setdefault((r["corpus"], r["size"], r["program"]), []).append(r)
    return groups, records


def walls(runs):
    """Wall seconds by round."""
    return {r["round"]: float(r["wall_s"]) for r in runs}


def write(out_dir, name, results, lines):
    """OUT_DIR/NAME.json (the results, the machine, the date) and NAME.md (a line saying
    when and on what machine, then the lines), and the same on stdout."""
    import datetime
    import os

    from summarize import machine

    m = machine()
    date = datetime.date.today().isoformat()
    lines = [f"Measured {date} with `benches/compare/run.sh` on {m['cores']} cores ({m['cpu']}), "
             f"{m['memory_gib']} GiB, {m['os']}; {m['rustc']}, Python {m['python']}, "
             f"scikit-learn {m['scikit_learn']}.", ""] + lines
    with open(os.path.join(out_dir, f"{name}.json"), "w") as f:
        json.dump({"date": date, "machine": m, "results": results}, f, indent=1)
        f.write("\n")
    with open(os.path.join(out_dir, f"{name}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
