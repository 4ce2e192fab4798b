from metrics.analysis.statistics import significance
from metrics.core import formatting, registry


def test_values_read_as_people_write_them():
    assert formatting.value(registry.get("reviews_overdue_24m"), 1348.0) == "1,348"
    assert formatting.value(registry.get("reablement_91day"), 88.2) == "88.2%"
    assert formatting.value(registry.get("admissions_65_rate"), 567.2) == "567.2 per 100,000"
    assert formatting.value(registry.get("sickness_days_lost"), 11.3) == "11.3 days"
    assert formatting.value(registry.get("complaints_total"), None) == "not available"


def test_a_change_says_whether_it_is_an_improvement():
    assert formatting.change(registry.get("reviews_overdue_24m"), 414.0) == ("▲ 414", "worsening")
    assert formatting.change(registry.get("reablement_91day"), -1.5) == ("▼ 1.5 points", "worsening")
    assert formatting.change(registry.get("contacts_new"), 297.0) == ("▲ 297", "up")
    assert formatting.change(registry.get("admissions_permanent"), -12.0) == ("▼ 12", "improving")
    assert formatting.change(registry.get("admissions_permanent"), None) == ("", "")


def test_change_and_verdict_words_are_the_same_everywhere():
    overdue, reablement = registry.get("reviews_overdue_24m"), registry.get("reablement_91day")
    assert (
        formatting.change_words(overdue, delta=414.0, since="Jun 2022", demonstration=True)
        == "▲ 414 since Jun 2022 (demonstration): worsening"
    )
    assert formatting.change_words(overdue, delta=-5.0, since="May 2023") == "▼ 5 since May 2023: improving"
    better = significance.Verdict(significance.BETTER, "Wilson score interval, 95%")
    assert (
        formatting.verdict_words(reablement, name="England", figure=81.8, verdict=better)
        == "✔ significantly better than England (81.8%)"
    )
    same = significance.Verdict(significance.SIMILAR, "Wilson score interval, 95%")
    assert (
        formatting.verdict_words(reablement, name="England", figure=81.8, verdict=same)
        == "≈ similar to England (81.8%)"
    )
    untested = significance.Verdict(significance.NOT_TESTED, "a count on its own has no interval")
    assert (
        formatting.verdict_words(overdue, name="England", figure=1200, verdict=untested)
        == "– not tested against England (1,200)"
    )
    assert (
        formatting.method_words(method="a count on its own has no interval", tested=False)
        == "Not tested: a count on its own has no interval"
    )
    assert (
        formatting.method_words(method="Wilson score interval, 95%", tested=True)
        == "Tested with the Wilson score interval, 95%"
    )
