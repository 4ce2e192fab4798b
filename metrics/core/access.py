"""Who may see and do what: roles from a signed-in identity, and what each role may do.

Pure Python: the identity comes in as the claims of the OpenID Connect ID token (Streamlit's ``st.user``), the rules
from ``config.toml``'s ``[roles]`` table; nothing here reads the browser, the URL or the session, so nothing there can
raise a role. The view layer asks :func:`role_for` on every run and checks :class:`Access` before every action.

Roles, lowest first:

- **public**: disclosure control on; reads; writes nothing. Everyone who is not signed in, and anyone signed in whom
  no rule names.
- **councillor**: as public, and reads the draft key messages written for the next meeting.
- **officer**: sees unsuppressed small numbers (with a banner on every page and export), writes key messages.
- **admin**: as officer, and may load and restore data from the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from metrics.core.errors import SettingsError

PUBLIC, COUNCILLOR, OFFICER, ADMIN = "public", "councillor", "officer", "admin"
ROLES = (PUBLIC, COUNCILLOR, OFFICER, ADMIN)  # lowest first
RULE_KEYS = ("groups", "domains", "emails")
OFFICER_BANNER = "Officer view: contains unsuppressed figures, not for publication"


@dataclass(frozen=True)
class Rule:
    """Who gets one role: anyone in one of ``groups`` (the claim's values), with an e-mail address at one of
    ``domains``, or with one of ``emails``."""

    groups: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()

    def matches(self, *, groups: set[str], email: str) -> bool:
        domain = email.rpartition("@")[2] if "@" in email else ""
        return bool(groups & self.groups) or (bool(domain) and domain in self.domains) or email in self.emails


#: [roles] defaults: the ID-token claim listing a user's groups, and how long a sign-in lasts.
DEFAULT_CLAIM = "groups"
DEFAULT_SESSION_HOURS = 8.0


@dataclass(frozen=True)
class RoleRules:
    """The ``[roles]`` table of config.toml: the claim that lists a user's groups, and a rule per role."""

    claim: str = DEFAULT_CLAIM
    rules: Mapping[str, Rule] = field(default_factory=dict)
    session_hours: float = DEFAULT_SESSION_HOURS

    @classmethod
    def parse(cls, table: Mapping | None, *, path: str) -> RoleRules:
        """Check the ``[roles]`` table and build the rules; a mistake names the key and what was expected."""
        table = dict(table or {})
        claim = table.pop("claim", DEFAULT_CLAIM)
        if not isinstance(claim, str) or not claim:
            raise SettingsError(path=path, key="roles.claim", problem=f"must be a claim name, got {claim!r}")
        hours = table.pop("session_hours", DEFAULT_SESSION_HOURS)
        if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= 24 * 7:
            raise SettingsError(
                path=path, key="roles.session_hours", problem=f"must be a number of hours from 0 to 168, got {hours!r}"
            )
        rules = {}
        for role, spec in table.items():
            if role not in ROLES[1:]:
                raise SettingsError(
                    path=path, key=f"roles.{role}", problem=f"is not a role; expected one of {ROLES[1:]}"
                )
            if not isinstance(spec, Mapping):
                raise SettingsError(
                    path=path, key=f"roles.{role}", problem="must be a table of groups, domains and emails"
                )
            unknown = set(spec) - set(RULE_KEYS)
            if unknown:
                raise SettingsError(
                    path=path,
                    key=f"roles.{role}.{sorted(unknown)[0]}",
                    problem=f"is not a rule; expected one of {RULE_KEYS}",
                )
            values = {}
            for key in RULE_KEYS:
                items = spec.get(key, [])
                if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                    raise SettingsError(path=path, key=f"roles.{role}.{key}", problem="must be a list of text")
                values[key] = frozenset(i.strip() if key == "groups" else i.strip().lower() for i in items)
            rules[role] = Rule(**values)
        return cls(claim=claim, rules=rules, session_hours=float(hours))


def _groups(claims: Mapping, claim: str) -> set[str]:
    value = claims.get(claim)
    if isinstance(value, str):
        return {value}
    if isinstance(value, (list, tuple)):
        return {v for v in value if isinstance(v, str)}
    return set()


def role_for(*, claims: Mapping | None, rules: RoleRules) -> str:
    """The highest role any rule grants the signed-in identity; public when not signed in or named by no rule.

    An e-mail address counts only when the provider says it is verified (``email_verified: true``): at some
    providers (Microsoft Entra ID among them) the address is a profile field its owner can change, and no
    ``email_verified`` is sent; there, give roles by group.
    """
    if not claims or not claims.get("is_logged_in", False):
        return PUBLIC
    given = claims.get("email")
    email = given.strip().lower() if isinstance(given, str) and claims.get("email_verified") is True else ""
    groups = _groups(claims, rules.claim)
    granted = [
        role for role in ROLES[1:] if role in rules.rules and rules.rules[role].matches(groups=groups, email=email)
    ]
    return granted[-1] if granted else PUBLIC


@dataclass(frozen=True)
class Access:
    """What one session may see and do, from its role (and, for an officer, whether they are rehearsing the public
    view). Every write checks it on the server."""

    role: str = PUBLIC
    rehearsing_public: bool = False
    signed_in: bool = False
    name: str = ""
    email: str = ""

    def _at_least(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def audience(self) -> str:
        """The disclosure audience: officers see small numbers unless they chose to see the public view."""
        return "officer" if self._at_least(OFFICER) and not self.rehearsing_public else "public"

    @property
    def reads_drafts(self) -> bool:
        """Key messages written in the app before they are published with the papers."""
        return self._at_least(COUNCILLOR) and not self.rehearsing_public

    @property
    def writes_messages(self) -> bool:
        return self._at_least(OFFICER) and not self.rehearsing_public

    @property
    def loads_data(self) -> bool:
        return self._at_least(ADMIN) and not self.rehearsing_public

    @property
    def banner(self) -> str:
        """The words on every page and export made in the officer view; "" otherwise."""
        return OFFICER_BANNER if self.audience == "officer" else ""

    @property
    def author(self) -> str:
        """How a key message's author is recorded: the name and e-mail from the identity token, never typed."""
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


def shown_name(author: str) -> str:
    """How a recorded author is shown: the name only ("Ann Officer <ann@x>" -> "Ann Officer"), and for an author the
    sign-in gave only as an e-mail address, "a council officer": an address is never shown."""
    name = author.split(" <")[0].strip()
    return name if name and "@" not in name else "a council officer"
