"""The search stage: full-text search over stored documents, and extractive answers.

Public API (used by the CLI, the HTTP API and the web UI alike):

    search(store, query, *, issuer=None, doc_type=None, year=None, unit=None, limit=10, offset=0)
        -> SearchResults
    ask(store, question) -> Answer
    documents_named(store, text) -> list[int]   (ids of the documents a 文号 in any form names)

Both raise QueryError (a message for the user) for a query that cannot be run.
"""

from __future__ import annotations

from gongbao.search.results import Answer, AnswerSentence, Facet, Hit, QueryError, SearchResults

__all__ = ["Answer", "AnswerSentence", "Facet", "Hit", "QueryError", "SearchResults", "ask", "documents_named", "search"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # The engine imports the store, and the store imports this package's tokenizer: load the
    # engine on first use, not at import.
    if name in ("search", "ask", "documents_named"):
        from gongbao.search import engine

        return getattr(engine, name)
    raise AttributeError(name)
