"""People, agencies, tags and photos: what shows on published stories is guarded.

A person's description, an agency's name, a tag or a photo's caption appears on
every published story that uses it, so changing one changes published copy. Only
those who may change published stories (``publish_article``: Editors) change or
delete one that a published story uses; others see it read-only. Every addition,
change and deletion is written to the audit log as well as the admin's history.
"""

from .. import services
from ..models import Article, AuditEntry
from .audit import AuditedMixin


class ShownOnStoriesMixin(AuditedMixin):
    """For the ModelAdmin of a model stories show. ``story_lookup`` is the path
    from Article to the model (``"agency"``, ``"person_roles__person"``)."""

    story_lookup: str
    audit_action = AuditEntry.Action.LIBRARY

    def used_by_published_stories(self, obj) -> bool:
        return Article.objects.filter(
            status=Article.Status.PUBLISHED, **{self.story_lookup: obj}
        ).exists()

    def _may_change_shown(self, request, obj) -> bool:
        return (
            obj is None
            or request.user.has_perm(services.PUBLISH_PERMISSION)
            or not self.used_by_published_stories(obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_change_shown(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change_shown(
            request, obj
        )
