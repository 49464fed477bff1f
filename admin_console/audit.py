"""The one way to record an audit event; every service calls it."""

from __future__ import annotations

import getpass
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from admin_console.models import AuditEvent

logger = logging.getLogger("console.audit")


def _command_line_actor() -> str:
    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):
        return "command line"


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    target: models.Model | None = None,
    summary: str,
) -> AuditEvent:
    """Store an audit event. ``actor`` None means a management command.

    ``summary`` is shown to every console role: never put a secret in it.
    """
    event = AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else _command_line_actor(),
        action=action,
        object_type=target._meta.model_name if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        summary=summary,
    )
    logger.info("audit action=%s actor=%s object=%s summary=%s", action, event.actor_name, event.object_repr, summary)
    return event
