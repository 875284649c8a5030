#!/usr/bin/env bash
# Executes every notebook headless under Jupyter, with the Rust kernel evcxr (or, for a
# Python notebook, ipykernel with the package in python/), and writes the outputs back
# into the notebooks (tidied by notebooks/tidy.py); fails if a cell
# errors, naming the notebook, the cell and the error.
#
#   notebooks/run.sh                      # every notebooks/*.ipynb
#   notebooks/run.sh notebooks/02-*.ipynb # some of them
#
# Needs only the Rust toolchain and Python 3. On first use it installs, all under
# target/notebooks/ (nothing in your home directory):
#   - evcxr_jupyter, pinned, with `cargo install` (about 12 minutes on 2 cores);
#   - Jupyter's nbconvert and the Python kernel with pandas and SciPy, pinned in
#     notebooks/requirements.txt, into a virtual environment (pip), and tahlil's Python
#     package (python/, built with cargo);
#   - the kernel spec, into that environment.
# Later runs reuse them. The notebooks share one evcxr build directory with this
# repository's Cargo.lock, so tahlil and its dependencies compile once (a minute or
# two) and every notebook builds against the versions the tests use.
set -euo pipefail
cd "$(dirname "$0")/.."

EVCXR_VERSION=0.22.0
WORK=target/notebooks
VENV="$WORK/venv"
TOOLS="$WORK/tools"
BUILD="$WORK/evcxr"
# On some machines (this project's CI among them) /dev/null is a regular file: what one
# program "discards" there, the next one reading it gets back. cargo's probe of rustc
# (`rustc - --print=...`) reads its input from /dev/null, so after a build script has
# discarded a compiler error there, the probe fails ("failed to run `rustc` to learn
# about target-specific information") on that text, and cargo caches the failure in the
# build directory. clear_null empties such a file right before cargo probes; on a real
# /dev/null it does nothing.
clear_null() {
  if [ -f /dev/null ] && [ -w /dev/null ]; then : > /dev/null; fi
}
case "${1:-}" in
  -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
if [ $# -gt 0 ]; then notebooks=("$@"); else notebooks=(notebooks/*.ipynb); fi
for nb in "${notebooks[@]}"; do
  [ -f "$nb" ] || { echo "run.sh: no notebook $nb" >&2; exit 2; }
done
start=$(date +%s)

echo "== setting up: evcxr_jupyter $EVCXR_VERSION in $TOOLS, Jupyter in $VENV" >&2
# A no-op when this version is already installed there.
clear_null
cargo install --quiet --locked --root "$TOOLS" --version "$EVCXR_VERSION" evcxr_jupyter
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r notebooks/requirements.txt
# The Python notebooks' tahlil: the package in python/, built with maturin (cargo).
clear_null
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check ./python
# The kernel spec goes into the environment's share/jupyter, which its Jupyter searches.
JUPYTER_PATH="$VENV/share/jupyter" "$TOOLS/bin/evcxr_jupyter" --install > "$WORK/install.log"
mkdir -p "$BUILD"
cp Cargo.lock "$BUILD/Cargo.lock"

OUT="$WORK/out"
mkdir -p "$OUT"
# The kernel's cargo probes rustc when the build directory has no cached probe: the cache
# a good probe leaves is kept for the next notebooks. Should a probe still fail (see
# clear_null), the cache is cleared and the notebook tried again; any other failure
# stops at once.
PROBE="to learn about target-specific information"
TRIES=3
for nb in "${notebooks[@]}"; do
  executed="$OUT/$(basename "$nb")"
  t=$(date +%s)
  # rust (evcxr) or python3 (ipykernel, in $VENV), as the notebook's kernelspec says.
  kernel=$("$VENV/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["metadata"]["kernelspec"]["name"])' "$nb")
  for attempt in $(seq "$TRIES"); do
    if [ "$attempt" = 1 ]; then echo "== executing $nb" >&2; else echo "== executing $nb (attempt $attempt)" >&2; fi
    rm -f "$executed"
    clear_null
    # Executed into $OUT, errors kept in the output (--allow-errors) so that tidy.py
    # can name the failing cell and its message; the notebook itself is replaced only
    # when every cell ran. record_timing off: outputs change only when results do.
    if EVCXR_TMPDIR="$PWD/$BUILD" JUPYTER_PATH="$VENV/share/jupyter" \
      "$VENV/bin/jupyter" nbconvert --to notebook --execute --allow-errors \
      --output-dir "$OUT" \
      --ExecutePreprocessor.kernel_name="$kernel" \
      --ExecutePreprocessor.timeout=1800 \
      --ExecutePreprocessor.record_timing=False \
      "$nb" > "$OUT/nbconvert.log" 2>&1; then
      "$VENV/bin/python" notebooks/tidy.py "$executed" "$nb" && break
      grep -q "$PROBE" "$executed" || exit 1
    elif ! grep -q "$PROBE" "$OUT/nbconvert.log"; then
      tail -n 20 "$OUT/nbconvert.log" >&2
      echo "run.sh: Jupyter failed on $nb (whole log: $OUT/nbconvert.log)" >&2
      exit 1
    fi
    if [ "$attempt" = "$TRIES" ]; then
      echo "run.sh: $nb: cargo's probe of rustc failed $TRIES times (log: $OUT/nbconvert.log)" >&2
      exit 1
    fi
    echo "run.sh: cargo's probe of rustc failed; trying $nb again" >&2
    rm -f "$BUILD/target/.rustc_info.json"
  done
  echo "== $nb: $(( $(date +%s) - t )) s" >&2
done
echo "== ${#notebooks[@]} notebooks executed in $(( $(date +%s) - start )) s" >&2
