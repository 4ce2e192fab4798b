"""The written contract names every column the code enforces."""

from pathlib import Path

from metrics.storage import schema

DOC = (Path(__file__).resolve().parents[2] / "docs" / "data-contract.md").read_text()


def test_every_contract_column_is_documented():
    for contract in (
        schema.VALUES,
        schema.AREAS,
        schema.GROUPS,
        schema.COMMENTARY,
        schema.POPULATION,
        schema.LOCATIONS,
        schema.CHANGE_POINTS,
        schema.DOCUMENTS,
        schema.OTHER_AUTHORITIES,
    ):
        for column in contract:
            assert f"| `{column}` |" in DOC, column


def test_every_input_column_is_documented():
    for column in (*schema.INPUT_REQUIRED, *schema.INPUT_OPTIONAL):
        assert f"`{column}`" in DOC, column


def test_every_domain_unit_and_direction_is_documented():
    from metrics.core import registry

    line: dict[str, str] = {}
    for row in DOC.splitlines():  # the registry's table comes first; later tables reuse some names
        if row.startswith("| `"):
            line.setdefault(row.split("|")[1].strip(), row)
    for domain in registry.DOMAINS:
        assert domain in line["`domain`"], domain
    for unit in registry.UNITS:
        assert unit in line["`unit`"], unit
    for direction in registry.DIRECTIONS:
        assert direction in line["`direction`"], direction
