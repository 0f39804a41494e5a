"""The UN M49 grouping of territories as CLDR records it (supplemental data, territoryContainment).

Babel ships CLDR's territory names but not its containment table, so the part places are nested by is
kept here: each region's code and the codes it contains, CLDR's "grouping" regions included (Sub-Saharan
Africa, Latin America and the Caribbean), since bulletins name them. Names stay with Babel and the
taxonomy's names table; this module holds codes only.
"""

from __future__ import annotations

from functools import cache

WORLD = "001"

_CONTAINMENT: dict[str, str] = {
    "001": "019 002 150 142 009",
    "002": "015 011 017 014 018 202",
    "202": "011 017 014 018",
    "015": "DZ EG EH LY MA SD TN EA IC",
    "011": "BF CV BJ CI GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "017": "AO CD CF CG CM GA GQ ST TD",
    "014": "BI DJ ER ET KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW",
    "018": "BW LS NA SZ ZA",
    "019": "021 013 029 005 003 419",
    "003": "021 013 029",
    "419": "013 029 005",
    "021": "BM CA GL PM US",
    "013": "BZ CR GT HN MX NI PA SV",
    "029": "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI",
    "005": "AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE",
    "142": "145 143 030 034 035",
    "143": "TM TJ KG KZ UZ",
    "145": "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    "030": "CN HK JP KP KR MN MO TW",
    "034": "AF BD BT IN IR LK MV NP PK",
    "035": "BN ID KH LA MM MY PH SG TH TL VN",
    "150": "154 155 151 039",
    "151": "BG BY CZ HU MD PL RO RU SK UA",
    "154": "AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ",
    "155": "AT BE CH DE FR LI LU MC NL",
    "039": "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA XK",
    "009": "053 054 057 061",
    "053": "AU CC CX HM NF NZ",
    "054": "FJ NC PG SB VU",
    "057": "FM GU KI MH MP NR PW UM",
    "061": "AS CK NU PF PN TK TO TV WF WS",
}

CONTINENTS: tuple[str, ...] = tuple(_CONTAINMENT[WORLD].split())


@cache
def _containers() -> dict[str, frozenset[str]]:
    direct: dict[str, set[str]] = {}
    for region, members in _CONTAINMENT.items():
        for member in members.split():
            direct.setdefault(member, set()).add(region)
    return {code: frozenset(regions) for code, regions in direct.items()}


@cache
def containing(code: str) -> frozenset[str]:
    """Every region that contains ``code``, however many levels up (the world included); empty when unknown."""
    found: set[str] = set()
    pending = list(_containers().get(code, ()))
    while pending:
        region = pending.pop()
        if region not in found:
            found.add(region)
            pending.extend(_containers().get(region, ()))
    return frozenset(found)


def continent(code: str) -> str | None:
    """The continent (a region directly in the world) holding ``code``, or ``code`` itself if it is one."""
    if code in CONTINENTS:
        return code
    return next((region for region in CONTINENTS if region in containing(code)), None)


def is_known(code: str) -> bool:
    return code == WORLD or bool(containing(code))
