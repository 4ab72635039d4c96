"""The caller of a request and what their role lets them see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from orchestrator_service.db.models import User

Via = Literal["key", "session", "auth-off"]


@dataclass(frozen=True)
class Principal:
    user_id: str
    org_id: str
    org: str
    email: str
    role: str  # learner | teacher | admin
    via: Via
    key_id: str | None = None

    @classmethod
    def of(cls, user: User, via: Via, key_id: str | None = None) -> Principal:
        return cls(user.id, user.org_id, user.org.name, user.email, user.role, via, key_id)

    @property
    def sees_org(self) -> bool:
        """Teachers and admins see every attempt, voice and job of their org; learners their
        own."""
        return self.role in ("teacher", "admin")
