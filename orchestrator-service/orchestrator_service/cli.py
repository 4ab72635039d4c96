"""The server's commands (``voicemesh.commands`` entry points):

voicemesh db upgrade [REVISION]                         migrate the database (also done at start)
voicemesh admin create-org NAME
voicemesh admin create-user --org NAME --email E --role learner|teacher|admin
voicemesh admin create-key --user E [--name LABEL]      prints the key once
voicemesh admin revoke-key PREFIX
voicemesh worker [--threads N]                          run jobs from VOICEMESH_QUEUE_URL
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import threading

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from orchestrator_service.auth.keys import issue_key
from orchestrator_service.db.engine import make_engine, make_sessions
from orchestrator_service.db.migrate import upgrade
from orchestrator_service.db.models import ROLES, ApiKey, Org, User, utcnow
from orchestrator_service.server_settings import ServerSettings
from voicemesh.settings import load_settings


def db_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="voicemesh db")
    sub = parser.add_subparsers(dest="action", required=True)
    up = sub.add_parser("upgrade", help="apply Alembic migrations")
    up.add_argument("revision", nargs="?", default="head")
    args = parser.parse_args(argv)
    settings = load_settings(ServerSettings)
    upgrade(settings.database_url, args.revision)
    print(f"voicemesh: database at revision {args.revision}")
    return 0


def _admin_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="voicemesh admin")
    sub = parser.add_subparsers(dest="action", required=True)
    org = sub.add_parser("create-org")
    org.add_argument("name")
    user = sub.add_parser("create-user")
    user.add_argument("--org", required=True)
    user.add_argument("--email", required=True)
    user.add_argument("--role", required=True, choices=ROLES)
    key = sub.add_parser("create-key")
    key.add_argument("--user", required=True, help="the user's email")
    key.add_argument("--name", default="", help="a label for the key")
    revoke = sub.add_parser("revoke-key")
    revoke.add_argument("prefix", help="the 16 hex characters after vm_")
    return parser


async def _admin(args: argparse.Namespace, settings: ServerSettings) -> int:
    engine = make_engine(settings.database_url)
    sessions = make_sessions(engine)
    try:
        async with sessions.begin() as db:
            if args.action == "create-org":
                db.add(Org(name=args.name))
                print(f"voicemesh: org {args.name} created")
            elif args.action == "create-user":
                org = await db.scalar(select(Org).where(Org.name == args.org))
                if org is None:
                    print(f"voicemesh: no org {args.org!r}", file=sys.stderr)
                    return 1
                db.add(User(org_id=org.id, email=args.email.lower(), role=args.role))
                print(f"voicemesh: {args.role} {args.email} created in {args.org}")
            elif args.action == "create-key":
                user = await db.scalar(select(User).where(User.email == args.user.lower()))
                if user is None:
                    print(f"voicemesh: no user {args.user!r}", file=sys.stderr)
                    return 1
                print(await issue_key(db, user, args.name))
                print("voicemesh: store this key now; it is not shown again", file=sys.stderr)
            else:
                row = await db.scalar(select(ApiKey).where(ApiKey.prefix == args.prefix))
                if row is None:
                    print(f"voicemesh: no key {args.prefix!r}", file=sys.stderr)
                    return 1
                row.revoked_at = utcnow()
                print(f"voicemesh: key {args.prefix} revoked")
    except IntegrityError:
        print("voicemesh: that name or email exists already", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    return 0


def admin_main(argv: list[str]) -> int:
    args = _admin_parser().parse_args(argv)
    settings = load_settings(ServerSettings)
    upgrade(settings.database_url)
    return asyncio.run(_admin(args, settings))


def worker_main(argv: list[str]) -> int:
    """A Dramatiq worker for the jobs of ``VOICEMESH_QUEUE_URL``. Ctrl-C/SIGTERM stops it once
    its running jobs return; a killed worker's jobs are requeued by the broker."""
    parser = argparse.ArgumentParser(prog="voicemesh worker")
    parser.add_argument("--threads", type=int, default=2, help="jobs at once (default 2)")
    args = parser.parse_args(argv)
    settings = load_settings(ServerSettings)
    if not settings.queue_url:
        print("voicemesh: set VOICEMESH_QUEUE_URL=redis://… to run a worker", file=sys.stderr)
        return 2
    from dramatiq import Worker

    from orchestrator_service.jobs.redis_queue import ThreadLoops, declare_actor, make_broker
    from orchestrator_service.jobs.worker_context import make_worker_context

    upgrade(settings.database_url)
    broker = make_broker(settings)
    declare_actor(broker, ThreadLoops(lambda: make_worker_context(settings)).run)
    worker = Worker(broker, worker_threads=args.threads)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    worker.start()
    print(f"voicemesh: worker running {args.threads} threads on {settings.queue_url}", flush=True)
    stop.wait()
    worker.stop()
    broker.close()
    return 0
