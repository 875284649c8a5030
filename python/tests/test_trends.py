"""tahlil.trends: terms per period from Python, the same numbers as `tahlil trends`."""
import csv
import datetime
import os

import pytest

import tahlil

pandas = pytest.importorskip("pandas")

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def seeds_with_dates():
    with open(os.path.join(ROOT, "seeds", "metadata.csv"), encoding="utf-8") as f:
        meta = {row["id"]: row for row in csv.DictReader(f)}
    ids, texts = zip(*tahlil.seeds())
    return list(texts), list(ids), [meta[i]["date"] for i in ids], [meta[i]["cites"] for i in ids]


def test_the_seeds_by_year_as_the_command_line_counts_them():
    texts, ids, dates, _ = seeds_with_dates()
    df = tahlil.trends(texts, dates, ["داعش", "القاعدة"], by="year", ids=ids)
    assert list(df.columns) == ["period", "term", "count", "documents", "tokens", "per_10k"]
    # The README's `tahlil trends داعش القاعدة --by year`.
    assert df.values.tolist() == [
        ["2017", "داعش", 56, 3, 1579, 354.65484483850537],
        ["2018", "داعش", 35, 2, 666, 525.5255255255255],
        ["2017", "القاعدة", 38, 3, 1579, 240.65864471184292],
        ["2018", "القاعدة", 23, 2, 666, 345.3453453453453],
    ]


def test_months_without_documents_are_zeros_and_groups_add_a_column():
    texts = ["داعش في العراق", "القاعدة وداعش", "داعش داعش سوريا"]
    dates = [datetime.date(2017, 11, 3), "2017-11-20T10:00:00Z", pandas.Timestamp("2018-01-02")]
    df = tahlil.trends(texts, dates, "داعش", groups=["x", "y", "x"])
    assert df.values.tolist() == [
        ["2017-11", "x", "داعش", 1, 1, 2, 5000.0],
        ["2017-12", "x", "داعش", 0, 0, 0, 0.0],
        ["2018-01", "x", "داعش", 2, 1, 3, 20000.0 / 3],
        ["2017-11", "y", "داعش", 1, 1, 2, 5000.0],
        ["2017-12", "y", "داعش", 0, 0, 0, 0.0],
        ["2018-01", "y", "داعش", 0, 0, 0, 0.0],
    ]
    week = tahlil.trends(texts, dates, ["داعش"], by="week")
    assert week["period"].iloc[0] == "2017-W44"


def test_top_follows_the_terms_that_change_most():
    # A term that rises month by month against steady filler.
    texts, dates = [], []
    for m in range(1, 7):
        for _ in range(5):
            texts.append(" ".join(["سوريا العراق الجيش"] * 5 + ["صعود"] * m))
            dates.append(f"2017-{m:02d}-10")
    df = tahlil.trends(texts, dates, top=1, n_jobs=2)
    assert set(df["term"]) == {"صعود"}
    assert df["count"].tolist() == [5 * m for m in range(1, 7)]
    assert df.equals(tahlil.trends(texts, dates, top=1, n_jobs=1))


def test_errors_name_the_parameter():
    texts = ["داعش", "القاعدة"]
    with pytest.raises(ValueError, match=r"trends\(\): dates\[1\]: \"22/04/2017\" is not an ISO 8601 date"):
        tahlil.trends(texts, ["2017-04-22", "22/04/2017"], ["داعش"])
    with pytest.raises(ValueError, match="1 dates for 2 documents"):
        tahlil.trends(texts, ["2017"], ["داعش"])
    with pytest.raises(ValueError, match="give terms"):
        tahlil.trends(texts, ["2017", "2018"])
    with pytest.raises(ValueError, match=r"trends\(\): by: unknown period \"fortnight\""):
        tahlil.trends(texts, ["2017", "2018"], ["داعش"], by="fortnight")
    with pytest.raises(ValueError, match="the date 2017 has no month"):
        tahlil.trends(texts, ["2017", "2018"], ["داعش"], by="month")
    with pytest.raises(TypeError, match=r"dates\[0\] is int"):
        tahlil.trends(texts, [2017, 2018], ["داعش"])


def test_plot_trends_names_the_periods_on_the_x_axis():
    texts, ids, dates, cites = seeds_with_dates()
    df = tahlil.trends(texts, dates, ["داعش", "القاعدة"], by="quarter", groups=cites, ids=ids)
    chart = tahlil.plot.trends(df)
    svg = chart._repr_svg_()
    for label in ["2017-Q2", "2017-Q3", "2018-Q1", "per 10,000 words"]:
        assert label in svg
    assert chart._repr_png_().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="no column 'period'"):
        tahlil.plot.trends(df.drop(columns="period"))
