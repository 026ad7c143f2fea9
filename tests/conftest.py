"""Database fixtures: `store_url` runs a test once on SQLite and once on PostgreSQL.

PostgreSQL is the server in $GONGBAO_TEST_PG when set, else a throwaway server started from
Debian's binaries (/usr/lib/postgresql/*/bin). Each test gets an empty schema of its own,
selected through the URL (`?options=-csearch_path=...`) so the URL alone works everywhere —
open_store(), `gongbao --db`, a subprocess. Without a server the PostgreSQL runs are skipped, or
fail when $GONGBAO_REQUIRE_PG or $CI is set.
"""

from __future__ import annotations

import glob
import json
import itertools
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine

from gongbao import parse_file
from gongbao.models import ParsedFile
from gongbao.store import Store, open_store, resolve_url

PG_ENV = "GONGBAO_TEST_PG"
SERVER_USER = "postgres"  # postgres refuses to run as root
_schema_numbers = itertools.count(1)


def pg_unavailable(reason: str) -> NoReturn:
    if os.environ.get("GONGBAO_REQUIRE_PG") or os.environ.get("CI"):
        pytest.fail(f"PostgreSQL required but unavailable: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL unavailable: {reason} (set {PG_ENV}=postgresql://... to use a server)")


def _newest_bindir() -> Path | None:
    def version(pg_ctl: str) -> tuple[int, ...]:
        return tuple(int(p) for p in Path(pg_ctl).parent.parent.name.split(".") if p.isdigit())

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=version)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user() -> tuple[Callable[[list[str]], list[str]], pwd.struct_passwd | None]:
    """How to run the server's commands: as ourselves, or (as root) as the postgres user."""
    if os.geteuid() != 0:
        return (lambda cmd: cmd), None
    try:
        user = pwd.getpwnam(SERVER_USER)
    except KeyError:
        pg_unavailable(f"running as root and there is no {SERVER_USER!r} user to run the server as")
    if runuser := shutil.which("runuser"):
        return (lambda cmd: [runuser, "-u", SERVER_USER, "--", *cmd]), user
    if su := shutil.which("su"):
        return (lambda cmd: [su, SERVER_USER, "-s", "/bin/sh", "-c", shlex.join(cmd)]), user
    pg_unavailable(f"running as root and neither runuser nor su is there to switch to {SERVER_USER!r}")


def _throwaway_server() -> Iterator[str]:
    bindir = _newest_bindir()
    if bindir is None:
        pg_unavailable("no server binaries in /usr/lib/postgresql/*/bin (Debian package postgresql)")
    wrap, user = _as_server_user()
    # Not under pytest's tmp_path: its parents are private to us, and the server user must get in.
    root = Path(tempfile.mkdtemp(prefix="gongbao-pg-"))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    data = root / "data"

    def run(*cmd: str | Path) -> subprocess.CompletedProcess[str]:
        # cwd=root: the server user may not be able to enter our working directory.
        return subprocess.run(wrap([str(c) for c in cmd]), cwd=root, capture_output=True, text=True, timeout=120)

    try:
        init = run(bindir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")
        if init.returncode != 0:
            pg_unavailable(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        for _attempt in range(3):  # another process may take the free port before the server does
            port = _free_port()
            options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
            start = run(bindir / "pg_ctl", "-D", data, "-l", root / "server.log", "-o", options, "-w", "-t", "60", "start")
            if start.returncode == 0:
                break
        else:
            log = (root / "server.log").read_text(errors="replace")[-2000:] if (root / "server.log").exists() else ""
            pg_unavailable(f"pg_ctl start failed: {start.stderr.strip()} {log}")
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a PostgreSQL server's database the tests may create schemas in."""
    if url := os.environ.get(PG_ENV):
        yield url
    else:
        yield from _throwaway_server()


def _with_search_path(url: str, schema: str) -> str:
    u = resolve_url(url)
    options = " ".join(filter(None, [u.query.get("options"), f"-csearch_path={schema}"]))
    # Give back the scheme as it came (postgresql://): the store must map it to psycopg itself.
    return u.set(drivername=url.split("://", 1)[0]).update_query_dict({"options": options}).render_as_string(hide_password=False)


@contextmanager
def pg_schema(pg_server: str) -> Iterator[str]:
    """An empty schema of its own on the PostgreSQL server (its URL), dropped afterwards."""
    schema = f"gongbao_test_{uuid.uuid4().hex[:8]}_{next(_schema_numbers)}"
    admin = create_engine(resolve_url(pg_server))
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except Exception as err:  # noqa: BLE001 - any failure to reach the server means: unavailable
        admin.dispose()
        pg_unavailable(f"cannot create a schema on {pg_server}: {err}")
    try:
        yield _with_search_path(pg_server, schema)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql("SET LOCAL lock_timeout = '10s'")  # a leaked connection must not hang the run
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """An empty schema of the test's own on the PostgreSQL server, dropped afterwards."""
    with pg_schema(pg_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gongbao.db'}"
    return request.getfixturevalue("pg_url")


SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))


@pytest.fixture(scope="session")
def parsed_samples() -> list[ParsedFile]:
    """The sample gazettes, parsed once for every test module that stores them."""
    return [parse_file(path) for path in SAMPLES]


def samples_db(folder: Path, parsed: list[ParsedFile], *more: ParsedFile) -> str:
    """A fresh SQLite store in `folder` holding the parsed samples (and `more`); its URL."""
    url = f"sqlite:///{folder / 'gongbao.db'}"
    with open_store(url) as store:
        for p in (*parsed, *more):
            store.ingest(p)
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database shared by a module's tests (for data that is slow to load), on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'gongbao.db'}"
    else:
        with pg_schema(request.getfixturevalue("pg_server")) as url:
            yield url


@pytest.fixture(scope="module")
def samples_store(module_store_url: str, parsed_samples: list[ParsedFile]) -> Iterator[Store]:
    """The sample gazettes stored once per module, on each backend."""
    with open_store(module_store_url) as s:
        for parsed in parsed_samples:
            s.ingest(parsed)
        yield s


@pytest.fixture(scope="session")
def typeset_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with each sample typeset as gazette pages and printed to PDF by Chromium, and its
    gold (carried over by finding each document's first lines in the PDF's text), as `gongbao eval
    --gold` reads it."""
    from renderings import as_gazette_html, print_pdf, write_rendering_gold

    root = Path(__file__).resolve().parent.parent
    if not Path("/usr/bin/chromium").exists():
        if os.environ.get("CI") or os.environ.get("GONGBAO_REQUIRE_BROWSER"):
            pytest.fail("chromium required to typeset the PDF fixtures but missing", pytrace=False)
        pytest.skip("chromium missing (apt-get install chromium fonts-noto-cjk)")
    folder = tmp_path_factory.mktemp("typeset")
    for sample in sorted((root / "samples").glob("*.txt")):
        prefix = sample.name[:3]
        source = sample.read_text(encoding="utf-8")
        gold = json.loads((root / "tests" / "fixtures" / "gold" / f"{prefix}.docs.json").read_text(encoding="utf-8"))
        pdf = folder / f"{prefix}_typeset.pdf"
        print_pdf(as_gazette_html(source, gold), pdf)
        write_rendering_gold(folder, prefix, pdf, source, root / "tests" / "fixtures" / "gold")
    return folder
