"""Stage 5 — extract: facts with provenance from structured documents."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gongbao.extract.indicators import IndicatorRow
    from gongbao.extract.orgs import OrgRegistry, Unit
    from gongbao.models import ParsedFile

# Each name from its module when first asked for: a command that needs the unit registry
# (extract.orgs) does not import the task, target and body extractors (and cn2an).
_HOMES = {"find_bodies": "bodies", "find_citations": "citations", "link_citations": "citations", "IndicatorRow": "indicators",
          "indicator_rows": "indicators", "indicator_tables": "indicators", "OrgRegistry": "orgs", "Unit": "orgs",
          "city_of": "orgs", "find_targets": "targets", "find_tasks": "tasks", "parse_deadline": "tasks",
          "parse_units": "tasks"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"gongbao.extract.{_HOMES[name]}"), name)


__all__ = ["link_citations", "IndicatorRow", "OrgRegistry", "Unit", "extract", "find_bodies", "find_citations", "find_targets", "find_tasks", "indicator_rows", "indicator_tables", "parse_deadline", "parse_units"]


def extract(parsed: ParsedFile, orgs: OrgRegistry | None = None) -> ParsedFile:
    from gongbao.extract.bodies import find_bodies
    from gongbao.extract.citations import find_citations
    from gongbao.extract.orgs import OrgRegistry, city_of
    from gongbao.extract.targets import find_targets
    from gongbao.extract.tasks import find_tasks

    for doc in parsed.documents:
        registry = orgs or OrgRegistry.for_city(city_of(doc.issuer))
        doc.tasks = find_tasks(doc)
        doc.targets = find_targets(doc)
        doc.citations = find_citations(doc)
        doc.bodies = find_bodies(doc)
        for task in doc.tasks:
            task.unit_ids = [registry.canonical_id(name) for name in task.units]
    return parsed
