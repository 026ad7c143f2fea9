"""Stage 5 — extract: facts with provenance from structured documents."""

from gongbao.extract.bodies import find_bodies
from gongbao.extract.citations import find_citations, link_citations
from gongbao.extract.indicators import IndicatorRow, indicator_rows, indicator_tables
from gongbao.extract.orgs import OrgRegistry, Unit, city_of
from gongbao.extract.targets import find_targets
from gongbao.extract.tasks import find_tasks, parse_deadline, parse_units
from gongbao.models import ParsedFile

__all__ = ["link_citations", "IndicatorRow", "OrgRegistry", "Unit", "extract", "find_bodies", "find_citations", "find_targets", "find_tasks", "indicator_rows", "indicator_tables", "parse_deadline", "parse_units"]


def extract(parsed: ParsedFile, orgs: OrgRegistry | None = None) -> ParsedFile:
    for doc in parsed.documents:
        registry = orgs or OrgRegistry.for_city(city_of(doc.issuer))
        doc.tasks = find_tasks(doc)
        doc.targets = find_targets(doc)
        doc.citations = find_citations(doc)
        doc.bodies = find_bodies(doc)
        for task in doc.tasks:
            task.unit_ids = [registry.canonical_id(name) for name in task.units]
    return parsed
