from datetime import date

from metrics.figures import since
from metrics.storage.store import DataStore, values_path
from tests.conftest import HOME, value_row, values_frame


def test_new_figures_are_those_for_periods_after_the_meeting(data_dir):
    found = since.changes(store=DataStore(data_dir), area_code=HOME, meeting=date(2023, 3, 31))
    figures = [c for c in found if c.kind == since.NEW_FIGURE]
    assert [(c.indicator_id, c.period_label) for c in figures] == [("contacts_new", "2023/24 Q1")]


def test_a_change_of_position_against_england_is_listed(data_dir):
    # 2021/22: 441 of 500 (88.2%, 85.1% to 90.7%) against England's 81.8%; 2022/23: 400 of 500 (80.0%, 76.3% to
    # 83.3%) against 86.0%
    rows = [
        value_row("reablement_91day", HOME, "2022/23", 80.0, numerator=400, denominator=500),
        value_row("reablement_91day", "E92000001", "2022/23", 86.0),
    ]
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="later"))
    found = since.changes(store=DataStore(data_dir), area_code=HOME, meeting=date(2022, 6, 1))
    moves = [c for c in found if c.kind == since.NEW_POSITION]
    assert [c.text for c in moves] == [
        "Against England: significantly better in 2021/22, significantly worse in 2022/23"
    ]


def test_a_move_to_or_from_not_tested_is_not_a_change_of_position(data_dir):
    rows = [
        value_row("reablement_91day", HOME, "2022/23", 80.0),  # no numerator and denominator: not tested
        value_row("reablement_91day", "E92000001", "2022/23", 86.0),
    ]
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="later"))
    found = since.changes(store=DataStore(data_dir), area_code=HOME, meeting=date(2022, 6, 1))
    assert [c for c in found if c.kind == since.NEW_POSITION] == []


def test_nothing_new_after_the_latest_period(data_dir):
    assert since.changes(store=DataStore(data_dir), area_code=HOME, meeting=date(2030, 1, 1)) == []
