"""The Overview's sparklines follow the chart's rules: no line across a change of definition."""

from datetime import date

import polars as pl

from views.charts import sparkline_svg


def frame(definitions):
    n = len(definitions)
    return pl.DataFrame(
        {
            "value": [float(i % 3) for i in range(n)],
            "period_end": [date(2017 + i, 3, 31) for i in range(n)],
            "period_label": [f"{2016 + i}/{17 + i}" for i in range(n)],
            "definition": definitions,
        }
    )


def test_a_sparkline_stops_at_a_change_of_definition():
    assert sparkline_svg(frame([None] * 5)).count("<polyline") == 1
    broken = sparkline_svg(frame([None] * 4 + ["CLD", "CLD"]))
    assert broken.count("<polyline") == 2 and "with a change of definition" in broken
    assert sparkline_svg(frame([None] * 4 + ["CLD"])).count("<polyline") == 1  # the new year alone is a dot


def test_key_messages_are_plain_text_on_the_page():
    from metrics.commentary.sqlite import Message
    from metrics.figures.briefing import KeyMessage
    from views.key_messages import messages_html

    class Brief:  # only what messages_html reads
        messages = (
            KeyMessage(
                Message(
                    "2023/24 Q1",
                    "![x](http://e/x.png) <img src=x onerror=alert(1)> [a](javascript:1)",
                    "<b>Ann</b>",
                    "2023-08-20",
                    "m",
                    "doc",
                ),
                "Key message, 2023/24 Q1",
                False,
                "doc",
            ),
        )

    out = messages_html(Brief())
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out and "<b>Ann</b>" not in out
    assert "![x](http://e/x.png)" in out  # shown as typed, never turned into an image (st.html renders no markdown)
