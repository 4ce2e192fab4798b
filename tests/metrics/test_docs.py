"""The written contract names every column the code enforces."""
from pathlib import Path

from metrics import schema

DOC = (Path(__file__).resolve().parents[2] / "docs" / "data-contract.md").read_text()


def test_every_contract_column_is_documented():
    for contract in (schema.VALUES, schema.AREAS, schema.GROUPS, schema.COMMENTARY, schema.POPULATION, schema.LOCATIONS, schema.CHANGE_POINTS,
                     schema.DOCUMENTS, schema.OTHER_AUTHORITIES):
        for column in contract:
            assert f"| `{column}` |" in DOC, column


def test_every_input_column_is_documented():
    for column in (*schema.INPUT_REQUIRED, *schema.INPUT_OPTIONAL):
        assert f"`{column}`" in DOC, column
