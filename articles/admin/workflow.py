"""The desk's records: the audit log and old story addresses (read-only)."""

from django.contrib import admin

from ..models import ArticleRedirect, AuditEntry
from .guards import InputGuardsMixin


class ReadOnlyAdmin(InputGuardsMixin, admin.ModelAdmin):
    """Rows written by the services only: nobody adds, edits or deletes them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "username", "action", "subject", "detail"]
    list_filter = ["action", "created_at"]
    search_fields = ["username", "subject", "detail"]
    date_hierarchy = "created_at"
    list_select_related = ["article"]
    fields = ["created_at", "username", "action", "article", "subject", "detail"]


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(ReadOnlyAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__headline"]
    list_select_related = ["article"]
    fields = ["old_slug", "article", "created_at"]
