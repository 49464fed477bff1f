"""Django's admin site, where superusers manage users and their roles; every change is audited."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User

from admin_console.audit import audit_record
from admin_console.models import AuditEvent
from admin_console.roles import ROLES
from admin_console.services import record_role_change

admin.site.site_header = "Trust Console administration"
admin.site.site_title = "Trust Console"
admin.site.index_title = "Users and roles"

# Roles are defined in code (admin_console.roles) and synced on migrate; editing a
# role's permissions here would be undone, so groups are managed on the user page only.
admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
    def log_addition(self, request, obj, message):
        audit_record(actor=request.user, action="user.create", target=obj, summary=f"Created user {obj.get_username()}")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        changed = sorted({field for entry in message for field in entry.get("changed", {}).get("fields", [])})
        fields = ", ".join(changed) or "no fields"
        audit_record(
            actor=request.user, action="user.change", target=obj, summary=f"Changed user {obj.get_username()}: {fields}"
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for user in queryset:
            audit_record(actor=request.user, action="user.delete", target=user, summary=f"Deleted user {user.get_username()}")
        return super().log_deletions(request, queryset)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = set(user.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(user.groups.values_list("name", flat=True))
        for role in sorted((after - before) & set(ROLES)):
            record_role_change(actor=request.user, user=user, role=role, granted=True)
        for role in sorted((before - after) & set(ROLES)):
            record_role_change(actor=request.user, user=user, role=role, granted=False)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through the console's audited services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created", "actor_name", "action", "object_repr", "summary"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "summary"]
