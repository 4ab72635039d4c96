"""Row visibility, the one place tenant isolation is decided: every query of a tenant-owned
table goes through :func:`visible`. Another org's rows never match, so they answer 404."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, or_, select

from orchestrator_service.auth.principal import Principal
from orchestrator_service.db.models import User

T = TypeVar("T")


def visible(stmt: Select[T], model: Any, principal: Principal) -> Select[T]:
    """Learners see their own rows; teachers their own and their org's learners'; admins all
    of their org's."""
    stmt = stmt.where(model.org_id == principal.org_id)
    if principal.role == "admin":
        return stmt
    if principal.role == "teacher":
        learners = select(User.id).where(User.org_id == principal.org_id, User.role == "learner")
        return stmt.where(or_(model.user_id == principal.user_id, model.user_id.in_(learners)))
    return stmt.where(model.user_id == principal.user_id)


def may_change(row: Any, principal: Principal) -> bool:
    """Deleting or editing: the owner, or an admin of the org (teachers only read)."""
    return bool(row.user_id == principal.user_id or principal.role == "admin")
