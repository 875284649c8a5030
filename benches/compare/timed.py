#!/usr/bin/env python3
"""Runs one command and prints one TSV row: its wall time and peak memory.

    timed.py CORPUS SIZE BYTES PROGRAM NGRAM ROUND COMMAND...

Wall time is measured around the child alone; peak RSS is the child's ru_maxrss
(getrusage RUSAGE_CHILDREN: this script's own children only, so the figure is the
command's). The command's standard output (its one summary line) goes in the last
column; a failing command stops the benchmark with its error.
"""
import os
import resource
import subprocess
import sys
import time


def main():
    corpus, size, nbytes, program, ngram, rnd = sys.argv[1:7]
    cmd = sys.argv[7:]
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit(f"timed.py: {program} failed (exit {proc.returncode}): {' '.join(cmd)}")
    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = (proc.stdout.strip() or proc.stderr.strip()).replace("\t", " ").replace("\n", " ")
    print("\t".join([corpus, size, nbytes, program, ngram, rnd, f"{wall:.4f}", str(rss_kb), out]))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
