"""Roles from identity claims, and what each role may do: on small hand-built claims and rules."""

from __future__ import annotations

import pytest

from metrics.core.access import ADMIN, COUNCILLOR, OFFICER, OFFICER_BANNER, PUBLIC, Access, RoleRules, role_for
from metrics.core.errors import SettingsError

RULES = RoleRules.parse(
    {
        "claim": "groups",
        "councillor": {"groups": ["members"], "domains": ["councillors.example.gov.uk"]},
        "officer": {"groups": ["asc-team"], "domains": ["example.gov.uk"]},
        "admin": {"emails": ["Data.Lead@example.gov.uk"]},
    },
    path="config.toml",
)


def claims(**kw):
    """A signed-in identity; an e-mail address the provider has verified unless the test says otherwise."""
    return {"is_logged_in": True, **({"email_verified": True} if "email" in kw else {}), **kw}


@pytest.mark.parametrize(
    ("who", "role"),
    [
        (None, PUBLIC),
        ({"is_logged_in": False, "groups": ["asc-team"]}, PUBLIC),  # not signed in: the claims count for nothing
        (claims(email="someone@gmail.com"), PUBLIC),  # signed in, named by no rule
        (claims(groups=["members"]), COUNCILLOR),
        (claims(groups="members"), COUNCILLOR),  # a single group given as text
        (claims(email="cllr@councillors.example.gov.uk"), COUNCILLOR),
        (claims(email="Ann@Example.gov.uk"), OFFICER),  # domains match whatever the case
        (claims(email="ann@sub.example.gov.uk"), PUBLIC),  # a subdomain is another domain
        (claims(email="ann@example.gov.uk.evil.com"), PUBLIC),
        (claims(groups=["members", "asc-team"]), OFFICER),  # the highest role any rule grants
        (claims(email="data.lead@example.gov.uk", groups=["members"]), ADMIN),
        (claims(email="ann@example.gov.uk", email_verified=False), PUBLIC),  # an unverified address counts for nothing
        ({"is_logged_in": True, "email": "ann@example.gov.uk"}, PUBLIC),  # nor one the provider does not vouch for
        ({"is_logged_in": True, "email": "x@y", "email_verified": "true"}, PUBLIC),  # only a real true
        (claims(groups=["ASC-TEAM"]), PUBLIC),  # groups are compared exactly
    ],
)
def test_the_role_comes_from_the_claims(who, role):
    assert role_for(claims=who, rules=RULES) == role


def test_another_claim_can_carry_the_groups():
    rules = RoleRules.parse({"claim": "roles", "officer": {"groups": ["Officer"]}}, path="c")
    assert role_for(claims=claims(roles=["Officer"], groups=["x"]), rules=rules) == OFFICER
    assert role_for(claims=claims(groups=["Officer"]), rules=rules) == PUBLIC


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"superuser": {"groups": ["x"]}}, "roles.superuser"),
        ({"officer": {"group": ["x"]}}, "roles.officer.group"),
        ({"officer": {"groups": "x"}}, "roles.officer.groups"),
        ({"officer": {"groups": [""]}}, "roles.officer.groups"),
        ({"officer": ["x"]}, "roles.officer"),
        ({"claim": ""}, "roles.claim"),
        ({"session_hours": 0}, "roles.session_hours"),
        ({"session_hours": True}, "roles.session_hours"),
    ],
)
def test_a_wrong_rule_names_its_key(table, key):
    with pytest.raises(SettingsError, match=f"`{key}`"):
        RoleRules.parse(table, path="config.toml")


def test_what_each_role_may_do():
    public, cllr, officer, admin = (Access(role=r, signed_in=True) for r in (PUBLIC, COUNCILLOR, OFFICER, ADMIN))
    assert [a.audience for a in (public, cllr, officer, admin)] == ["public", "public", "officer", "officer"]
    assert [a.reads_drafts for a in (public, cllr, officer, admin)] == [False, True, True, True]
    assert [a.writes_messages for a in (public, cllr, officer, admin)] == [False, False, True, True]
    assert [a.loads_data for a in (public, cllr, officer, admin)] == [False, False, False, True]
    assert officer.banner == OFFICER_BANNER and public.banner == cllr.banner == ""


def test_rehearsing_the_public_view_only_ever_lowers_what_an_officer_sees_and_does():
    rehearsing = Access(role=ADMIN, rehearsing_public=True, signed_in=True)
    assert rehearsing.audience == "public" and rehearsing.banner == ""
    assert not rehearsing.writes_messages and not rehearsing.loads_data and not rehearsing.reads_drafts
    assert Access(role=PUBLIC, rehearsing_public=False).audience == "public"


def test_the_author_is_the_name_and_address_from_the_token():
    assert Access(role=OFFICER, name="Ann Officer", email="ann@x.gov.uk").author == "Ann Officer <ann@x.gov.uk>"
    assert Access(role=OFFICER, email="ann@x.gov.uk").author == "ann@x.gov.uk"
    assert Access(role=OFFICER).author == ""
