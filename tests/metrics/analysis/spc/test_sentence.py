import polars as pl

from metrics.analysis.spc.sentence import describe


def points(rule, side, n, point_type="concern", mean=1.0):
    labels = [f"M{i}" for i in range(10)]
    rules = [None] * (10 - n) + [rule] * n
    sides = [0] * (10 - n) + [side] * n
    return pl.DataFrame(
        {
            "label": labels,
            "mean": [mean] * 10,
            "rule": rules,
            "side": sides,
            "point_type": ["common cause"] * (10 - n) + [point_type] * n,
        }
    )


def test_each_rule_reads_as_a_sentence():
    assert (
        describe(points("shift", 1, 7), unit_word="months")
        == "Special cause concern: 7 consecutive months above the mean since M3."
    )
    assert (
        describe(points("trend", -1, 8, "improvement"), unit_word="quarters")
        == "Special cause improvement: 8 quarters in a row falling since M2."
    )
    assert (
        describe(points("outside limits", 1, 1), unit_word="months")
        == "Special cause concern: the latest point (M9) is beyond the upper process limit."
    )
    assert "two of the last three months are close to the lower process limit" in describe(
        points("two in three", -1, 2, "neutral"), unit_word="months"
    )


def test_counts_agree_with_their_unit():
    assert (
        describe(points("shift", -1, 1), unit_word="months")
        == "Special cause concern: the latest point (M9) is below the mean."
    )
    assert (
        describe(points("trend", 1, 1, "improvement"), unit_word="quarters")
        == "Special cause improvement: 1 quarter in a row rising since M9."
    )
    assert (
        describe(points("outside limits", 1, 2), unit_word="months")
        == "Special cause concern: 2 months in a row beyond the upper process limit since M8."
    )
