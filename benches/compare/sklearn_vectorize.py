#!/usr/bin/env python3
"""scikit-learn's TfidfVectorizer on a one-document-per-line corpus, for timing.

    sklearn_vectorize.py same-job CORPUS NGRAM_MAX STOPWORDS_FILE [--clitics none|drop]
        The job `tahlil vectorize --lines [--clitics drop]` does.
        --clitics none (the default): a Python preprocessor applying tahlil's
        normalization rules (NFKC, deletions, folds, lowercase), tokens of 2+
        letters/digits (token_pattern `(?u)[^\\W_][^\\W_]+`), tahlil's stop-word list
        (normalized the same way), scikit-learn's own word n-grams.
        --clitics drop: a Python analyzer doing what tahlil's pipeline does with
        `--clitics drop`, in its order: clean the text (NFKC, deletions, lowercase,
        no letter folds), take the same tokens, replace each by its host with
        segment.py (a port of tahlil's clitic segmenter, which reads ة and ى
        unfolded; one call per distinct token, remembered in a dict), fold it (alef,
        alef maksura, teh marbuta, digits, Persian letters), drop stop words and
        words under 2 letters, then form word n-grams as scikit-learn's
        `_word_ngrams` does (after stop-word removal).
    sklearn_vectorize.py tokens TOKENS_FILE NGRAM_MAX
        Handed tahlil's already normalized and filtered words (`tahlil tokens`),
        split on spaces.

Prints documents, terms and non-zeros; the caller times the whole process.
"""
import re
import sys
import unicodedata

from sklearn.feature_extraction.text import TfidfVectorizer

# Deleted: format characters, diacritics, tatweel.
CLEAN = {}
for lo, hi in [(0x200B, 0x200F), (0x061C, 0x061C), (0xFEFF, 0xFEFF), (0x202A, 0x202E),
               (0x2066, 0x2069), (0x064B, 0x065F), (0x0670, 0x0670), (0x0610, 0x061A),
               (0x06D6, 0x06ED), (0x0640, 0x0640)]:
    for c in range(lo, hi + 1):
        CLEAN[c] = None
# Folded: alef forms, alef maksura, teh marbuta, digits, Persian letters.
FOLD = {}
for c in (0x0623, 0x0625, 0x0622, 0x0671):
    FOLD[c] = "\u0627"
FOLD[0x0649] = "\u064A"
FOLD[0x0629] = "\u0647"
for i in range(10):
    FOLD[0x0660 + i] = str(i)
    FOLD[0x06F0 + i] = str(i)
FOLD.update({0x06A9: "\u0643", 0x06CC: "\u064A", 0x06BE: "\u0647"})
TABLE = {**CLEAN, **FOLD}

TOKEN_PATTERN = r"(?u)[^\W_][^\W_]+"
MIN_TOKEN_LENGTH = 2


def normalize(text):
    return unicodedata.normalize("NFKC", text).translate(TABLE).lower()


def clean(text):
    """tahlil's normalization without the folds: words as they are written."""
    return unicodedata.normalize("NFKC", text).translate(CLEAN).lower()


def clitics_drop_analyzer(stop, ngram_max):
    """A document's terms as `tahlil vectorize --clitics drop` makes them."""
    from segment import Segmenter

    host = Segmenter().host
    stop = frozenset(stop)
    find_tokens = re.compile(TOKEN_PATTERN).findall
    # Cleaned token → its word (host, folded), or None if filtered out.
    words_of = {}

    def word(token):
        w = host(token).translate(FOLD)
        return w if len(w) >= MIN_TOKEN_LENGTH and w not in stop else None

    def analyze(doc):
        words = []
        for token in find_tokens(clean(doc)):
            try:
                w = words_of[token]
            except KeyError:
                w = words_of[token] = word(token)
            if w is not None:
                words.append(w)
        if ngram_max == 1:
            return words
        # scikit-learn's _word_ngrams with min_n = 1.
        terms = list(words)
        for n in range(2, min(ngram_max, len(words)) + 1):
            terms.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        return terms

    return analyze


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f if line.strip()]


def same_job_args(args):
    """CORPUS NGRAM_MAX STOPWORDS_FILE [--clitics none|drop]."""
    usage = "usage: sklearn_vectorize.py same-job CORPUS NGRAM_MAX STOPWORDS_FILE [--clitics none|drop]"
    clitics, rest, i = "none", [], 0
    while i < len(args):
        a = args[i]
        if a == "--clitics" and i + 1 < len(args):
            clitics, i = args[i + 1], i + 2
            continue
        if a.startswith("--clitics="):
            clitics = a.split("=", 1)[1]
        elif a.startswith("-"):
            sys.exit(f"unknown option {a}\n{usage}")
        else:
            rest.append(a)
        i += 1
    if len(rest) != 3 or clitics not in ("none", "drop"):
        sys.exit(usage)
    return rest[0], int(rest[1]), rest[2], clitics


def main():
    mode = sys.argv[1]
    if mode == "same-job":
        corpus, ngram_max, stop_file, clitics = same_job_args(sys.argv[2:])
        with open(stop_file, encoding="utf-8") as f:
            stop = sorted({normalize(w.strip()) for w in f if w.strip() and not w.startswith("#")})
        if clitics == "drop":
            vec = TfidfVectorizer(analyzer=clitics_drop_analyzer(stop, ngram_max))
        else:
            vec = TfidfVectorizer(preprocessor=normalize, lowercase=False, token_pattern=TOKEN_PATTERN,
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
