#!/usr/bin/env bash
# Whole-process timing of `tahlil vectorize` against scikit-learn's TfidfVectorizer
# on the same synthetic corpus, run alternately, REPS times each, unigrams and 1,2-grams.
#
#   benches/compare_sklearn.sh            # 100 MB corpus, 3 repetitions
#   SIZE=10M REPS=5 benches/compare_sklearn.sh
#
# Needs the Rust toolchain and Python 3; installs scikit-learn (pinned in
# tests/reference/requirements.txt) into benches/.venv. Writes the raw timings to
# benches/results/sklearn-$SIZE.tsv and a summary table to benches/results/sklearn-$SIZE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-100M}
REPS=${REPS:-3}
WORK=benches/results/tmp
VENV=benches/.venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q -r tests/reference/requirements.txt
cargo build --release --locked -q
T=target/release/tahlil
mkdir -p "$WORK"
corpus="$WORK/corpus-$SIZE.txt"
[ -s "$corpus" ] || "$T" synth --bytes "$SIZE" --seed 1 --out "$corpus"
tokens="$WORK/tokens-$SIZE.txt"
[ -s "$tokens" ] || "$T" tokens --lines "$corpus" --out "$tokens"
raw="benches/results/sklearn-$SIZE.tsv"
printf 'program\tngram\trep\twall_s\tmax_rss_kb\n' > "$raw"

timed() { # label ngram rep cmd...
  local label=$1 ngram=$2 rep=$3; shift 3
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" > "$WORK/stdout" 2> "$WORK/stderr" \
    || { cat "$WORK/stderr"; exit 1; }
  read -r wall rss < "$WORK/time"
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$ngram" "$rep" "$wall" "$rss" | tee -a "$raw"
}

for rep in $(seq "$REPS"); do
  for n in 1 2; do
    # A fresh output directory: replacing the previous run's files (650 MB with
    # word pairs) makes the kernel drop their cached pages inside the timed run.
    rm -rf "$WORK/out-$n"
    timed tahlil "1,$n" "$rep" "$T" vectorize --lines "$corpus" --ngram-range "1,$n" \
      --matrix-format npz --out "$WORK/out-$n"
    timed sklearn-same-job "1,$n" "$rep" "$VENV/bin/python" benches/sklearn_vectorize.py \
      same-job "$corpus" "$n" src/filter/stopwords-ar.txt
    timed sklearn-tokens "1,$n" "$rep" "$VENV/bin/python" benches/sklearn_vectorize.py \
      tokens "$tokens" "$n"
  done
done

"$VENV/bin/python" - "$raw" "$SIZE" "$corpus" > "benches/results/sklearn-$SIZE.md" <<'PY'
import csv, os, statistics, sys
raw, size, corpus = sys.argv[1:4]
rows = list(csv.DictReader(open(raw), delimiter="\t"))
mb = os.path.getsize(corpus) / 1e6
runs = {}
for r in rows:
    runs.setdefault((r["program"], r["ngram"]), {})[r["rep"]] = (float(r["wall_s"]), int(r["max_rss_kb"]))
reps = len(runs[("tahlil", "1,1")])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"Corpus: `tahlil synth --bytes {size} --seed 1` ({mb:.1f} MB), one document per line.")
print(f"{reps} runs of each program, alternating in one loop; medians. The speed-up is the median of the")
print("per-round ratios (each round runs every program once), which a busy machine disturbs least.")
print(f"Machine: {os.cpu_count()} cores ({cpu}).\n")
print("| ngram | program | wall s | MB/s | peak RSS MB | tahlil is faster by |")
print("|---|---|---:|---:|---:|---:|")
for ngram in ("1,1", "1,2"):
    mine = runs[("tahlil", ngram)]
    for prog in ("tahlil", "sklearn-same-job", "sklearn-tokens"):
        v = runs[(prog, ngram)]
        w = statistics.median(x for x, _ in v.values())
        rss = statistics.median(x for _, x in v.values()) / 1024
        ratio = "" if prog == "tahlil" else f"{statistics.median(v[k][0] / mine[k][0] for k in v):.1f}×"
        print(f"| {ngram} | {prog} | {w:.2f} | {mb / w:.1f} | {rss:.0f} | {ratio} |")
PY
cat "benches/results/sklearn-$SIZE.md"
