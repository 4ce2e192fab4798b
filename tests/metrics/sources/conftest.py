from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip(f"the published originals are not beside the project ({SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def area_codes():
    """The bundled areas' codes, with former councils' codes aliased to their successors (metrics.sources.codes)."""
    from metrics.sources.codes import AreaCodes
    from metrics.storage.store import DataStore

    store = DataStore(Path(__file__).resolve().parents[3] / "data")
    return AreaCodes.from_tables(areas=store.areas(), other_authorities=store.other_authorities())
