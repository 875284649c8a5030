#!/usr/bin/env python3
"""Writes src/segment/lexicon-ar.txt.gz, the word list the clitic segmenter consults.

usage: python3 src/segment/make_lexicon.py           # download wordfreq, write the list
       python3 src/segment/make_lexicon.py --plain   # the list as `word<TAB>cB` lines

Source: the Arabic list of wordfreq 3.1.1 (Robyn Speer; data CC BY-SA 4.0, code Apache-2.0),
`wordfreq/data/large_ar.msgpack.gz` in its PyPI wheel: every word seen at least once per
10^8 words of Wikipedia, subtitles, news, web text and Twitter, in frequency bins of one
centibel. wordfreq cuts text at spaces and punctuation, so its words keep their clitics
(والعراق is a word of its own next to العراق): exactly what the segmenter needs to weigh a
word against its possible host.

Each word is cleaned as tahlil's segmenter sees it: NFKC, format characters, diacritics
and tatweel deleted, the alef forms أ إ آ ٱ folded to ا and Persian ک ی ھ to ك ي ه, while ة
and ى stay apart from ه and ي (they tell a noun's ending from an enclitic pronoun). Words
that are not made of Arabic letters alone are left out. Frequencies of words that become
the same are added; each word has cB = round(-100 log10(frequency)). Sorted by UTF-8
bytes, the words are written front-coded and gzipped (1.7 MB instead of 9.3 MB of plain
text): after a `#` header, one line per word, `shared<TAB>rest<TAB>cB`, where the word is
the first `shared` bytes of the word before it followed by `rest`. build.rs reads it;
`python3 src/segment/make_lexicon.py --plain` prints the plain `word<TAB>cB` list.

Needs Python 3 and pip (to download the wheel); nothing else.
"""
import gzip
import io
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

VERSION = "3.1.1"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "lexicon-ar.txt.gz")
HEADER = ("# tahlil's Arabic word list, from wordfreq {version} large_ar (CC BY-SA 4.0), made by "
          "src/segment/make_lexicon.py.\n# Front-coded, sorted by UTF-8 bytes: "
          "shared<TAB>rest<TAB>centibels; the word is the previous word's first `shared` bytes "
          "and `rest`.\n")

DELETE = re.compile("[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640"
                    "\u200B-\u200F\u061C\uFEFF\u202A-\u202E\u2066-\u2069]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ک": "ك", "ی": "ي", "ھ": "ه"})
LETTERS = re.compile("^[\u0621-\u063A\u0641-\u064A]+$")


def unpack(buf):
    """The subset of msgpack wordfreq's files use: arrays, maps, strings, small ints."""
    pos = 0

    def read():
        nonlocal pos
        b = buf[pos]
        pos += 1
        if b <= 0x7F:
            return b
        if 0x90 <= b <= 0x9F:
            return [read() for _ in range(b & 0x0F)]
        if 0x80 <= b <= 0x8F:
            return {read(): read() for _ in range(b & 0x0F)}
        if 0xA0 <= b <= 0xBF:
            return text(b & 0x1F)
        if b == 0xD9:
            n = buf[pos]; pos += 1
            return text(n)
        if b == 0xDA:
            n = int.from_bytes(buf[pos:pos + 2], "big"); pos += 2
            return text(n)
        if b == 0xDC:
            n = int.from_bytes(buf[pos:pos + 2], "big"); pos += 2
            return [read() for _ in range(n)]
        if b == 0xDD:
            n = int.from_bytes(buf[pos:pos + 4], "big"); pos += 4
            return [read() for _ in range(n)]
        if b == 0xDE:
            n = int.from_bytes(buf[pos:pos + 2], "big"); pos += 2
            return {read(): read() for _ in range(n)}
        raise ValueError(f"msgpack type 0x{b:02x} at byte {pos - 1} is not handled")

    def text(n):
        nonlocal pos
        s = buf[pos:pos + n].decode("utf-8")
        pos += n
        return s

    return read()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--dest", tmp, f"wordfreq=={VERSION}"], check=True)
        wheel = os.path.join(tmp, f"wordfreq-{VERSION}-py3-none-any.whl")
        with zipfile.ZipFile(wheel) as z:
            data = gzip.decompress(z.read("wordfreq/data/large_ar.msgpack.gz"))
    header, *bins = unpack(data)
    assert header == {"format": "cB", "version": 1}, header
    freq = {}
    for cb, words in enumerate(bins):
        for w in words:
            w = DELETE.sub("", unicodedata.normalize("NFKC", w)).translate(FOLD)
            if LETTERS.match(w):
                freq[w] = freq.get(w, 0.0) + 10 ** (-cb / 100)
    entries = [(w, round(-100 * math.log10(p))) for w, p in freq.items()]
    write(entries)
    print(f"{OUT}: {len(entries)} words from wordfreq {VERSION} large_ar")


def write(entries):
    """Writes (word, centibels) pairs to OUT, sorted, front-coded and gzipped (with no
    name or time in the gzip header, so the same list gives the same bytes)."""
    out = [HEADER.format(version=VERSION)]
    previous = ""
    for w, cb in sorted(entries, key=lambda e: e[0].encode("utf-8")):
        # Shared whole characters, counted in bytes.
        shared = os.path.commonprefix([previous, w])
        out.append(f"{len(shared.encode('utf-8'))}\t{w[len(shared):]}\t{cb}\n")
        previous = w
    with open(OUT, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as z:
            z.write("".join(out).encode("utf-8"))


def read(path=OUT):
    """The (word, centibels) pairs of a list written by `write`."""
    entries, previous = [], b""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            shared, rest, cb = line.rstrip("\n").split("\t")
            word = previous[:int(shared)] + rest.encode("utf-8")
            entries.append((word.decode("utf-8"), int(cb)))
            previous = word
    return entries


if __name__ == "__main__":
    if sys.argv[1:] == ["--plain"]:
        for w, cb in read():
            print(f"{w}\t{cb}")
    else:
        main()
