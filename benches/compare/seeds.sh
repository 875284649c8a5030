#!/usr/bin/env bash
# LDA coherence over many seeds: run.sh's `seeds` part (see benches/compare/README.md).
#
#   benches/compare/seeds.sh                 # hadith 100 MB, seeds 1 to 20
#   SEEDS=3 SIZE=10M benches/compare/seeds.sh
#
# One model's c_npmi moves by several thousandths from seed to seed, more than the
# difference between tahlil's and tomotopy's: run.sh's five rounds cannot tell them
# apart. This runs `tahlil topics` with its defaults and tomotopy with its defaults
# (benches/compare/topics.py tomotopy: K = 20, 200 iterations, 2 workers) once a seed,
# alternately, scores every model with gensim (topics.py coherence), and writes
# benches/results/topics-seeds.{json,md} (topics.py seeds). Takes the corpus and its
# words that run.sh made in benches/results/tmp, and the venv it set up.
set -euo pipefail
cd "$(dirname "$0")/../.."

SEEDS=${SEEDS:-20}
SIZE=${SIZE:-100M}
WORK=benches/results/tmp
PY=benches/.venv/bin/python
T=target/release/tahlil
corpus="$WORK/hadith-$SIZE.txt"
tokens="$WORK/hadith-tokens-$SIZE-clitics-drop.txt"
for need in "$corpus" "$tokens" "$PY"; do
  if [ ! -e "$need" ]; then
    echo "seeds.sh: $need is missing; run \`PARTS=topics CORPORA=hadith benches/compare/run.sh\` first" >&2
    exit 2
  fi
done
cargo build --release --locked -q

raw="$WORK/seeds-runs.tsv"
scores="$WORK/seeds-coherence.jsonl"
printf 'corpus\tsize\tbytes\tprogram\tngram\tround\twall_s\tmax_rss_kb\toutput\n' > "$raw"
bytes=$(wc -c < "$corpus")
models=()
for seed in $(seq "$SEEDS"); do
  echo "== hadith $SIZE, topics, seed $seed/$SEEDS" >&2
  out="$WORK/seeds-tahlil-$seed"
  rm -rf "$out"
  "$PY" benches/compare/timed.py hadith "$SIZE" "$bytes" tahlil 1,1 "$seed" \
    "$T" topics --lines "$corpus" --k 20 --iterations 200 --seed "$seed" --out "$out" >> "$raw"
  models+=("tahlil/$seed=$out/topics.json")
  out="$WORK/seeds-tomotopy-$seed"
  rm -rf "$out" && mkdir -p "$out"
  "$PY" benches/compare/timed.py hadith "$SIZE" "$bytes" tomotopy-2-workers 1,1 "$seed" \
    "$PY" benches/compare/topics.py tomotopy "$tokens" "$out/topics.json" --seed "$seed" >> "$raw"
  models+=("tomotopy-2-workers/$seed=$out/topics.json")
done
echo "== hadith $SIZE, c_npmi of every model (gensim)" >&2
"$PY" benches/compare/topics.py coherence "$tokens" "${models[@]}" \
  | sed -E "s/^\{\"model\": \"([^/]*)\/([0-9]+)\"/{\"corpus\": \"hadith\", \"size\": \"$SIZE\", \"program\": \"\1\", \"round\": \2/" > "$scores"
"$PY" benches/compare/topics.py seeds "$raw" "$scores" benches/results
