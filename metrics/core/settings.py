"""The app's own settings, read once from config.toml into a frozen object.

Each setting is declared once below, with its default and its help text; a
wrong value fails at start-up with a hint about how to fix it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from metrics.core.access import RoleRules
from metrics.core.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Another config file can be named in this environment variable (tests and other deployments use it).
CONFIG_ENV = "SCRUTINY_CONFIG"
DEFAULT_CONFIG = PROJECT_ROOT / "config.toml"

#: The audience of anyone not signed in as an officer. The officer view comes only from signing in (``[roles]``).
AUDIENCES = ("public",)
COMPARATOR_KINDS = ("england", "region", "nearest_neighbours")

#: key -> (default, help). The README's settings table is checked against this.
SETTINGS_HELP: dict[str, tuple[object, str]] = {
    "data_dir": ("data", "Folder of published Parquet tables, relative to config.toml."),
    "home_area": ("E06000016", "ONS code of the council the dashboard opens on."),
    "councils": (["E06000016", "E10000018"], "ONS codes of the councils offered in the council switcher."),
    "audience": ("public", "Always 'public': disclosure control for everyone not signed in as an officer ([roles])."),
    "suppression_threshold": (5, "Counts from 1 to threshold-1 are hidden from the public audience."),
    "comparators": (
        list(COMPARATOR_KINDS),
        "Comparator groups drawn on every chart and judged on every tile, strip and slide.",
    ),
    "commentary_store": (
        "state/key_messages.sqlite",
        "SQLite file of key messages written in the app, relative to config.toml (created on first "
        "save), or a postgresql:// URL for a store several servers share.",
    ),
    "roles": (
        {},
        "Who gets which role after signing in: the groups claim, and groups, e-mail domains or addresses "
        "per role (councillor, officer, admin); session_hours.",
    ),
}


@dataclass(frozen=True)
class Settings:
    """Validated settings. Build it with :func:`load_settings`."""

    data_dir: Path
    home_area: str
    councils: tuple[str, ...]
    audience: str = "public"
    suppression_threshold: int = 5
    comparators: tuple[str, ...] = field(default=COMPARATOR_KINDS)
    commentary_store: Path | str = Path("state/key_messages.sqlite")  # a SQLite file, or a postgresql:// URL
    roles: RoleRules = field(default_factory=RoleRules)


def load_settings(*, path: Path | str | None = None) -> Settings:
    """Read and check config.toml (or the file named by $SCRUTINY_CONFIG). Raises SettingsError naming the key."""
    path = Path(path or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)
    if not path.exists():
        raise SettingsError(
            path=str(path), key="(file)", problem="is missing", hint="Copy config.toml from the repository."
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(path=str(path), key="(file)", problem=f"is not valid TOML ({exc})") from exc

    unknown = sorted(set(raw) - set(SETTINGS_HELP))
    if unknown:
        raise SettingsError(
            path=str(path),
            key=unknown[0],
            problem="is not a known setting",
            hint=f"Known settings: {', '.join(SETTINGS_HELP)}.",
        )
    values = {key: raw.get(key, default) for key, (default, _help) in SETTINGS_HELP.items()}

    if not isinstance(values["data_dir"], str) or not values["data_dir"]:
        raise SettingsError(
            path=str(path), key="data_dir", problem=f"must be a folder name, got {values['data_dir']!r}"
        )
    for key in ("home_area",):
        if not isinstance(values[key], str) or not values[key][:1].isalpha():
            raise SettingsError(
                path=str(path), key=key, problem=f"must be an ONS code such as 'E06000016', got {values[key]!r}"
            )
    councils = values["councils"]
    if not isinstance(councils, list) or not all(isinstance(c, str) for c in councils) or not councils:
        raise SettingsError(
            path=str(path), key="councils", problem=f"must be a non-empty list of ONS codes, got {councils!r}"
        )
    if values["home_area"] not in councils:
        councils = [values["home_area"], *councils]
    if values["audience"] == "officer":
        raise SettingsError(
            path=str(path),
            key="audience",
            problem="'officer' is no longer a setting for the whole server: anyone who reached it saw "
            "unsuppressed figures",
            hint="Give officers the officer role under [roles]; they sign in to see small numbers.",
        )
    if values["audience"] not in AUDIENCES:
        raise SettingsError(
            path=str(path), key="audience", problem=f"must be one of {AUDIENCES}, got {values['audience']!r}"
        )
    roles = RoleRules.parse(values["roles"], path=str(path))
    threshold = values["suppression_threshold"]
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 1 <= threshold <= 100:
        raise SettingsError(
            path=str(path),
            key="suppression_threshold",
            problem=f"must be a whole number from 1 to 100, got {threshold!r}",
        )
    comparators = values["comparators"]
    if not isinstance(comparators, list) or any(c not in COMPARATOR_KINDS for c in comparators):
        raise SettingsError(
            path=str(path), key="comparators", problem=f"must list some of {COMPARATOR_KINDS}, got {comparators!r}"
        )

    for key in ("data_dir", "commentary_store"):
        if not isinstance(values[key], str) or not values[key]:
            raise SettingsError(path=str(path), key=key, problem=f"must be a file or folder name, got {values[key]!r}")
    data_dir, commentary_store = (
        Path(values[k]) if Path(values[k]).is_absolute() else path.parent / values[k]
        for k in ("data_dir", "commentary_store")
    )
    if values["commentary_store"].startswith(("postgresql://", "postgres://")):
        commentary_store = values["commentary_store"]  # a database several servers share, not a file
    return Settings(
        data_dir=data_dir,
        home_area=values["home_area"],
        councils=tuple(councils),
        audience=values["audience"],
        suppression_threshold=threshold,
        comparators=tuple(comparators),
        commentary_store=commentary_store,
        roles=roles,
    )
