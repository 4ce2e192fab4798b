from metrics.core import definitions
from tests.conftest import HOME, value_row, values_frame


def test_definition_segments_step_at_each_change():
    rows = [
        value_row("reablement_91day", HOME, y, 1.0, definition=d)
        for y, d in (("2021/22", None), ("2022/23", None), ("2023/24", "A"), ("2024/25", "A"), ("2025/26", None))
    ]
    assert definitions.definition_segments(values_frame(rows)).to_list() == [0, 0, 1, 1, 2]
