"""Plan monitoring (年度监测): each indicator's baseline, its yearly actual values, its goals and the
path to them, and whether a binding (约束性) target is off track.

What a plan prints is kept apart: its baseline (基期, e.g. 2020: 1538) is an actual value; its goal
(e.g. 2025: 2238) is a goal, never an actual — the previous plan's 2020 goal (1690) stands beside
the 2020 actual, not in its place. A limit (0.2以下, 控制在6211万吨以内) is a ceiling or a floor,
not a value to reach. Actual values for later years are entered by users (ActualRow), audited.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongbao.accounts import User, audit
from gongbao.store import Store
from gongbao.store.schema import ActualRow
from gongbao.supervise import Conflict, Forbidden, SuperviseError

_LEADING_NUMBER = re.compile(r"^\s*(?:\d+[.．、]|[（(]\d+[)）])\s*")
_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*\S{0,4}$")  # 1538 · 36户 · 21.45万户
CEILINGS, FLOORS = ("≤", "<"), ("≥", ">")
MIN_YEAR, MAX_YEAR = 1949, 2100
WRITERS = ("admin", "supervisor", "liaison")


def indicator_name(indicator: str) -> str:
    """The indicator without its row number: 1.地区生产总值（GDP） → 地区生产总值（GDP）."""
    return _LEADING_NUMBER.sub("", indicator).strip()


def _number(text: str | None) -> float | None:
    m = _NUMBER.match(text or "")
    return float(m[1]) if m else None


def cockpit(targets: list[dict[str, Any]], actuals: list[dict[str, Any]], *, indicator: str | None = None) -> list[dict[str, Any]]:
    """One panel per indicator and scope that has a number to show. `targets` are extracted
    targets, each with its "document" summary; `actuals` the entered values (see `actuals`)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for t in targets:
        name = indicator_name(t["indicator"])
        if indicator and indicator not in name:
            continue
        groups[(name, t.get("scope") or "city")].append(t)
    entered: dict[tuple[str, str], dict[int, dict[str, Any]]] = defaultdict(dict)
    for a in actuals:
        entered[(a["indicator"], a["scope"])][a["year"]] = a
    panels = []
    for (name, scope), items in groups.items():
        panel = _panel(name, scope, items, entered.get((name, scope), {}))
        if panel["goals"] or panel["limits"] or len(panel["actual"]) > 1:
            panels.append(panel)
    panels.sort(key=lambda p: (not p["off_track"], p["attribute"] != "约束性", p["indicator"]))
    return panels


def _panel(name: str, scope: str, items: list[dict[str, Any]], entered: dict[int, dict[str, Any]]) -> dict[str, Any]:
    actual: dict[int, dict[str, Any]] = {}
    for t in items:  # a plan's baseline is the actual value of its base year
        value = _number(t.get("baseline"))
        if value is not None and t.get("baseline_year"):
            actual.setdefault(t["baseline_year"], {"year": t["baseline_year"], "value": value, "source": "基期",
                                                   "document": t["document"]})  # fmt: skip
    for year, a in entered.items():  # entered values override a baseline of the same year
        actual[year] = {"year": year, "value": a["value"], "source": "监测", "entered_by": a["entered_by"], "note": a["note"], "version": a["version"]}
    goals, limits = [], []
    for t in sorted(items, key=lambda t: (t.get("year") or 0, t["document"].get("doc_number") or "")):
        if t.get("value") is None or not t.get("year"):
            continue
        entry = {"year": t["year"], "value": t["value"], "text": t.get("value_text") or "", "comparator": t.get("comparator"),
                 "attribute": t.get("attribute"), "document": t["document"], "baseline_year": t.get("baseline_year"),
                 "baseline": _number(t.get("baseline")), "aspiration": t.get("aspiration", False)}  # fmt: skip
        (limits if t.get("comparator") in CEILINGS + FLOORS else goals).append(entry)
    paths = []
    for g in goals:  # the straight line from the plan's baseline to its goal
        if g["baseline"] is not None and g["baseline_year"] and g["baseline_year"] < g["year"]:
            span = g["year"] - g["baseline_year"]
            paths.append({"goal_year": g["year"], "document": g["document"],
                          "points": [[g["baseline_year"] + i, round(g["baseline"] + (g["value"] - g["baseline"]) * i / span, 4)] for i in range(span + 1)]})  # fmt: skip
    years = sorted({*actual, *(g["year"] for g in goals), *(p[0] for path in paths for p in path["points"]), *(lim["year"] for lim in limits)})
    status = _status(actual, goals, paths, limits)
    units = sorted({t.get("unit") for t in items if t.get("unit")})
    # The attribute of the plan in force: that of the latest goal or limit (an old plan may differ).
    in_force = sorted((g for g in goals + limits if g["attribute"]), key=lambda g: g["year"])
    attribute = in_force[-1]["attribute"] if in_force else next((t["attribute"] for t in items if t.get("attribute")), None)
    return {
        "indicator": name, "scope": scope, "unit": "、".join(units), "attribute": attribute, "years": years,
        "actual": [actual[y] for y in sorted(actual)], "goals": goals, "paths": paths, "limits": limits,
        "status": status, "off_track": status["state"] == "off" and attribute == "约束性",
    }  # fmt: skip


def _status(actual: dict[int, dict[str, Any]], goals: list[dict[str, Any]], paths: list[dict[str, Any]], limits: list[dict[str, Any]]) -> dict[str, Any]:
    """The latest entered actual against the plan in force: its path's value that year, or its limit."""
    measured = [y for y, a in actual.items() if a["source"] == "监测"]
    if not measured:
        return {"state": "none", "text": "尚无监测数据"}
    year = max(measured)
    value = actual[year]["value"]
    for lim in sorted(limits, key=lambda lim: lim["year"]):
        if lim["year"] >= year:
            breached = value > lim["value"] if lim["comparator"] in CEILINGS else value < lim["value"]
            word = "上限" if lim["comparator"] in CEILINGS else "下限"
            return {"state": "off" if breached else "on", "year": year, "value": value, "expected": lim["value"],
                    "text": f"{year}年实际{value:g}，{'突破' if breached else '未突破'}{word}{lim['value']:g}"}  # fmt: skip
    for path in sorted(paths, key=lambda p: p["goal_year"]):
        points = dict((int(y), v) for y, v in path["points"])
        if year in points and path["goal_year"] >= year:
            expected = points[year]
            rising = path["points"][-1][1] >= path["points"][0][1]
            behind = value < expected if rising else value > expected
            return {"state": "off" if behind else "on", "year": year, "value": value, "expected": expected,
                    "text": f"{year}年实际{value:g}，按规划路径应{'达到' if rising else '降至'}{expected:g}，{'滞后' if behind else '符合进度'}"}  # fmt: skip
    return {"state": "none", "year": year, "value": value, "text": f"{year}年实际{value:g}（无对应的规划目标）"}


def actuals(store: Store) -> list[dict[str, Any]]:
    with Session(store.engine) as session:
        return [_actual_json(r) for r in session.scalars(select(ActualRow).order_by(ActualRow.indicator, ActualRow.year))]


def _actual_json(r: ActualRow) -> dict[str, Any]:
    return {"indicator": r.indicator, "scope": r.scope, "year": r.year, "value": r.value, "note": r.note,
            "entered_by": r.entered_by, "at": r.at.isoformat(timespec="seconds"), "version": r.version}  # fmt: skip


def record_actual(store: Store, user: User, indicator: str, scope: str, year: int, value: float, note: str = "",
                  version: int | None = None) -> dict[str, Any]:  # fmt: skip
    """Enter (or correct) an indicator's actual value for a year; a correction names the version it
    corrects (else 409). Audited."""
    if user.role not in WRITERS:
        raise Forbidden("当前账户无权填报监测数据")
    indicator = indicator_name(indicator)[:300]
    if not indicator:
        raise SuperviseError("指标名称不能为空")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise SuperviseError("年份不在有效范围内")
    if value != value or abs(value) > 1e15:  # NaN or absurd
        raise SuperviseError("数值无效")
    note = (note or "").strip()[:500]
    with Session(store.writer) as session, session.begin():
        row = session.scalars(select(ActualRow).where(ActualRow.indicator == indicator, ActualRow.scope == scope, ActualRow.year == year)).one_or_none()
        now = datetime.now(UTC)
        if row is None:
            row = ActualRow(indicator=indicator, scope=scope, year=year, value=value, note=note, entered_by=user.name, at=now, version=1)
            session.add(row)
            before = None
        else:
            if version is not None and version != row.version:
                raise Conflict("该数据已被他人修改，请查看最新数值后再提交", {"actual": _actual_json(row)})
            before = _actual_json(row)
            row.value, row.note, row.entered_by, row.at, row.version = value, note, user.name, now, row.version + 1
        session.flush()
        after = _actual_json(row)
        audit(session, user.name, "actual.set", f"actual:{indicator}|{scope}|{year}", before, after)
        return after
