"""Turn ``psycopg`` errors into ``StoreError``s a user can act on.

Once connected, the server's SQLSTATE decides the error class. A failed connection carries
none (libpq reports it as text only), so there the class comes from libpq's and the server's
standard phrases, and anything else is still a one-line ``StoreError``. A message never holds
the password: the URL is shown without it, and it is cut out of any text quoted from libpq.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg

from .errors import (
    AccessDenied,
    DatabaseMissing,
    ServerUnreachable,
    StoreError,
    StoreFull,
    StoreReadOnly,
)

#: Where to correct a URL.
FIX_URL = "correct the URL given with --store or BREACHSIM_STORE"
_SEE_DOCS = "see docs/shared-store.md"

_AUTH = ("password authentication failed", "authentication failed", "no pg_hba.conf entry",
         "no password supplied", "password is required", "role \"")
_NO_DATABASE = re.compile(r'database "(?P<name>[^"]*)" does not exist')
#: libpq's "connection to server at "h" (1.2.3.4), port 5432 failed: " before each reason.
_PREFIX = re.compile(r"^(connection failed: )?(connection to server (at|on) .*? failed: )?")


@dataclass(frozen=True)
class Target:
    """What a URL points at, for messages: no password in any of it."""

    location: str  # the URL without its password
    server: str  # host:port
    user: str
    password: str | None

    def scrub(self, text: str) -> str:
        return text.replace(self.password, "***") if self.password else text


def target(url: str) -> Target:
    """The parts of ``url`` messages name; a URL libpq cannot read is a ``StoreError``."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # its text never quotes the URL
        raise StoreError(f"the PostgreSQL URL is not valid ({exc}); {FIX_URL}") from None
    query = parse_qsl(parts.query, keep_blank_values=True)
    password = parts.password or next((v for k, v in query if k == "password"), None)
    netloc = parts.netloc.rpartition("@")
    if netloc[1]:
        netloc = (netloc[0].partition(":")[0], "@", netloc[2])
    location = urlunsplit(parts._replace(
        netloc="".join(netloc),
        query=urlencode([(k, v) for k, v in query if k != "password"], safe="/:")))
    where = Target(location, "", "", password)
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error as exc:
        raise StoreError(f"{location} is not a PostgreSQL URL libpq can read "
                         f"({reason(exc, where)}); {FIX_URL}") from None
    host = str(info.get("host") or "localhost")
    return Target(location, f"{host}:{info.get('port') or 5432}",
                  str(info.get("user") or ""), password)


def reason(exc: BaseException, where: Target) -> str:
    """libpq's message on one line, without its repeated "connection to server … failed"."""
    lines = [_PREFIX.sub("", line.strip()) for line in where.scrub(str(exc)).splitlines()
             if line.strip() and not line[:1].isspace()]
    lines = [line.removeprefix("FATAL:").strip() for line in lines]
    return "; ".join(dict.fromkeys(line for line in lines if line)) or type(exc).__name__


def connect_error(exc: psycopg.Error, where: Target) -> StoreError:
    """Why connecting failed."""
    why = reason(exc, where)
    values = {"location": where.location, "server": where.server, "why": why}
    if missing := _NO_DATABASE.search(why):
        return DatabaseMissing(
            f"the PostgreSQL server at {where.server} has no database {missing['name']!r}; "
            f"create it ({_SEE_DOCS}) or {FIX_URL}", code="pg_no_database", **values)
    if any(phrase in why for phrase in _AUTH):
        return AccessDenied(
            f"the PostgreSQL server at {where.server} refused user {where.user!r} ({why}); "
            f"check the user and password, or {FIX_URL}", code="pg_auth_failed", **values)
    if "FATAL" in str(exc):
        return StoreError(f"the PostgreSQL server at {where.server} refused the connection "
                          f"({why}); try again later, or {FIX_URL}",
                          code="pg_refused", **values)
    return ServerUnreachable(
        f"cannot reach the PostgreSQL server at {where.server}: {why}; is it running, and "
        f"does it accept connections there? Otherwise {FIX_URL}", code="pg_unreachable",
        **values)


def lost(exc: BaseException, where: Target) -> ServerUnreachable:
    return ServerUnreachable(
        f"lost the connection to the PostgreSQL server at {where.server} ({reason(exc, where)}); "
        "what was being written may not have been stored: check the session once the server "
        "is back", code="pg_connection_lost", location=where.location, server=where.server)


def translate(exc: psycopg.Error, where: Target) -> StoreError:
    """An error on an open connection."""
    why = reason(exc, where)
    if isinstance(exc, pg.InsufficientPrivilege):
        return AccessDenied(f"the PostgreSQL user {where.user!r} may not do this in "
                            f"{where.location} ({why}); ask the server's administrator for "
                            f"the privileges breachsim needs ({_SEE_DOCS})",
                            code="pg_privilege", location=where.location, why=why)
    if isinstance(exc, pg.DiskFull):
        return StoreFull(f"the disk of the PostgreSQL server at {where.server} is full; ask "
                         "its administrator to free some space, then try again",
                         code="pg_full", server=where.server)
    if isinstance(exc, pg.ReadOnlySqlTransaction):
        return StoreReadOnly(f"{where.location} is read-only ({why}): a standby server? "
                             f"{FIX_URL} to name the primary", code="pg_read_only",
                             location=where.location)
    if isinstance(exc, pg.OperationalError) and exc.sqlstate in (None, "57P01", "57P02",
                                                                  "57P03", "08006", "08003"):
        return lost(exc, where)
    return StoreError(f"{where.location}: unexpected database error ({why}); please report this")


@contextmanager
def translated(where: Target) -> Iterator[None]:
    try:
        yield
    except psycopg.Error as exc:
        raise translate(exc, where) from None
