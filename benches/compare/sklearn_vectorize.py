#!/usr/bin/env python3
"""scikit-learn's TfidfVectorizer on a one-document-per-line corpus, for timing.

    sklearn_vectorize.py same-job CORPUS NGRAM_MAX STOPWORDS_FILE
        The job `tahlil vectorize --lines` does: a Python preprocessor applying
        tahlil's normalization rules (NFKC, deletions, folds, lowercase), tokens
        of 2+ letters/digits, tahlil's stop-word list (normalized the same way).
    sklearn_vectorize.py tokens TOKENS_FILE NGRAM_MAX
        Handed tahlil's already normalized and filtered words (`tahlil tokens`),
        split on spaces.

Prints documents, terms and non-zeros; the caller times the whole process.
"""
import sys
import unicodedata

from sklearn.feature_extraction.text import TfidfVectorizer

TABLE = {}
for lo, hi in [(0x200B, 0x200F), (0x061C, 0x061C), (0xFEFF, 0xFEFF), (0x202A, 0x202E),
               (0x2066, 0x2069), (0x064B, 0x065F), (0x0670, 0x0670), (0x0610, 0x061A),
               (0x06D6, 0x06ED), (0x0640, 0x0640)]:
    for c in range(lo, hi + 1):
        TABLE[c] = None
for c in (0x0623, 0x0625, 0x0622, 0x0671):
    TABLE[c] = "\u0627"
TABLE[0x0649] = "\u064A"
TABLE[0x0629] = "\u0647"
for i in range(10):
    TABLE[0x0660 + i] = str(i)
    TABLE[0x06F0 + i] = str(i)
TABLE.update({0x06A9: "\u0643", 0x06CC: "\u064A", 0x06BE: "\u0647"})


def normalize(text):
    return unicodedata.normalize("NFKC", text).translate(TABLE).lower()


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f if line.strip()]


def main():
    mode = sys.argv[1]
    if mode == "same-job":
        corpus, ngram_max, stop_file = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        with open(stop_file, encoding="utf-8") as f:
            stop = sorted({normalize(w.strip()) for w in f if w.strip() and not w.startswith("#")})
        vec = TfidfVectorizer(preprocessor=normalize, lowercase=False, token_pattern=r"(?u)[^\W_][^\W_]+",
                              stop_words=stop, ngram_range=(1, ngram_max))
        docs = read_lines(corpus)
    elif mode == "tokens":
        tokens_file, ngram_max = sys.argv[2], int(sys.argv[3])
        if ngram_max == 1:
            vec = TfidfVectorizer(analyzer=str.split)
        else:
            vec = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False,
                                  preprocessor=None, ngram_range=(1, ngram_max))
        with open(tokens_file, encoding="utf-8") as f:
            docs = f.read().split("\n")[:-1]
    else:
        sys.exit(f"unknown mode {mode}")
    x = vec.fit_transform(docs)
    print(f"{x.shape[0]} documents, {x.shape[1]} terms, {x.nnz} non-zeros")


if __name__ == "__main__":
    main()
