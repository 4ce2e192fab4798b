"""The app's own settings, read once from config.toml into a frozen object.

Each setting is declared once, in :data:`SETTINGS`: its key, its default, its help text and the check its value
must pass. A wrong value fails at start-up with a message naming the key and a hint about how to fix it; the
documentation's settings table (docs/deploying.md) is checked against the same records.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from metrics.core.access import RoleRules
from metrics.core.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Another config file can be named in this environment variable (tests and other deployments use it).
CONFIG_ENV = "SCRUTINY_CONFIG"
DEFAULT_CONFIG = PROJECT_ROOT / "config.toml"

#: The audience of anyone not signed in as an officer. The officer view comes only from signing in (``[roles]``).
AUDIENCES = ("public",)
COMPARATOR_KINDS = ("england", "region", "nearest_neighbours")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class Settings:
    """Validated settings. Build it with :func:`load_settings`."""

    data_dir: Path
    home_area: str
    councils: tuple[str, ...]
    audience: str
    suppression_threshold: int
    comparators: tuple[str, ...]
    commentary_store: Path | str  # a SQLite file, or a postgresql:// URL
    roles: RoleRules
    local_categories: dict[str, tuple[str, ...]]  # a CLD local column (Team, Locality) -> the names it may publish
    contact: Contact  # who answers questions about the dashboard: the accessibility and privacy pages name them


@dataclass(frozen=True)
class _Where:
    """Where a value came from, for its error message and for resolving relative paths."""

    path: Path

    def fail(self, key: str, problem: str, hint: str = "") -> SettingsError:
        return SettingsError(path=str(self.path), key=key, problem=problem, hint=hint)


def _folder(value: Any, *, key: str, where: _Where) -> Path:
    if not isinstance(value, str) or not value:
        raise where.fail(key, f"must be a folder name, got {value!r}")
    return Path(value) if Path(value).is_absolute() else where.path.parent / value


def _ons_code(value: Any, *, key: str, where: _Where) -> str:
    if not isinstance(value, str) or not value[:1].isalpha():
        raise where.fail(key, f"must be an ONS code such as 'E06000016', got {value!r}")
    return value


def _ons_codes(value: Any, *, key: str, where: _Where) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(c, str) for c in value):
        raise where.fail(key, f"must be a non-empty list of ONS codes, got {value!r}")
    return tuple(value)


def _audience(value: Any, *, key: str, where: _Where) -> str:
    if value == "officer":
        raise where.fail(
            key,
            "'officer' is no longer a setting for the whole server: anyone who reached it saw unsuppressed figures",
            "Give officers the officer role under [roles]; they sign in to see small numbers.",
        )
    if value not in AUDIENCES:
        raise where.fail(key, f"must be one of {AUDIENCES}, got {value!r}")
    return str(value)


def _threshold(value: Any, *, key: str, where: _Where) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise where.fail(key, f"must be a whole number from 1 to 100, got {value!r}")
    return value


def _comparators(value: Any, *, key: str, where: _Where) -> tuple[str, ...]:
    if not isinstance(value, list) or any(c not in COMPARATOR_KINDS for c in value):
        raise where.fail(key, f"must list some of {COMPARATOR_KINDS}, got {value!r}")
    return tuple(value)


def _store(value: Any, *, key: str, where: _Where) -> Path | str:
    if not isinstance(value, str) or not value:
        raise where.fail(key, f"must be a file name or a postgresql:// URL, got {value!r}")
    if value.startswith(POSTGRES_SCHEMES):
        return value  # a database several servers share, not a file
    return Path(value) if Path(value).is_absolute() else where.path.parent / value


#: The local columns of a CLD extract a council may list names for, as config.toml spells them.
LOCAL_COLUMNS = {"team": "Team", "locality": "Locality"}


def _local_categories(value: Any, *, key: str, where: _Where) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or any(k not in LOCAL_COLUMNS for k in value):
        raise where.fail(key, f"must be a table with 'team' and/or 'locality', got {value!r}")
    out = {}
    for column, names in value.items():
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise where.fail(f"{key}.{column}", f"must be a non-empty list of names, got {names!r}")
        out[LOCAL_COLUMNS[column]] = tuple(n.strip() for n in names)
    return out


@dataclass(frozen=True)
class Contact:
    """Who to ask for another format, to report an accessibility problem or to ask about personal data: a team's
    name, e-mail address and telephone number (never a person's)."""

    team: str
    email: str
    phone: str


_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")


def _contact(value: Any, *, key: str, where: _Where) -> Contact:
    if not isinstance(value, dict) or set(value) != {"team", "email", "phone"}:
        raise where.fail(
            key,
            f"must have team, email and phone, got {value!r}",
            'e.g. contact = { team = "Democratic Support", email = "committees@leicester.gov.uk", phone = "0116 454 6350" }',
        )
    team, email, phone = (str(value[k]).strip() for k in ("team", "email", "phone"))
    if not team or len(team) > 80:
        raise where.fail(f"{key}.team", f"must be a team's name of 1 to 80 characters, got {value['team']!r}")
    if not _EMAIL.match(email):
        raise where.fail(f"{key}.email", f"must be an e-mail address, got {value['email']!r}")
    if not _PHONE.match(phone):
        raise where.fail(f"{key}.phone", f"must be a telephone number, got {value['phone']!r}")
    return Contact(team=team, email=email, phone=phone)


def _roles(value: Any, *, key: str, where: _Where) -> RoleRules:
    return RoleRules.parse(value, path=str(where.path))


@dataclass(frozen=True)
class Setting:
    """One key of config.toml: its default when the file leaves it out, what it means, and how it is checked."""

    key: str
    default: object
    help: str
    read: Callable[..., Any]


#: Every setting, once. The order is the order of the documentation's table.
SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "data", "Folder of published Parquet tables, relative to config.toml.", _folder),
    Setting("home_area", "E06000016", "ONS code of the council the dashboard opens on.", _ons_code),
    Setting(
        "councils",
        ["E06000016", "E10000018", "E10000019"],
        "ONS codes of the featured councils: links in the sidebar and first in 'Choose a council' (every council "
        "can be opened). The home council joins the list when it is not on it.",
        _ons_codes,
    ),
    Setting(
        "audience",
        "public",
        "Always 'public': disclosure control for everyone not signed in as an officer ([roles]).",
        _audience,
    ),
    Setting(
        "suppression_threshold", 5, "Counts from 1 to threshold-1 are hidden from the public audience.", _threshold
    ),
    Setting(
        "comparators",
        list(COMPARATOR_KINDS),
        "Comparator groups drawn on every chart and judged on every tile, strip and slide.",
        _comparators,
    ),
    Setting(
        "commentary_store",
        "state/key_messages.sqlite",
        "SQLite file of key messages written in the app, relative to config.toml (created on first save), or a "
        "postgresql:// URL for a store several servers share.",
        _store,
    ),
    Setting(
        "roles",
        {},
        "Who gets which role after signing in: the groups claim, and groups, e-mail domains or addresses per role "
        "(councillor, officer, admin); session_hours.",
        _roles,
    ),
    Setting(
        "local_categories",
        {},
        "The names a CLD extract's Team and Locality columns may publish (team = [...], locality = [...]); "
        "other values become 'Other'. Without a list, a value is published only if enough people share it and it "
        "looks like no name, NHS number, postcode, date or e-mail address.",
        _local_categories,
    ),
    Setting(
        "contact",
        {  # Leicester's published contact for its scrutiny commission (the agenda in 001_…txt)
            "team": "Democratic Support, Leicester City Council",
            "email": "committees@leicester.gov.uk",
            "phone": "0116 454 6350",
        },
        "Who answers questions about the dashboard (a team's name, e-mail and telephone): the accessibility "
        "statement and the privacy notice name them.",
        _contact,
    ),
)
BY_KEY = {s.key: s for s in SETTINGS}


def _read_file(path: Path) -> dict[str, Any]:
    where = _Where(path)
    if not path.exists():
        raise where.fail("(file)", "is missing", "Copy config.toml from the repository.")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise where.fail("(file)", f"is not valid TOML ({exc})") from exc
    unknown = sorted(set(raw) - set(BY_KEY))
    if unknown:
        raise where.fail(unknown[0], "is not a known setting", f"Known settings: {', '.join(BY_KEY)}.")
    return raw


def load_settings(*, path: Path | str | None = None) -> Settings:
    """Read and check config.toml (or the file named by $SCRUTINY_CONFIG). Raises SettingsError naming the key."""
    path = Path(path or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)
    raw = _read_file(path)
    where = _Where(path)
    values = {s.key: s.read(raw.get(s.key, s.default), key=s.key, where=where) for s in SETTINGS}
    if values["home_area"] not in values["councils"]:  # the home council is always offered, first
        values["councils"] = (values["home_area"], *values["councils"])
    return Settings(**values)
