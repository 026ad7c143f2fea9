"""Organisations: canonical units and the names documents call them by.

A curated table (gongbao/data/units.tsv) lists a city's units with their official names and the
short and old forms in use (市发改委 = 市发展改革委 = 市发展和改革委员会). Mentions resolve through it
after generic normalisation (吕梁市X → 市X, 城市管理局 → 市城市管理局); county governments and
development zones resolve by their shape even when not listed. What stays unresolved is reported,
so the table can grow from the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from gongbao.normalize import squash

DATA = "units.tsv"
CITY = "吕梁市"
_COUNTY = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,6}?[县区市])(?:人民)?政府$")
_ZONE = re.compile(r"^(?P<name>[\u4e00-\u9fff（）()]{2,20}?(?:开发区|示范区|园区|新区))(?:管委会|管理委员会)?$")


@dataclass(frozen=True)
class Unit:
    id: str  # the canonical short name, used as the id: 市发改委
    full_name: str  # 吕梁市发展和改革委员会
    kind: str  # department party court enterprise bank regulator county zone collective office
    aliases: tuple[str, ...] = ()


@dataclass
class OrgRegistry:
    units: dict[str, Unit]
    _names: dict[str, str] = field(default_factory=dict)  # every known form → unit id

    def __post_init__(self) -> None:
        for unit in self.units.values():
            for name in (unit.id, unit.full_name, *unit.aliases):
                self._names.setdefault(_key(name), unit.id)

    @classmethod
    @cache
    def default(cls) -> OrgRegistry:
        return cls.from_tsv(files("gongbao.data").joinpath(DATA).read_text(encoding="utf-8"))

    @classmethod
    def from_tsv(cls, text: str) -> OrgRegistry:
        units = {}
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            canonical, full, kind = cols[0], cols[1], cols[2]
            aliases = tuple(a for a in (cols[3].split(";") if len(cols) > 3 else []) if a)
            units[canonical] = Unit(canonical, full, kind, aliases)
        return cls(units)

    def resolve(self, mention: str) -> Unit | None:
        """The unit a mention names, or None. County governments and zones resolve by shape."""
        key = _key(mention)
        for candidate in _variants(key):
            if candidate in self._names:
                return self.units[self._names[candidate]]
        m = _COUNTY.match(key)
        if m and not key.startswith(("各", "相关", "有关")):
            place = m["place"]
            return Unit(f"{place}人民政府", f"{place}人民政府", "county")
        m = _ZONE.match(key)
        if m and not key.startswith(("各", "相关", "有关")):
            return Unit(m["name"], m["name"] + "管委会", "zone")
        return None

    def canonical_id(self, mention: str) -> str | None:
        unit = self.resolve(mention)
        return unit.id if unit else None


def _key(name: str) -> str:
    """Whitespace removed, half-width brackets made full-width, the city's name shortened to 市."""
    text = (squash(name) or "").replace("(", "（").replace(")", "）")
    if text.startswith(CITY):
        text = "市" + text[len(CITY) :]
    return text


def _variants(key: str) -> list[str]:
    out = [key]
    if key.endswith("等"):
        out.append(key[:-1])
    if not key.startswith(("市", "各", "相关", "有关")):
        out.append("市" + key)  # 城市管理局 → 市城市管理局
    return out


def names_unit(task: dict[str, Any], unit: str, *, lead: bool = False) -> bool:
    """Whether a task (Task.to_json()) names a unit, by canonical id or as printed; with `lead`,
    as a lead unit (牵头)."""
    ids = task.get("unit_ids") or [None] * len(task["units"])
    return any(unit in (i, n) for i, n in zip(ids, task["units"]) if not lead or n in task["lead_units"])
