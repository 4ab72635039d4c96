"""The async engine and session factory for ``VOICEMESH_DATABASE_URL``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

Sessions = async_sessionmaker[AsyncSession]


def make_engine(url: str) -> AsyncEngine:
    """SQLite: the folder is created, WAL journal (readers never block the writer of another
    process) with ``synchronous=NORMAL``, one pooled connection, a 30 s busy timeout and foreign keys on. PostgreSQL: a
    pre-pinged pool of 10 (+ 10 overflow)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # One connection, handed out in turn (asyncio-fair), instead of several connections
        # whose writers would spin in SQLite's busy handler: SQLite has one writer anyway.
        engine = create_async_engine(
            url, connect_args={"timeout": 30}, pool_size=1, max_overflow=0, pool_timeout=60
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL's recommended level (sqlite.org/pragma.html#pragma_synchronous): no fsync per
            # commit, still never corrupt; a commit survives a process crash, and only an OS
            # crash or power loss may roll back the last ones.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def make_sessions(engine: AsyncEngine) -> Sessions:
    return async_sessionmaker(engine, expire_on_commit=False)
