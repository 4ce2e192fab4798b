from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip(f"the published originals are not beside the project ({SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def area_codes() -> set[str]:
    from metrics.storage.store import DataStore

    return set(DataStore(Path(__file__).resolve().parents[3] / "data").areas()["area_code"].to_list())
