"""``phoneme-diff-score-corpus`` (also ``voicemesh score-corpus``, found by entry point):
score a speechocean762-layout corpus into JSON lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="voicemesh score-corpus", description="score a speechocean762-layout corpus"
    )
    parser.add_argument("directory", type=Path, help="folder with scores.json and audio/")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines, one per utterance")
    parser.add_argument("--workers", type=int, default=2, help="scoring processes")
    args = parser.parse_args(argv)

    from phoneme_diff_service.corpus import run

    return run(args.directory, args.out, workers=args.workers)


if __name__ == "__main__":
    sys.exit(main())
