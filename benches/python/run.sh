#!/usr/bin/env bash
# The Python package against scikit-learn, in Python (issue 19's speed targets).
#
#   benches/python/run.sh                 # 100 MB of `tahlil synth`, 9 rounds (about 10 minutes)
#   RUNS=3 SIZE=10M benches/python/run.sh # a quick look
#
# Each round runs each program once, alternately, as its own Python process
# (benches/python/bench.py): the documents are read into a list of str, then one
# fit_transform is timed; peak RSS is the process's. Needs only the Rust toolchain and
# Python 3: scikit-learn (pinned in benches/compare/requirements.txt) and the tahlil
# package (built from python/) go into benches/.venv. Writes
# benches/results/python.{json,md}.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-9}
SIZE=${SIZE:-100M}
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

WORK=benches/results/tmp
VENV=benches/.venv
PY="$VENV/bin/python"
mkdir -p "$WORK"

echo "== setting up: scikit-learn and tahlil (python/) in $VENV, tahlil in release" >&2
[ -x "$PY" ] || python3 -m venv "$VENV"
"$PY" -m pip install -q -r benches/compare/requirements.txt
"$PY" -m pip install -q ./python
cargo build --release --locked -q
T=target/release/tahlil

corpus="$WORK/corpus-$SIZE.txt"
tokens="$WORK/tokens-$SIZE-clitics-drop.txt"
# Same seed, same bytes: the corpus benches/compare uses (generated once, out of git).
[ -s "$corpus" ] || "$T" synth --bytes "$SIZE" --seed 1 --out "$corpus"
[ -s "$tokens" ] || "$T" tokens --lines "$corpus" --clitics drop --out "$tokens"

raw="$WORK/python-runs.jsonl"
: > "$raw"
for round in $(seq "$RUNS"); do
  for program in tahlil sklearn-same-job sklearn-tokens; do
    echo "== $SIZE, $program, round $round/$RUNS" >&2
    "$PY" benches/python/bench.py "$program" "$corpus" "$tokens" src/filter/stopwords-ar.txt \
      | sed "s/^{/{\"round\": $round, \"size\": \"$SIZE\", \"bytes\": $(wc -c < "$corpus"), /" >> "$raw"
  done
done
"$PY" benches/python/summarize.py "$raw" benches/results
