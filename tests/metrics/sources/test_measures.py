import pytest

from metrics.sources import markers
from metrics.sources.measures import match, normalise_code


@pytest.mark.parametrize(
    ("code", "words", "expected"),
    [
        (
            "2B1",
            "Proportion of older people (aged 65 and over) who were still at home 91 days after discharge",
            "reablement_91day",
        ),
        (
            "2D1",
            "Proportion of older people (aged 65 and over) who were still at home 91 days after discharge",
            "reablement_91day",
        ),
        ("2D", "Outcome of short-term services: sequel to service", "reablement_no_ongoing_pct"),
        ("2A", "Outcome of short-term services: sequel to service", "reablement_no_ongoing_pct"),
        ("1B", "Proportion of people who use services who have control over their daily life", "control_pct"),
        ("1B", "Adjusted Social care-related quality of life – impact of Adult Social Care services", None),
        ("3A", "Overall satisfaction of people who use services with their care and support", "satisfaction_pct"),
        ("3A", "Proportion of people who use services who have control over their daily life", "control_pct"),
        # 2019-20 described carers' self-directed support in the users' words: the code tells them apart.
        ("1C1B", "Proportion of people using social care who receive self-directed support", "carers_sds_pct"),
        ("1C1A", "Proportion of people using social care who receive self-directed support", "sds_pct"),
        # 2019-20 gave 2B2 (offered reablement) the 91-day words: the code keeps it out of 91-day.
        (
            "2B2",
            "Proportion of older people 65 and over who were still at home 91 days after discharge from hospital "
            "into reablement/rehabilitation services offered the service",
            "reablement_offered_pct",
        ),
        ("2A1", None, "admissions_18_64_rate"),
        (
            "Table_2d(1)",
            "Table 2d(1): the proportion of people aged 65 and over discharged from hospital into reablement "
            "and who remained in the community within 12 weeks of discharge",
            "reablement_91day",
        ),
        ("9Z", "Something else entirely", None),
    ],
)
def test_measures_are_matched_by_meaning(code, words, expected):
    assert match(code=code, description=words) == expected


def test_codes_are_normalised():
    assert normalise_code("Table_3d(1a)") == "3D1A" and normalise_code("2d(1)") == "2D1"


@pytest.mark.parametrize(
    ("cell", "value", "note_has"),
    [
        ("[c]", None, "Suppressed"),
        ("[x]", None, "Not available"),
        ("[z]", None, "Not applicable"),
        ("", None, "blank"),
        (None, None, "blank"),
        ("12.5", "12.5", None),
        ("7.7 (7.6)", "7.7", "7.6"),
        ("7.9 (:)", "7.9", "not available"),
    ],
)
def test_markers_are_never_zero(cell, value, note_has):
    got_value, note = markers.read(cell)
    assert got_value == value
    assert (note is None) if note_has is None else (note_has in note)
