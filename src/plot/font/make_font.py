#!/usr/bin/env python3
"""Build tahlil's embedded chart font: Noto Sans (Latin) + Noto Sans Arabic, subset and merged.

Why one merged font: plotters' ab_glyph backend draws a whole label with one font, and
labels mix Arabic and Latin ("داعش (TF-IDF)"). Why the presentation forms are kept:
ab_glyph does no shaping, so PNG labels are shaped ahead of time into the Arabic
presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF), which Noto Sans Arabic maps in its
cmap. The layout tables (GSUB/GPOS) stay so that a browser showing an SVG with this font
as @font-face shapes the logical text itself.

Sources: Debian's fonts-noto-core (20201225-1), OFL-1.1 (OFL.txt beside this script).
Run (fonttools 4.55.3):
    apt-get install fonts-noto-core
    python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools==4.55.3 brotli==1.2.1
    /tmp/fontvenv/bin/python src/plot/font/make_font.py
"""
import os
import tempfile

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

NOTO = "/usr/share/fonts/truetype/noto"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tahlil-sans.ttf")
# The same font compressed for SVG files, which carry it as a data URL (WOFF2 is about
# a third of the TTF: every SVG chart is that much smaller).
OUT_WOFF2 = os.path.join(HERE, "tahlil-sans.woff2")


# 2020-12-25 (the fonts-noto-core release), in seconds since 1904-01-01 as 'head' counts.
FIXED_TIME = 3691612800


def ranges(*pairs):
    return [c for lo, hi in pairs for c in range(lo, hi + 1)]


LATIN = ranges(
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: «», ×, ·, °
    (0x02B0, 0x02FF),  # spacing modifier letters: ˢ in "C / rˢ"
    (0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis
    (0x2030, 0x203A),  # per mille, primes, single guillemets
    (0x2070, 0x209F),  # superscripts and subscripts (axis exponents)
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x2264, 0x2265),  # ≤ ≥
)
ARABIC = ranges(
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
    (0x200C, 0x200F),  # ZWNJ, ZWJ, LRM, RLM
)


def subset_font(path, unicodes, out):
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False  # hinting tables of two fonts cannot be merged
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    font = subset.load_font(path, options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    font.save(out)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        latin = os.path.join(tmp, "latin.ttf")
        arabic = os.path.join(tmp, "arabic.ttf")
        subset_font(os.path.join(NOTO, "NotoSans-Regular.ttf"), LATIN, latin)
        subset_font(os.path.join(NOTO, "NotoSansArabic-Regular.ttf"), ARABIC, arabic)
        # The first font wins where both map a code point: Latin from Noto Sans.
        merged = Merger().merge([latin, arabic])
        name = merged["name"]
        for record in list(name.names):
            if record.nameID in (1, 4, 16):
                record.string = "Tahlil Sans"
            elif record.nameID == 6:
                record.string = "TahlilSans-Regular"
        # A fixed timestamp, so that running this script again gives the same bytes.
        merged.recalcTimestamp = False
        merged["head"].created = merged["head"].modified = FIXED_TIME
        merged.save(OUT)
    woff2 = TTFont(OUT, recalcTimestamp=False)
    woff2.flavor = "woff2"
    woff2.save(OUT_WOFF2)
    font = TTFont(OUT)
    cmap = font.getBestCmap()
    forms = sum(1 for c in cmap if 0xFB50 <= c <= 0xFDFF or 0xFE70 <= c <= 0xFEFF)
    print(f"{OUT}: {os.path.getsize(OUT)} bytes, {len(cmap)} code points, "
          f"{forms} presentation forms; {OUT_WOFF2}: {os.path.getsize(OUT_WOFF2)} bytes")


if __name__ == "__main__":
    main()
