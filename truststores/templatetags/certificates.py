"""Certificate state badges, the same on every page."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()

EXPIRY_WARNING_DAYS = 30


def validity_state(not_before: dt.datetime, not_after: dt.datetime, now: dt.datetime | None = None) -> tuple[str, str]:
    """(Bootstrap colour, words) for a validity period."""
    now = now or timezone.now()
    if not_after < now:
        return "danger", f"expired {(now - not_after).days} days ago" if (now - not_after).days > 1 else "expired"
    if not_before > now:
        return "warning", "not yet valid"
    days = (not_after - now).days
    if days <= EXPIRY_WARNING_DAYS:
        return "warning", f"expires in {days} day{'s' if days != 1 else ''}"
    return "success", f"expires in {days} days"


@register.simple_tag
def validity_badge(not_before: dt.datetime, not_after: dt.datetime) -> str:
    colour, words = validity_state(not_before, not_after)
    text_class = "text-bg-warning" if colour == "warning" else f"text-bg-{colour}"
    return format_html('<span class="badge {}" data-state="{}">{}</span>', text_class, colour, words)


@register.simple_tag
def expiry_badge(not_after: dt.datetime) -> str:
    """The badge for an expiry date alone (the start of validity unknown or irrelevant)."""
    return validity_badge(dt.datetime.min.replace(tzinfo=dt.timezone.utc), not_after)
