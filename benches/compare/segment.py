#!/usr/bin/env python3
"""A pure-Python port of tahlil's clitic segmenter (src/segment/mod.rs), for the benchmark.

    from segment import Segmenter
    s = Segmenter()
    s.segment("والعراق")    # ('و', 'العراق', '')
    s.segment("سلسلته")     # ('', 'سلسلة', 'ه')
    s.host("للسلطة")        # 'السلطة'

`benches/compare/sklearn_vectorize.py same-job ... --clitics drop` uses it so that
scikit-learn does the job of `tahlil vectorize --clitics drop`. It decides exactly as the
Rust code does: the same candidates, layers (conjunction, then preposition, then enclitic
pronoun), constants, pruning and floating-point operations in the same order (Python floats
are f64 and math.log is the C library's log, as Rust's f64::ln). The word list is
src/segment/lexicon-ar.txt.gz (words with their centibels, share = 10^(-cB/100)) in a dict; the
Rust table's hash lookup of a host's parts is a lookup of their concatenation.

A word is read as written: after NFKC and the deletion of diacritics, tatweel and format
characters, before the letter folds (a written ة or ى is no pronoun's ه or ي). A word not
made of Arabic letters only, or shorter than 3 or longer than 40 letters, stays whole.

    segment.py [WORD...]    # prints `proclitics host enclitic` as tahlil's split tokens
                            # (`و+ العراق`), one word per line; stdin if no WORD
"""
import math
import os
import sys

SEGMENT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "segment")
LEXICON = os.path.join(SEGMENT_DIR, "lexicon-ar.txt.gz")

# Frequency of a word the list does not have.
UNSEEN = 0.0

# Letters compared often.
WAW, FEH, BEH, LAM, KAF, SEEN = "\u0648", "\u0641", "\u0628", "\u0644", "\u0643", "\u0633"
YEH, TEH, NOON, ALEF = "\u064A", "\u062A", "\u0646", "\u0627"
ARTICLE = "\u0627\u0644"  # ال

# How often each clitic attaches to a word that can take it (mod.rs, same order).
CONJUNCTIONS = ((WAW, 0.05), (FEH, 0.005))
PREPOSITIONS = ((BEH, 0.03), (LAM, 0.03), (KAF, 0.001), (SEEN, 0.003))
ENCLITICS = (
    ("ه", 0.03),
    ("ها", 0.02),
    ("هم", 0.008),
    ("هما", 0.0005),
    ("هن", 0.0003),
    ("كم", 0.0015),
    ("كما", 0.0002),
    ("كن", 0.0002),
    ("ك", 0.005),
    ("ي", 0.0002),
    ("نا", 0.004),
    ("ني", 0.001),
)
# Forms `X + word` that prove a word is not conjunction + host.
BEFORE_CONJUNCTION = ("و", "ف", "ب", "ل", "ك", "ال")
# Forms `X + word` that prove a word is not preposition + host.
BEFORE_PREPOSITION = ("ب", "ل", "ك", "ال")
# The same after ل, for a word beginning with ل (ل + ال: no evidence either way).
BEFORE_PREPOSITION_LAM = ("ب", "ك", "ال")
# Forms `word + Y` that prove a word does not end in an enclitic.
AFTER_ENCLITIC = ("ة", "ات", "ين", "ون", "ان", "ه", "ها", "هم", "ي", "نا", "كم", "ية", "يه",
                  "يا", "ى")
# Words that look like clitic + word but are one word.
WHOLE_WORDS = frozenset((
    "بعد", "بعض", "بل", "بلى", "بين", "سوف", "سوى", "فقط", "فوق", "فيما", "كاد", "كادت",
    "كان", "كانت", "كانوا", "كذا", "كذلك", "كلا", "كلما", "كما", "كي", "كيف", "لدى", "لعل",
    "لكن", "لكي", "لم", "لما", "لن", "لو", "لولا", "ليس", "ليست", "والي",
))

LAMBDA = 0.5
SPLIT_CONJUNCTION = 0.0
SPLIT_PREPOSITION = -2.0
SPLIT_ENCLITIC = -1.0
ARTICLE_BONUS = 3.0
EPSILON = 1e-3
FLOOR = 1e-10
MAX_LETTERS = 40

# The letters the segmenter reads: ء..غ, ف..ي, and ٱ ک ھ ی, which fold in the key.
KEY_FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ک": "ك", "ی": "ي", "ھ": "ه"}
KEY_TABLE = str.maketrans(KEY_FOLDS)
FOLDING = frozenset(KEY_FOLDS)
LETTERS = frozenset(chr(u) for u in range(0x0621, 0x063B)) | frozenset(
    chr(u) for u in range(0x0641, 0x064B)) | FOLDING

# Host endings restored before an enclitic.
AS_WRITTEN, TEH_MARBUTA, ALEF_MAKSURA, HAMZA, PLURAL_ALEF = range(5)
ENDING_LETTER = {TEH_MARBUTA: "ة", ALEF_MAKSURA: "ى", HAMZA: "ء"}
# Every enclitic ends in one of these.
ENCLITIC_LAST = frozenset("ها" "م" "ن" "ك" "ي")


def load_lexicon(path=LEXICON):
    """word → share of all words, from the list make_lexicon.py writes (and reads)."""
    sys.path.insert(0, SEGMENT_DIR)
    from make_lexicon import read

    shares = {}
    table = [10.0 ** (-cb / 100.0) for cb in range(1201)]
    for word, cb in read(path):
        # The Rust table keeps 0..=1200 cB; anything above reads as unseen.
        shares[word] = table[cb] if cb <= 1200 else UNSEEN
    return shares


# A host is a tuple (article, stem, ending): the alef of ل + ال restored in front, the
# letters of the word that stay, and the ending restored before an enclitic.

def host_word(host):
    """The host as the word list spells it (Host::parts, concatenated; Host::written)."""
    article, stem, ending = host
    prefix = ALEF if article else ""
    if ending == AS_WRITTEN:
        return prefix + stem
    if ending == PLURAL_ALEF:
        return prefix + stem + ALEF
    return prefix + stem[:-1] + ENDING_LETTER[ending]


def host_letters(host):
    article, stem, ending = host
    return len(stem) + (1 if article or ending == PLURAL_ALEF else 0)


def starts_with_article(host):
    """Whether the host is ال + a word of at least two letters."""
    if host_letters(host) < 4:
        return False
    article, stem, _ = host
    return stem[:1] == LAM if article else stem.startswith(ARTICLE)


def endings(stem):
    """The endings a host written `stem` may have had before an enclitic."""
    last = stem[-1:]
    out = [AS_WRITTEN]
    if last == TEH:
        out.append(TEH_MARBUTA)
    if last == ALEF:
        out.append(ALEF_MAKSURA)
    if last in ("ئ", "ؤ"):
        out.append(HAMZA)
    if last == WAW:
        out.append(PLURAL_ALEF)
    return out


def explains(expected, actual):
    """log(expected / actual): how well a clitic reading explains the word."""
    return math.log(expected / max(actual, FLOOR))


def penalty(against, actual):
    """−λ log(evidence against / actual + ε)."""
    return -LAMBDA * math.log(against / max(actual, FLOOR) + EPSILON)


class Choice:
    """One layer's best reading so far, against the score a reading must beat."""
    __slots__ = ("threshold", "score", "reading")

    def __init__(self, threshold):
        self.threshold = threshold
        self.score = None
        self.reading = None

    def offer(self, explained, penalty_fn, reading_fn):
        floor = self.threshold if self.score is None else max(self.score, self.threshold)
        # The penalty adds at most −λ log ε: look its evidence up only if it could win.
        if explained - LAMBDA * math.log(EPSILON) <= floor:
            return
        score = explained + penalty_fn()
        if score > floor:
            self.score = score
            self.reading = reading_fn()

    def best(self):
        """The reading with the highest score above the threshold (the first on ties)."""
        return self.reading if self.score is not None else None


class Prep:
    """The preposition layer of a word, with what was found below it on the way."""
    __slots__ = ("layer", "enc", "actual")

    def __init__(self, layer, enc, actual):
        self.layer = layer    # (letters, rest host, share)
        self.enc = enc        # the enclitic layer of layer's rest, if worked out
        self.actual = actual  # the word's own share, if looked up


class Segmenter:
    """Finds the host and clitics of Arabic words, as tahlil's Segmenter."""

    def __init__(self, lexicon=None):
        self.lexicon = load_lexicon() if lexicon is None else lexicon

    def share(self, word):
        return self.lexicon.get(word, UNSEEN)

    def host(self, word):
        """The word's host (what `--clitics drop` keeps)."""
        return self.segment(word)[1]

    def segment(self, word):
        """(proclitics, host, enclitic) of one written word."""
        whole = ("", word, "")
        n = len(word)
        if not 3 <= n <= MAX_LETTERS:
            return whole
        folds = False
        for c in word:
            if c not in LETTERS:
                return whole
            if c in FOLDING:
                folds = True
        key = word.translate(KEY_TABLE) if folds else word
        if key in WHOLE_WORDS:
            return whole
        conj, prep = self._conjunction(key)
        if prep is None:
            prep = self._preposition(key)
        enc = prep.enc
        if enc is None:
            enc = self._enclitic(prep.layer[1], prep.actual, False)[0]
        layer = prep.layer
        if conj == 0 and layer[0] == 0 and enc[0] == 0:
            return whole
        pro = conj + layer[0]
        end = n - enc[0]
        host = (layer[1][0], word[pro:end], enc[1][2])
        return word[:pro], host_word(host), word[end:]

    def _conjunction(self, key):
        """How many letters of conjunction `key` begins with (0 or 1) and, when it is
        1, the layers below it as they were found on the way."""
        evidence = None
        choice = Choice(SPLIT_CONJUNCTION)
        first = key[:1]
        for c, rate in CONJUNCTIONS:
            if first != c:
                continue
            rest = key[1:]
            if len(rest) < 2:
                continue
            prep = self._preposition(rest)
            if prep.layer[0] > 0:
                if prep.actual is None:
                    prep.actual = self.share(rest)
                share = max(prep.layer[2], prep.actual)
            else:
                enc, explained = self._enclitic(prep.layer[1], prep.actual, True)
                prep.enc = enc
                prep.actual = explained[1]
                share = explained[0]
            if share == UNSEEN:
                continue
            if evidence is None:
                evidence = self.share(key)
            s = explains(share * rate, evidence)
            if starts_with_article(prep.layer[1]):
                s += ARTICLE_BONUS
            choice.offer(
                s,
                lambda: penalty(self._against_before(key, BEFORE_CONJUNCTION), evidence),
                lambda: prep,
            )
        best = choice.best()
        return (1, best) if best is not None else (0, None)

    def _preposition(self, key):
        """The preposition (or future particle) `key` begins with, if any."""
        actual = None
        against = None
        choice = Choice(SPLIT_PREPOSITION)
        first = key[:1]
        for p, rate in PREPOSITIONS:
            if first != p:
                continue
            stem = key[1:]
            # ل + ال is written لل: read the article back if that host exists.
            article = p == LAM and stem[:1] == LAM and self.share(ALEF + stem) > UNSEEN
            rest = (article, stem, AS_WRITTEN)
            letters = host_letters(rest)
            if letters < 2:
                continue
            if p == SEEN and (letters < 3 or stem[:1] not in (YEH, TEH, NOON, ALEF)
                              or stem.startswith(ARTICLE)):
                continue
            enc, (share, _) = self._enclitic(rest, None, True)
            if share == UNSEEN:
                continue
            if actual is None:
                actual = self.share(key)
            s = explains(share * rate, actual)
            if starts_with_article(rest):
                s += ARTICLE_BONUS

            def penalty_fn():
                nonlocal against
                if against is None:
                    before = BEFORE_PREPOSITION_LAM if first == LAM else BEFORE_PREPOSITION
                    against = self._against_before(key, before)
                return penalty(against, actual)

            choice.offer(s, penalty_fn, lambda: ((1, rest, share * rate), enc))
        best = choice.best()
        if best is not None:
            layer, enc = best
            return Prep(layer, enc, actual)
        whole = (False, key, AS_WRITTEN)
        return Prep((0, whole, UNSEEN if actual is None else actual), None, actual)

    def _enclitic(self, rest, actual, explain):
        """The enclitic `rest` ends with, if any, and the host it leaves: (layer,
        (the share that best explains `rest`, its own share)); the shares only with
        `explain`. `actual` is `rest`'s own share if known."""
        choice = Choice(SPLIT_ENCLITIC)
        article, key, _ = rest
        last = key[-1:]
        # The article and an enclitic never go together.
        if not article and last in ENCLITIC_LAST:
            against = None
            for e, rate in ENCLITICS:
                if e[-1] != last or not key.endswith(e):
                    continue
                stem = key[:len(key) - len(e)]
                if len(stem) < 2 or stem.startswith(ARTICLE):
                    continue
                for ending in endings(stem):
                    host = (False, stem, ending)
                    share = self.share(host_word(host))
                    if share == UNSEEN:
                        continue
                    if actual is None:
                        actual = self.share(key)

                    def penalty_fn():
                        nonlocal against
                        if against is None:
                            against = self._against_after(key) + self.share(ARTICLE + key)
                        return penalty(against, actual)

                    choice.offer(explains(share * rate, actual), penalty_fn,
                                 lambda: (len(e), host, share * rate))
        if explain:
            if actual is None:
                actual = self.share(host_word(rest))
        elif actual is None:
            actual = UNSEEN
        layer = choice.best()
        if layer is not None:
            return layer, (max(layer[2], actual), actual)
        return (0, rest, actual), (actual, actual)

    def _against_before(self, key, before):
        total = 0.0
        for x in before:
            total += self.share(x + key)
        return total

    def _against_after(self, key):
        total = 0.0
        for y in AFTER_ENCLITIC:
            total += self.share(key + y)
        return total


def split_tokens(segmentation):
    """The tokens of tahlil's `split` scheme: `و+`, `ب+`, the host, `+ها`."""
    proclitics, host, enclitic = segmentation
    out = [c + "+" for c in proclitics]
    out.append(host)
    if enclitic:
        out.append("+" + enclitic)
    return out


def main():
    s = Segmenter()
    words = sys.argv[1:] or (line.strip() for line in sys.stdin)
    out = sys.stdout
    for w in words:
        out.write(" ".join(split_tokens(s.segment(w))) + "\n")


if __name__ == "__main__":
    main()
