"""rich, imported when the CLI first prints with it, not when it starts: `gongbao --help` and
commands that print plain lines do not pay for it (rich.console alone is a quarter of the start-up).

Use as `ui.Table(...)`, `ui.Text(...)`, `ui.escape(...)`; consoles made at import time are
`ui.console(...)`, which builds the rich Console on its first use."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_NAMES = {
    "Console": "rich.console",
    "Table": "rich.table",
    "Text": "rich.text",
    "Tree": "rich.tree",
    "escape": "rich.markup",
    "Progress": "rich.progress",
    "BarColumn": "rich.progress",
    "MofNCompleteColumn": "rich.progress",
    "TextColumn": "rich.progress",
    "TimeElapsedColumn": "rich.progress",
}


def __getattr__(name: str) -> Any:
    if name not in _NAMES:
        raise AttributeError(name)
    value = getattr(import_module(_NAMES[name]), name)
    globals()[name] = value
    return value


class console:
    """A rich Console made on first use with these arguments."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._console: Any = None

    @property
    def rich(self) -> Any:
        """The Console itself, for rich objects that take one (Progress)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._kwargs)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich, name)
