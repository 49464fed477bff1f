"""The dashboard's expiry timeline: an SVG drawn on the server (no script, no CDN).

Readable without colour: each row names its certificate and its date in text, and the
marker's shape says its state (a cross: expired; a diamond: an own certificate; a circle:
a trusted certificate).
"""

from __future__ import annotations

import datetime as dt

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from truststores.expiry import Expiry

WIDTH = 760
LEFT = 300  # labels
EXPIRED_ZONE = 60  # left of "today"
ROW = 24
TOP = 34


def _x(days_left: float, window: int) -> float:
    plot = WIDTH - LEFT - EXPIRED_ZONE - 20
    return LEFT + EXPIRED_ZONE + max(0.0, min(days_left, window)) / window * plot


def expiry_timeline_svg(rows: list[Expiry], *, now: dt.datetime, window: int, limit: int = 25) -> SafeString:
    shown = rows[:limit]
    height = TOP + ROW * max(1, len(shown)) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="timeline-title" class="expiry-timeline" font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="timeline-title">Certificates expiring within {window} days, soonest first</title>',
    ]
    # Axis: "expired" zone, today, and ticks across the window.
    today = LEFT + EXPIRED_ZONE
    parts.append(f'<text x="{today - 6}" y="14" text-anchor="end" fill="currentColor">expired</text>')
    parts.append(f'<text x="{today + 4}" y="14" fill="currentColor">today</text>')
    for day in sorted({window // 4, window // 2, 3 * window // 4, window} - {0}):
        x = _x(day, window)
        anchor = "end" if day == window else "middle"
        parts.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height - 6}" stroke="currentColor" stroke-opacity="0.25"/>')
        parts.append(f'<text x="{x:.1f}" y="14" text-anchor="{anchor}" fill="currentColor">+{day} d</text>')
    parts.append(f'<line x1="{today}" y1="20" x2="{today}" y2="{height - 6}" stroke="currentColor" stroke-width="2"/>')
    if not shown:
        parts.append(f'<text x="{LEFT}" y="{TOP + 12}" fill="currentColor">Nothing expires within {window} days.</text>')
    for index, row in enumerate(shown):
        y = TOP + index * ROW + 8
        days_left = (row.not_after - now).total_seconds() / 86400
        expired = days_left < 0
        label = f"{row.store.name} / {row.label}"
        when = f"{row.not_after:%Y-%m-%d}" + (" EXPIRED" if expired else f" ({int(days_left)} d)")
        parts.append(
            f'<a href="{escape(row.url)}"><text x="4" y="{y + 4}" fill="currentColor">'
            f"<title>{escape(row.kind)} {escape(label)}, SHA-256 {escape(row.sha256)}</title>"
            f"{escape(label[:38] + ('…' if len(label) > 38 else ''))}</text></a>"
        )
        if expired:
            x = LEFT + EXPIRED_ZONE / 2
            parts.append(
                f'<path d="M{x - 5},{y - 5} L{x + 5},{y + 5} M{x - 5},{y + 5} L{x + 5},{y - 5}" stroke="#dc3545" stroke-width="3"/>'
            )
        else:
            x = _x(days_left, window)
            colour = "#fd7e14" if days_left <= 7 else "#0d6efd"
            if row.kind == "own certificate":
                parts.append(f'<path d="M{x},{y - 6} L{x + 6},{y} L{x},{y + 6} L{x - 6},{y} Z" fill="{colour}"/>')
            else:
                parts.append(f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="{colour}"/>')
        if expired:
            text_x, anchor = today + 8, "start"  # right of the "today" line, clear of the cross
        else:
            marker = _x(days_left, window)
            text_x, anchor = (marker - 10, "end") if marker + 10 > WIDTH - 110 else (marker + 10, "start")
        parts.append(f'<text x="{text_x:.1f}" y="{y + 4}" text-anchor="{anchor}" fill="currentColor">{escape(when)}</text>')
    if len(rows) > limit:
        parts.append(f'<text x="4" y="{height - 2}" fill="currentColor">and {len(rows) - limit} more</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above
