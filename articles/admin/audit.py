"""Admin screens whose changes readers see: each one also goes to the audit log."""

from django.contrib.admin.models import LogEntry

from .. import services


class AuditedMixin:
    """For a ModelAdmin: each addition, change and deletion is also written to the
    audit log (``AuditEntry``) under ``audit_action``, with the admin's own words
    for what changed."""

    audit_action: str

    def _audit(self, request, obj, what: str) -> None:
        services.audit(
            action=self.audit_action,
            user=request.user,
            subject=f"{self.model._meta.verbose_name} {obj}",
            detail=what,
        )

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit(request, obj, "Added.")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        # "Changed Description." as the admin's history says it.
        said = LogEntry(change_message=entry.change_message).get_change_message()
        self._audit(request, obj, said or "Saved without changes.")
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "Deleted.")
        return super().log_deletions(request, queryset)
