"""Sources in words: a document's citation for its hashed file name, one line per chart."""

from __future__ import annotations

from metrics.storage.citations import DEMONSTRATION_CITATION, cite, sources_line

DOCS = {"001_be4c17604381657f.txt": "Leicester City Council, ASC Performance Report 2023/24 Q1"}


def test_a_document_is_cited_by_name_with_its_section():
    c = cite("001_be4c17604381657f.txt, Appendix C: Reviews (table)", documents=DOCS)
    assert c.text == "Leicester City Council, ASC Performance Report 2023/24 Q1, Appendix C: Reviews (table)"
    assert c.publication == "Leicester City Council, ASC Performance Report 2023/24 Q1"
    assert "001_" not in c.text


def test_national_sources_name_their_publication():
    dhsc = cite(
        "DHSC, Measures from the ASCOF, England, time series to 2024-25 (ascof_2024_25.ods, Table_2d(1)); OGL v3.0",
        documents=DOCS,
    )
    assert dhsc.text == "DHSC, ASCOF time series to 2024-25, measure 2d(1)"
    nhs = cite(
        "NHS Digital / NHS England ASCOF open data 2019-20, measure 2A1 (trend_data.csv, compiled by x); OGL",
        documents=DOCS,
    )
    assert (nhs.publication, nhs.text) == (
        "NHS Digital, ASCOF open data",
        "NHS Digital, ASCOF open data 2019-20, measure 2A1",
    )
    assert cite("demonstration", documents=DOCS).text == DEMONSTRATION_CITATION
    derived = cite(
        "Derived from 001_be4c17604381657f.txt, Appendix C: item 6; and ONS mid-2020 population estimates, "
        "MYE2 (x.xls); OGL v3.0",
        documents=DOCS,
    )
    assert derived.text == (
        "Worked out here from Leicester City Council, ASC Performance Report 2023/24 Q1 and ONS "
        "mid-2020 population estimates, MYE2"
    )


def test_many_rows_of_one_publication_collapse_to_one_mention():
    sources = [
        f"NHS Digital / NHS England ASCOF open data 20{y}-{y + 1}, measure 2A1 (trend_data.csv); OGL"
        for y in range(17, 24)
    ] + ["001_be4c17604381657f.txt, Appendix C: Reablement"]
    line = sources_line(sources, documents=DOCS)
    assert line == (
        "NHS Digital, ASCOF open data (7 releases or tables, each named in the data table); "
        "Leicester City Council, ASC Performance Report 2023/24 Q1, Appendix C: Reablement"
    )
    assert line.count("NHS Digital") == 1
    many = sources_line([f"Publisher {i}; x" for i in range(5)], documents={})
    assert many.endswith("; and 2 more (see the data table)")
