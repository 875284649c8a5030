"""normalize, tokenize and seeds: values worked out by hand (the same as the
command line's tests), and every error path with the parameter as Python names it."""

import doctest

import pytest

import tahlil

TEXT = "أعلن تنظيم الدولة في العراق، والقاعدة؟ و 2017"


def test_normalize_folds_and_strips_by_default():
    assert tahlil.normalize("أعلنَ تنظيمُ الدولــة\nفي عام ٢٠١٧ ISIS") == "اعلن تنظيم الدوله\nفي عام 2017 isis"


def test_each_rule_is_a_keyword():
    assert tahlil.normalize("أعلنَ", fold_alef=False) == "أعلن"
    assert tahlil.normalize("أعلنَ", strip_diacritics=False) == "اعلنَ"
    assert tahlil.normalize("٢٠١٧", fold_digits=False) == "٢٠١٧"
    assert tahlil.normalize("ISIS", lowercase=False) == "ISIS"


def test_tokenize_drops_clitics_short_words_and_stop_words():
    assert tahlil.tokenize(TEXT) == ["اعلن", "تنظيم", "الدوله", "العراق", "القاعده", "2017"]
    assert tahlil.tokenize(TEXT, clitics="none") == ["اعلن", "تنظيم", "الدوله", "العراق", "والقاعده", "2017"]
    assert tahlil.tokenize(TEXT, stem="light") == ["اعلن", "تنظيم", "دول", "عراق", "قاعد", "2017"]
    assert tahlil.tokenize(TEXT, stop_words=None, min_token_length=1) == [
        "اعلن", "تنظيم", "الدوله", "في", "العراق", "القاعده", "و", "2017",
    ]


def test_stop_words_can_be_any_iterable_of_words():
    words = tahlil.tokenize(TEXT, stop_words=("تنظيم", "العراق"))
    assert words == ["اعلن", "الدوله", "في", "القاعده", "2017"]
    # Written as in the text: the list is normalized as the words are.
    assert tahlil.tokenize("الدولة", stop_words=iter(["الدولة"])) == []


def test_seeds_are_the_five_articles():
    seeds = tahlil.seeds()
    assert [i for i, _ in seeds] == [
        "000_8f3d4c0966bd4c89",
        "001_4f56bcbfe1360681",
        "002_bdcee222e9551d32",
        "003_d15ce51793b59504",
        "004_13d98289a079afbf",
    ]
    assert all("داعش" in tahlil.normalize(text) for _, text in seeds[:1])


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"clitics": "x"}, ValueError, 'clitics: unknown clitics mode "x": use none, drop or split'),
        ({"clitics": 1}, TypeError, "clitics must be a str (none, drop, split), not int"),
        ({"stem": "porter"}, ValueError, 'stem: unknown stemmer "porter"'),
        ({"min_token_length": 0}, ValueError, "min_token_length must be at least 1"),
        ({"min_token_length": "2"}, TypeError, "min_token_length must be an int, not str"),
        ({"fold_alef": "no"}, TypeError, "fold_alef must be True or False, not str"),
        ({"stop_words": "english"}, ValueError, "stop_words \"english\": use 'arabic'"),
        ({"stop_words": 5}, TypeError, "stop_words must be 'arabic', None or a list of str, not int"),
        ({"colour": "red"}, TypeError, "tokenize() got an unexpected keyword argument 'colour'"),
    ],
)
def test_bad_options_raise_naming_the_keyword(options, error, message):
    with pytest.raises(error) as e:
        tahlil.tokenize("داعش", **options)
    assert message in str(e.value)


def test_normalize_takes_only_rules():
    with pytest.raises(TypeError, match="normalize\\(\\) got an unexpected keyword argument 'clitics'"):
        tahlil.normalize("داعش", clitics="none")
    with pytest.raises(TypeError):
        tahlil.normalize(b"bytes")


def test_the_module_examples_hold():
    failed, tried = doctest.testmod(tahlil)
    assert tried > 0 and failed == 0
