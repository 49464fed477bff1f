"""Shared view machinery (closed by default, roles named on refusal) and the console's own pages."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q, QuerySet
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBase, JsonResponse
from django.views.generic import ListView, TemplateView

from admin_console.models import AuditEvent
from admin_console.roles import roles_granting, roles_of

# Declares a view open to every signed-in user, whatever their roles.
SIGNED_IN = "signed-in"


def missing_role_message(user, permissions: Sequence[str]) -> str:
    """The 403 text: which role the page needs and which roles the user holds."""
    missing = next((perm for perm in permissions if not user.has_perm(perm)), permissions[0])
    granting = roles_granting(missing)
    if not granting:
        needed = "a role no one holds (only superusers may use it)"
    elif len(granting) == 1:
        needed = f"the {granting[0]} role"
    else:
        needed = f"the {granting[0]} role (or {', '.join(granting[1:])})"
    held = ", ".join(roles_of(user)) or "no console role"
    return f"This page needs {needed}. You hold {held}. Ask a console superuser to grant the role."


class RoleRequiredMixin(PermissionRequiredMixin):
    """Every console view declares ``permission_required``: a permission, a list, or ``SIGNED_IN``.

    A view that declares nothing fails loudly instead of opening up.
    """

    permission_required: str | Sequence[str] | None = None

    def get_permission_required(self) -> Sequence[str]:
        if self.permission_required is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must declare permission_required.")
        if self.permission_required == SIGNED_IN:
            return ()
        if isinstance(self.permission_required, str):
            return (self.permission_required,)
        return tuple(self.permission_required)

    def handle_no_permission(self) -> HttpResponseBase:
        if not self.request.user.is_authenticated:
            return super().handle_no_permission()
        raise PermissionDenied(missing_role_message(self.request.user, self.get_permission_required()))


class UploadCapMixin:
    """For FormViews taking a file: a file stopped by the upload cap becomes the form's error."""

    def post(self, request, *args, **kwargs) -> HttpResponseBase:
        from admin_console.uploads import upload_refused

        form = self.get_form()
        refused = upload_refused(request)
        if refused:
            form.is_valid()
            form.add_error(None, refused)
            return self.form_invalid(form)
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)


class DashboardView(RoleRequiredMixin, TemplateView):
    """What needs attention: expiries (with a timeline), failing destinations, latest changes.
    Each part shows only to the roles that may see what it lists."""

    permission_required = SIGNED_IN
    template_name = "admin_console/dashboard.html"

    def get_context_data(self, **kwargs):
        from django.conf import settings
        from django.utils import timezone

        from destinations.models import HttpDestination
        from truststores.expiry import destination_expiries, expiring
        from truststores.models import Certificate, TrustStore
        from truststores.timeline import expiry_timeline_svg

        context = super().get_context_data(**kwargs)
        user = self.request.user
        now = timezone.now()
        window = settings.CONSOLE_EXPIRY_WARNING_DAYS
        context.update(now=now, window=window)
        if user.has_perm("truststores.view_truststore"):
            rows = expiring(window, now=now)
            context.update(
                store_count=TrustStore.objects.count(),
                certificate_count=Certificate.objects.count(),
                expired=[row for row in rows if row.expired(now)],
                expiring_soon=[row for row in rows if not row.expired(now)],
                timeline=expiry_timeline_svg(rows, now=now, window=window),
            )
        if user.has_perm("destinations.view_httpdestination"):
            context.update(
                destination_count=HttpDestination.objects.count(),
                destination_expiries=destination_expiries(),
                failing=HttpDestination.objects.filter(last_test_ok=False).order_by("-last_test_at"),
            )
        if user.has_perm("admin_console.view_auditevent"):
            context["recent_events"] = AuditEvent.objects.all()[:10]
        return context


class AuditEventListView(RoleRequiredMixin, ListView):
    permission_required = "admin_console.view_auditevent"
    template_name = "admin_console/audit_list.html"
    context_object_name = "events"

    def get_paginate_by(self, queryset) -> int:
        from django.conf import settings

        return settings.CONSOLE_PAGE_SIZE

    def get_queryset(self) -> QuerySet[AuditEvent]:
        events = AuditEvent.objects.all()
        query = self.request.GET.get("q", "").strip()
        if query:
            events = events.filter(
                Q(actor_name__icontains=query)
                | Q(action__icontains=query)
                | Q(object_repr__icontains=query)
                | Q(summary__icontains=query)
            )
        return events

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "").strip()
        return context


def bad_request(request, exception=None):
    """400, or 413 with the limit named when the form data was over the upload cap."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig
    from django.shortcuts import render

    from admin_console.uploads import format_size

    if isinstance(exception, RequestDataTooBig):
        limit = format_size(settings.CONSOLE_UPLOAD_MAX_BYTES)
        context = {
            "heading": "Upload too large",
            "reason": f"The data sent is larger than the {limit} limit (CONSOLE_UPLOAD_MAX_BYTES). Nothing was stored.",
        }
        return render(request, "400.html", context, status=413)
    context = {"heading": "Bad request", "reason": "The console could not understand this request. Nothing was stored."}
    return render(request, "400.html", context, status=400)


@login_not_required
def healthz(request) -> JsonResponse:
    """For load balancers and monitors, without sign-in: 200 when the database answers, 503 otherwise."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout page: 429, saying why and for how long, in the console's layout."""
    from django.conf import settings
    from django.shortcuts import render

    from axes.helpers import get_client_username

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
    }
    return render(request, "registration/locked_out.html", context, status=429)
