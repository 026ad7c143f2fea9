"""The web stage: one FastAPI app serving the JSON API (/api, OpenAPI at /docs) and the pages."""

from __future__ import annotations

from gongbao.serve.app import create_app

__all__ = ["create_app"]
