"""Users and groups, as Django's own admin has them, plus an audit line per role change.

A change to someone's groups, staff or superuser status or own permissions, or to a
group's permissions, is recorded with who made it and when (``AuditEntry``).
"""

import django.contrib.auth.admin as auth_admin  # registers User and Group first
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .. import services
from ..models import AuditEntry
from .guards import ActionGuardsMixin

User = get_user_model()


def user_roles(user) -> dict:
    if user is None or user.pk is None:
        return {
            "groups": set(),
            "permissions": set(),
            "staff": False,
            "superuser": False,
        }
    return {
        "groups": set(user.groups.values_list("name", flat=True)),
        "permissions": {
            f"{app}.{code}"
            for app, code in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        },
        "staff": user.is_staff,
        "superuser": user.is_superuser,
    }


def describe_role_change(before: dict, after: dict) -> str:
    lines = []
    for key, label in (("groups", "groups"), ("permissions", "own permissions")):
        added, removed = after[key] - before[key], before[key] - after[key]
        if added:
            lines.append(f"added to {label}: {', '.join(sorted(added))}")
        if removed:
            lines.append(f"removed from {label}: {', '.join(sorted(removed))}")
    for key, label in (("staff", "staff status"), ("superuser", "superuser status")):
        if before[key] != after[key]:
            lines.append(f"{label} {'granted' if after[key] else 'revoked'}")
    return "; ".join(lines)


def audit_roles(request, subject: str, detail: str) -> None:
    services.audit(
        action=AuditEntry.Action.ROLES,
        user=request.user,
        subject=subject,
        detail=detail,
    )


class AuditedUserAdmin(ActionGuardsMixin, auth_admin.UserAdmin):
    def delete_model(self, request, obj):
        self.delete_queryset(request, User.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        for user in queryset:
            roles = user_roles(user)
            audit_roles(
                request,
                f"user {user.get_username()}",
                "deleted; had groups: "
                + (", ".join(sorted(roles["groups"])) or "none"),
            )
        super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        stored = User.objects.filter(pk=obj.pk).first() if obj.pk else None
        request.roles_before = user_roles(stored)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        detail = describe_role_change(request.roles_before, user_roles(form.instance))
        if detail:
            audit_roles(request, f"user {form.instance.get_username()}", detail)


def group_permissions(group) -> set[str]:
    if group is None or group.pk is None:
        return set()
    return {
        f"{app}.{code}"
        for app, code in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


class AuditedGroupAdmin(ActionGuardsMixin, auth_admin.GroupAdmin):
    def delete_model(self, request, obj):
        self.delete_queryset(request, Group.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        for group in queryset:
            members = ", ".join(sorted(u.get_username() for u in group.user_set.all()))
            audit_roles(
                request, f"group {group.name}", f"deleted; members: {members or 'none'}"
            )
        super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        stored = Group.objects.filter(pk=obj.pk).first() if obj.pk else None
        request.permissions_before = group_permissions(stored)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before, after = request.permissions_before, group_permissions(form.instance)
        lines = []
        if after - before:
            lines.append("granted " + ", ".join(sorted(after - before)))
        if before - after:
            lines.append("revoked " + ", ".join(sorted(before - after)))
        if lines:
            audit_roles(request, f"group {form.instance.name}", "; ".join(lines))


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, AuditedUserAdmin)
admin.site.register(Group, AuditedGroupAdmin)
