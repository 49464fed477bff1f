from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from admin_console.roles import roles_of

# (label, URL name, permission needed to see the entry)
NAVIGATION = [
    ("Dashboard", "dashboard", None),
    ("Trust stores", "truststores:truststore_list", "truststores.view_truststore"),
    ("HTTP destinations", "destinations:destination_list", "destinations.view_httpdestination"),
    ("Audit log", "audit_log", "admin_console.view_auditevent"),
]


def console(request: HttpRequest) -> dict:
    """Navigation and roles for the layout; nothing is queried for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    nav_items = []
    for label, url_name, permission in NAVIGATION:
        if permission is None or user.has_perm(permission):
            url = reverse(url_name)
            active = request.path == url if url == "/" else request.path.startswith(url)
            nav_items.append({"label": label, "url": url, "active": active})
    return {"nav_items": nav_items, "user_roles": roles_of(user)}
