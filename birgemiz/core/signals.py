from __future__ import annotations

from birgemiz.core.logging import current_request_id
from birgemiz.core.models import AuditLog

_ACTIONS = {1: "admin.add", 2: "admin.change", 3: "admin.delete"}


def copy_admin_action_to_audit_log(sender, instance, created: bool, **kwargs) -> None:
    if not created:
        return
    AuditLog.objects.create(
        actor_id=instance.user_id,
        action=_ACTIONS.get(instance.action_flag, "admin.other"),
        target_type=instance.content_type.model_class()._meta.label_lower if instance.content_type_id else "",
        target_id=str(instance.object_id or ""),
        target_repr=(instance.object_repr or "")[:255],
        details={"change": instance.get_change_message()},
        request_id=current_request_id() or "",
    )


def invalidate_calendar(sender, **kwargs) -> None:
    """Every process re-reads the working-day corrections after one changes."""
    from birgemiz.core.workdays import overrides

    overrides.invalidate()
