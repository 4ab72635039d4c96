"""The ``voicemesh`` command.

voicemesh up [--mock]                      run the whole mesh natively (supervisord)
voicemesh ctl status|pids|start|stop|restart [SERVICE ...]
voicemesh serve SERVICE                    run one service (what supervisord/images run)
voicemesh process FILE [--text T] [--json] post a recording to a running mesh
voicemesh openapi [--check]                write (or check) every service's openapi.yaml
voicemesh token FILE                       write a new internal token (mode 0600), for compose
voicemesh COMMAND ...                      a command a service installs (entry point group
                                           ``voicemesh.commands``), e.g. score-corpus
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from voicemesh.mesh import orchestrator_url

PLUGIN_GROUP = "voicemesh.commands"


def plugin_commands() -> dict[str, EntryPoint]:
    """Commands that services install under the ``voicemesh.commands`` entry-point group, by
    name; each loads to ``main(argv: list[str]) -> int`` (the exit status) only when run."""
    return {ep.name: ep for ep in entry_points(group=PLUGIN_GROUP)}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voicemesh", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="start every service of the mesh and wait for Ctrl-C")
    up.add_argument("--mock", action="store_true", help="serve fixtures (MOCK_MODE), no models")
    up.add_argument("--host", default="127.0.0.1", help="bind address (default loopback)")
    up.add_argument(
        "--ready-timeout", type=float, default=300.0, help="seconds until every service is ready"
    )

    ctl = sub.add_parser("ctl", help="control the running mesh")
    ctl.add_argument("action", choices=["status", "pids", "start", "stop", "restart"])
    ctl.add_argument("services", nargs="*")

    serve = sub.add_parser("serve", help="run one service in the foreground")
    serve.add_argument("service")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)

    process = sub.add_parser("process", help="post a recording to a running mesh")
    process.add_argument("file", type=Path)
    process.add_argument("--text", default=None, help="the sentence the learner meant to read")
    process.add_argument("--json", action="store_true", help="print the raw JSON result")
    process.add_argument("--url", default=orchestrator_url(), help="orchestrator URL")
    process.add_argument("--out", type=Path, default=None, help="also save the JSON here")
    process.add_argument("--timeout", type=float, default=120.0)
    process.add_argument(
        "--key",
        default=None,
        help="API key (default: $VOICEMESH_API_KEY, else var/local-admin.key)",
    )

    openapi = sub.add_parser("openapi", help="write <service>/openapi.yaml from the apps")
    openapi.add_argument("--check", action="store_true", help="fail if a file is out of date")
    token = sub.add_parser("token", help="write a new internal token to FILE (mode 0600)")
    token.add_argument("file", type=Path)
    for name in sorted(plugin_commands()):
        sub.add_parser(name, help="installed by a service: see `voicemesh NAME --help`")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    plugins = plugin_commands()
    if argv and argv[0] in plugins:
        command: Callable[[list[str]], int] = plugins[argv[0]].load()
        return command(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "up":
        from voicemesh.launcher import up as run_up

        return run_up(mock=args.mock, host=args.host, ready_timeout_s=args.ready_timeout)
    if args.command == "ctl":
        from voicemesh.launcher import ctl

        return ctl(args.action, args.services)
    if args.command == "serve":
        from voicemesh.serve import serve

        serve(args.service, host=args.host, port=args.port)
        return 0
    if args.command == "process":
        from voicemesh.process_cli import process_file

        return process_file(
            args.file,
            text=args.text,
            as_json=args.json,
            url=args.url,
            out=args.out,
            timeout_s=args.timeout,
            key=args.key,
        )
    if args.command == "token":
        from voicemesh.internal_auth import write_token_file

        write_token_file(args.file)
        print(f"voicemesh: wrote a new internal token to {args.file} (mode 0600)")
        return 0
    if args.command == "openapi":
        from voicemesh.openapi import write_all

        return write_all(check=args.check)
    return 2


if __name__ == "__main__":
    sys.exit(main())
