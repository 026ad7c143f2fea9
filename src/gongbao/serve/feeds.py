"""Atom feeds (feedgen): a unit's daily digest of what is due, and the new documents a search finds —
the alerts of FederalRegister.gov and Querido Diário, for any feed reader or intranet portal."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from gongbao.serve.web import Svc
from gongbao.supervise.digest import digest

router = APIRouter(prefix="/feeds", tags=["feeds"])
ATOM = "application/atom+xml; charset=utf-8"
CHINA = dt.timezone(dt.timedelta(hours=8))
FEED_ITEMS = 50


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """XML 1.0 cannot hold control characters (a query or unit name may carry them): each one
    becomes U+FFFD rather than the feed failing."""
    return _NOT_XML.sub("\ufffd", value)


def _feed(request: Request, feed_id: str, title: str, subtitle: str) -> Any:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(xml_text(str(request.base_url).rstrip("/") + feed_id))
    fg.title(xml_text(title))
    fg.subtitle(xml_text(subtitle))
    fg.language("zh-CN")
    fg.link(href=xml_text(str(request.url)), rel="self")
    fg.link(href=str(request.base_url), rel="alternate")
    fg.updated(dt.datetime.now(CHINA))
    return fg


def _day(value: str | None) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(value or ""), dt.time(), CHINA)
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=CHINA)


@router.get("/units/{name}.atom", summary="A unit's daily digest as an Atom feed: overdue, due within 7 days, returned", response_class=Response)
def unit_feed(request: Request, svc: Svc, name: Annotated[str, Path(max_length=100)]) -> Response:
    d = digest(svc.store, name, dt.date.today(), svc.orgs)
    base = str(request.base_url).rstrip("/")
    fg = _feed(request, f"/feeds/units/{quote(d.unit)}", f"{d.unit} 督办提醒", f"逾期{len(d.overdue)}项，7日内到期{len(d.due_soon)}项，被退回{len(d.returned)}项")
    for kind, t in reversed(d.items()[:FEED_ITEMS]):  # feedgen prepends: add the last first
        entry = fg.add_entry()
        # One entry per task and day, so a reader shows it again each day it is still due.
        entry.id(f"{base}/tasks/{t['id']}#{d.today.isoformat()}")
        doc = t["document"] or {}
        entry.title(xml_text(f"【{kind}】{t['deadline'] or '未定期限'} {(doc.get('doc_number') or '')} {t['text'][:40]}"))
        entry.link(href=f"{base}/tasks/{t['id']}")
        entry.summary(xml_text(f"{t['text']}\n状态：{t['status']}，进度{t['progress']}%"))
        entry.updated(dt.datetime.combine(d.today, dt.time(), CHINA))
    return Response(fg.atom_str(pretty=True), media_type=ATOM)


@router.get("/search.atom", summary="The newest documents a search finds, as an Atom feed", response_class=Response)
def search_feed(request: Request, svc: Svc, q: Annotated[str, Query(min_length=1, max_length=500)],
                unit: Annotated[str | None, Query(max_length=200)] = None) -> Response:  # fmt: skip
    found = svc.search(q, unit=unit, limit=FEED_ITEMS)
    base = str(request.base_url).rstrip("/")
    query = urlencode({"q": q, **({"unit": unit} if unit else {})})
    fg = _feed(request, f"/feeds/search?{query}", f"检索订阅：{q}", f"政府公报中与“{q}”相关的文件，共{found['total']}件")
    hits = sorted(found["items"], key=lambda h: h.get("signed_date") or "")  # the newest last: feedgen prepends
    for hit in hits:
        entry = fg.add_entry()
        entry.id(f"{base}/documents/{hit['document_id']}")
        entry.title(xml_text(" ".join(x for x in (hit.get("doc_number"), hit.get("title")) if x) or f"文件 {hit['document_id']}"))
        entry.link(href=f"{base}/documents/{hit['document_id']}")
        entry.summary(xml_text(hit.get("passage") or ""))
        if hit.get("issuer"):
            entry.author({"name": xml_text(hit["issuer"])})
        entry.updated(_day(hit.get("signed_date")))
    return Response(fg.atom_str(pretty=True), media_type=ATOM)
