"""Organisations: canonical units and the names documents call them by.

A curated table (gongbao/data/units.tsv) lists a city's units with their official names and the
short and old forms in use (市发改委 = 市发展改革委 = 市发展和改革委员会). Mentions resolve through it
after generic normalisation (吕梁市X → 市X, 城市管理局 → 市城市管理局); county governments and
development zones resolve by their shape even when not listed. What stays unresolved is reported,
so the table can grow from the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from typing import Any

from gongbao import patterns as P
from gongbao.normalize import squash

DATA = "units.tsv"
CITY = "吕梁市"  # the default jurisdiction; a registry for another is OrgRegistry.for_city(...)
TEMPLATE_KINDS = ("government", "department", "party", "court", "office")  # every city has them, under its own name
UNLISTED = "unlisted"  # the kind of a unit recognised by its name's ending, not by the table
# The place an issuer belongs to: 大同市人民政府办公室 → 大同市 · 平遥县教育局 → 平遥县 · 中共岳阳市委 → 岳阳市
_CITY_OF = re.compile(r"^(?:中共)?(?P<city>[\u4e00-\u9fff]{1,4}?(?:市|县|区|旗))(?=[\u4e00-\u9fff]{2})")
# 文水县人民政府 · 文水县政府 · 文水县党委政府 / 文水县委政府 (the county's party committee and
# government, charged together)
_COUNTY = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,6}?[县区市])(?:(?:党|县|区|市)?委)?(?:人民)?政府$")
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
    city: str = CITY
    _names: dict[str, str] = field(default_factory=dict)  # every known form → unit id

    def __post_init__(self) -> None:
        for unit in self.units.values():
            for name in (unit.id, unit.full_name, *unit.aliases):
                self._names.setdefault(_key(name, CITY), unit.id)

    @classmethod
    @cache
    def default(cls) -> OrgRegistry:
        return cls.from_tsv(files("gongbao.data").joinpath(DATA).read_text(encoding="utf-8"))

    @classmethod
    @cache
    def for_city(cls, city: str | None) -> OrgRegistry:
        """The template instantiated for a city: its name shortens to 市 as 吕梁市 does by default
        (大同市发展和改革委员会 = 市发展和改革委员会 = 市发改委)."""
        if not city or city == CITY:
            return cls.default()
        level = city[-1]  # 县 / 区 / 市: what the template's 市 stands for
        units = {
            uid: replace(unit, full_name=unit.full_name.replace(CITY, city, 1)) if unit.kind in TEMPLATE_KINDS else unit
            for uid, unit in cls.default().units.items()
        }
        if level != "市":
            units = {uid.replace("市", level, 1) if uid.startswith("市") else uid: replace(u, id=u.id.replace("市", level, 1)) if u.id.startswith("市") else u
                     for uid, u in units.items()}
            registry = cls(units, city=city)
            registry._names = {key: (uid.replace("市", level, 1) if uid.startswith("市") else uid) for key, uid in cls.default()._names.items()}
            return registry
        return cls(units, city=city)

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
        key = _key(mention, self.city)
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
        if 2 < len(key) <= 30 and P.UNIT_END.search(key) and not key.startswith(("各", "相关", "有关")):
            # Not listed, but shaped like a unit (吕梁公共交通有限公司, 市食安委成员单位): kept under
            # its own name and reported by `gongbao orgs --unresolved`.
            level = self.city[-1]
            uid = level + key[1:] if level in "县区旗" and key.startswith("市") else key
            return Unit(uid, uid, UNLISTED)
        return None

    def canonical_id(self, mention: str) -> str | None:
        unit = self.resolve(mention)
        return unit.id if unit else None

    def names_of(self, name: str, candidates: Iterable[str]) -> tuple[str, ...]:
        """`name` and every candidate naming the same unit (市政府办公室: 吕梁市人民政府办公室 …), sorted —
        what a filter by a unit or issuer means among the names documents print."""
        wanted = self.canonical_id(name)
        found = {name.strip()}
        if wanted:
            found.update(c for c in candidates if self.canonical_id(c) == wanted)
        return tuple(sorted(found))


def city_of(issuer: str | None) -> str | None:
    """The city whose government issued a document: 大同市人民政府办公室 → 大同市."""
    m = _CITY_OF.match(squash(issuer) or "")
    return m["city"] if m else None


def _key(name: str, city: str = CITY) -> str:
    """Whitespace removed, half-width brackets made full-width, the city's name shortened to 市."""
    text = (squash(name) or "").replace("(", "（").replace(")", "）")
    for prefix in ("中共" + city, city):  # 中共大同市委组织部 → 市委组织部
        if text.startswith(prefix):
            return "市" + text[len(prefix) :]
    level = city[-1]  # a county's registry: 县发改局 is the county's 发改局, read as 市发改局 is
    if level in "县区旗" and text.startswith(level) and len(text) > 2:
        return "市" + text[1:]
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
