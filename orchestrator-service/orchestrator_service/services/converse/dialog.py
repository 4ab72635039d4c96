"""Dialogs: the state a conversation keeps between turns, and its transcript file.

A dialog lives in the orchestrator's memory (one process) and is dropped after
``dialog_idle_s`` unused. Its transcript, when ``ORCHESTRATOR_DIALOG_LOG`` is on, is
``<dialog_log_dir>/dialog_<UTC time>_<id>.log`` holding only ``USER:`` and ``ASSISTANT:``
lines in order, rotated by size (``dialog_log_max_bytes``, ``dialog_log_backups`` kept), and
only the newest ``dialog_log_keep`` dialogs are kept. No audio is ever written there.
"""

from __future__ import annotations

import logging
import logging.handlers
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from orchestrator_service.converse_settings import ConverseSettings

HISTORY_TURNS = 6  # earlier user/assistant pairs sent to the LLM


class DialogLog:
    def __init__(self, folder: Path, dialog_id: str, settings: ConverseSettings) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.path = folder / f"dialog_{stamp}_{dialog_id}.log"
        self._logger = logging.Logger(f"dialog.{dialog_id}")  # detached: never propagates
        handler = logging.handlers.RotatingFileHandler(
            self.path,
            maxBytes=settings.dialog_log_max_bytes,
            backupCount=settings.dialog_log_backups,
            encoding="utf-8",
        )
        handler.setFormatter(logging.Formatter("%(message)s"))
        self._logger.addHandler(handler)
        _prune(folder, settings.dialog_log_keep)

    def write(self, speaker: str, text: str) -> None:
        self._logger.info("%s: %s", speaker, " ".join(text.split()))

    def close(self) -> None:
        for handler in self._logger.handlers:
            handler.close()


def _prune(folder: Path, keep: int) -> None:
    files = sorted(folder.glob("dialog_*.log*"), key=lambda p: p.stat().st_mtime, reverse=True)
    dialogs: list[str] = []
    for path in files:
        stem = path.name.split(".log")[0]
        if stem not in dialogs:
            dialogs.append(stem)
        if dialogs.index(stem) >= keep:
            path.unlink(missing_ok=True)


@dataclass
class Dialog:
    id: str
    mode: str
    level: str | None
    owner: str = ""  # the user whose dialog it is: nobody else continues it
    turn: int = 0
    history: list[dict[str, str]] = field(default_factory=list)
    drill_text: str | None = None  # the sentence the learner is to repeat (drill mode)
    pending_correction: str | None = None  # from the last turn, for the next reply (stream)
    log: DialogLog | None = None
    used: float = field(default_factory=time.monotonic)

    def remember(self, user: str, assistant: str) -> None:
        self.history += [
            {"role": "user", "content": user},
            {"role": "assistant", "content": assistant},
        ]
        self.history = self.history[-2 * HISTORY_TURNS :]
        if self.log:
            self.log.write("USER", user)
            self.log.write("ASSISTANT", assistant)


class Dialogs:
    def __init__(self, settings: ConverseSettings) -> None:
        self.settings = settings
        self._dialogs: dict[tuple[str, str], Dialog] = {}  # (owner, dialog id) → dialog

    def get_or_start(
        self, dialog_id: str | None, *, mode: str, level: str | None, owner: str = ""
    ) -> Dialog:
        """``owner``'s dialog ``dialog_id`` (its mode/level updated), or a new one (with
        ``dialog_id``, else a new id). Another user's dialog of the same id is never returned."""
        self._drop_idle()
        dialog = self._dialogs.get((owner, dialog_id)) if dialog_id else None
        if dialog is None:
            new_id = dialog_id or secrets.token_urlsafe(9)
            dialog = Dialog(id=new_id, mode=mode, level=level, owner=owner)
            if self.settings.dialog_log:
                dialog.log = DialogLog(self.settings.dialog_log_dir, new_id, self.settings)
            self._dialogs[(owner, new_id)] = dialog
        dialog.mode, dialog.level, dialog.used = mode, level or dialog.level, time.monotonic()
        return dialog

    def end(self, dialog: Dialog) -> None:
        self._dialogs.pop((dialog.owner, dialog.id), None)
        if dialog.log:
            dialog.log.close()

    def _drop_idle(self) -> None:
        cutoff = time.monotonic() - self.settings.dialog_idle_s
        for dialog in [d for d in self._dialogs.values() if d.used < cutoff]:
            self.end(dialog)
