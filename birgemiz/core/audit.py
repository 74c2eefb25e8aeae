"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from birgemiz.core.logging import current_request_id
from birgemiz.core.models import AuditLog


def audit(*, actor: Any, action: str, target: models.Model | None = None, **details: Any) -> AuditLog:
    """Record that ``actor`` did ``action`` to ``target``; ``details`` must be JSON-serialisable."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        details=details,
        request_id=current_request_id() or "",
    )
