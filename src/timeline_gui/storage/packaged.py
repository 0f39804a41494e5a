"""The packaged taxonomy and bulletins, read at start without PyYAML.

``resources/packaged_data.py`` is a copy of ``resources/taxonomy.yaml`` and ``resources/bulletins.yaml`` as
Python literals, made by ``python scripts/compact_data.py`` from what the YAML loader reads. Python caches
its bytecode like any module's, so it loads at ``marshal`` speed, without importing PyYAML or running the
checks the loader makes on any file. It records the size and CRC-32 of the two YAML files it was made from:
``load_packaged()`` uses it only while both still match, and reads the YAML (as before) otherwise, so an edited
YAML file is never shown stale. The tests check that the copy is current and gives the same timeline.
"""

from __future__ import annotations

import datetime as dt
import zlib
from importlib import resources
from typing import Any

from timeline_gui.domain.model import (
    Bulletin,
    Keywords,
    LocalizedText,
    OverviewSection,
    Taxonomy,
    TaxonomyNode,
    Timeline,
)

# 2: the taxonomy's table of names (places and partners in each language); 3: bases, overview; 4: keywords for import;
# 5: places' territory codes
FORMAT = 5
PACKAGED_BULLETINS = "bulletins.yaml"  # as in loader.py
PACKAGED_TAXONOMY = "taxonomy.yaml"
SOURCE = f"<packaged {PACKAGED_BULLETINS}>"  # the name the YAML loader gives the packaged timeline


def packaged_path(name: str):
    """A file of the ``timeline_gui.resources`` package (as ``loader.packaged_path``, without importing the loader)."""
    return resources.files("timeline_gui.resources") / name


def fingerprint(data: bytes) -> tuple[int, int]:
    """(size, CRC-32) of a source file: enough to notice it was edited after the copy was made."""
    return len(data), zlib.crc32(data)


def _node(raw: tuple) -> TaxonomyNode:
    key, branch, label, description, children, keywords = raw
    return TaxonomyNode(
        key,
        branch,
        LocalizedText(*label),
        LocalizedText(*description),
        tuple(map(_node, children)),
        Keywords(*keywords),
    )


def _from_copy(data: dict[str, Any]) -> Timeline:
    names = tuple(LocalizedText(*pair) for pair in data["names"])
    overview = tuple(OverviewSection(LocalizedText(*title), LocalizedText(*text)) for title, text in data["overview"])
    taxonomy = Taxonomy(
        tuple(map(_node, data["crime_types"])),
        tuple(map(_node, data["initiatives"])),
        _node(data["complex"]),
        names,
        overview,
        codes=dict(data["codes"]),
    )
    date = dt.date.fromisoformat
    bulletins = [Bulletin(raw[0], date(raw[1]), *raw[2:]) for raw in data["bulletins"]]
    return Timeline(bulletins, taxonomy, source=SOURCE)


def _current_copy() -> dict[str, Any] | None:
    """The generated copy, when it matches the YAML files as they are now; else None."""
    try:
        from timeline_gui.resources import packaged_data
    except ImportError:
        return None
    data = getattr(packaged_data, "DATA", None)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    try:
        for name in (PACKAGED_TAXONOMY, PACKAGED_BULLETINS):
            if tuple(data["sources"][name]) != fingerprint(packaged_path(name).read_bytes()):
                return None
    except (OSError, KeyError, TypeError):
        return None
    return data


def load_packaged() -> Timeline:
    """The packaged timeline: from the generated copy when it is current, else from the YAML files."""
    data = _current_copy()
    if data is not None:
        return _from_copy(data)
    from timeline_gui.storage.loader import load_timeline

    return load_timeline(None)


# ---------------------------------------------------------------- making the copy (scripts/compact_data.py)


def _node_literal(node: TaxonomyNode) -> tuple:
    return (
        node.key,
        node.branch,
        (node.label.en, node.label.fr),
        (node.description.en, node.description.fr),
        tuple(map(_node_literal, node.children)),
        (node.keywords.en, node.keywords.fr),
    )


def copy_data() -> dict[str, Any]:
    """What ``packaged_data.DATA`` must hold: the YAML files as the loader reads them, and their fingerprints."""
    from timeline_gui.storage.loader import load_taxonomy, load_timeline

    taxonomy = load_taxonomy()
    timeline = load_timeline(None, taxonomy)
    return {
        "format": FORMAT,
        "sources": {
            name: fingerprint(packaged_path(name).read_bytes()) for name in (PACKAGED_TAXONOMY, PACKAGED_BULLETINS)
        },
        "crime_types": tuple(map(_node_literal, taxonomy.crime_types)),
        "initiatives": tuple(map(_node_literal, taxonomy.initiatives)),
        "complex": _node_literal(taxonomy.complex),
        "names": tuple((entry.en, entry.fr) for entry in taxonomy.names),
        "codes": tuple(taxonomy.codes.items()),
        "overview": tuple(((part.title.en, part.title.fr), (part.text.en, part.text.fr)) for part in taxonomy.overview),
        "bulletins": tuple(
            (
                b.id,
                b.date.isoformat(),
                b.language,
                b.title_en,
                b.title_fr,
                b.initiatives,
                b.crime_types,
                b.places,
                b.partners,
                b.basis,
            )
            for b in timeline.bulletins
        ),
    }


def copy_source() -> str:
    """The text of ``resources/packaged_data.py``."""
    import pprint

    return (
        '"""Generated by scripts/compact_data.py from taxonomy.yaml and bulletins.yaml: do not edit.\n\n'
        "The packaged data as literals, so that the window opens without PyYAML (see storage/packaged.py).\n"
        '"""\n\n'
        f"DATA = {pprint.pformat(copy_data(), width=120, sort_dicts=False)}\n"
    )
