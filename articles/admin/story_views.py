"""The story's records: history, revisions (with restore) and kill, own views."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import services
from ..body_editor import photo_search, story_link_search
from ..models import Article, ArticleRevision
from . import notes, wire
from .diffs import field_diffs
from .story_workflow import error_text

Status = Article.Status


class StoryRecordsMixin:
    """For the story admin: the history, one revision against the story now (and
    its restore), and the kill confirmation, each its own view."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/<int:version>/",
                view(self.revision_view),
                name="articles_article_revision",
            ),
            path(
                "<path:object_id>/kill/",
                view(self.kill_view),
                name="articles_article_kill",
            ),
            # The body editor's "link to one of our stories" search (staff only).
            path(
                "story-links/",
                view(story_link_search),
                name="articles_story_link_search",
            ),
            # Its "Insert Figure" dialog's library photo search (photo viewers).
            path(
                "body-photos/",
                view(photo_search),
                name="articles_body_photo_search",
            ),
            *self.workflow_urls(),
            *wire.urls(self),
            *notes.urls(self),
            *super().get_urls(),
        ]

    def _story_or_404(self, request, object_id) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404("No such story.")
        return article

    def _context(self, request, article, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": title,
            "subtitle": str(article),
            "state_label": article.state_label(),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        """The story's revisions (who, when, what changed) and, for those who may
        read the audit log (Editors), its audit entries."""
        article = self._story_or_404(request, object_id)
        revisions = article.revisions.select_related("user", "restored_from")
        show_audit = request.user.has_perm("articles.view_auditentry")
        entries = article.audit_entries.select_related("user") if show_audit else []
        return TemplateResponse(
            request,
            "admin/articles/article/object_history.html",
            self._context(
                request,
                article,
                f"History: {article}",
                revisions=[
                    (r, ", ".join(map(services.field_label, r.changed_fields)))
                    for r in revisions
                ],
                show_audit=show_audit,
                audit_entries=entries,
            ),
        )

    def revision_view(self, request, object_id, version):
        """One revision against the story as it is now; POST restores it."""
        article = self._story_or_404(request, object_id)
        revision = get_object_or_404(ArticleRevision, article=article, version=version)
        if request.method == "POST":
            return self._restore(request, article, revision)
        diffs = field_diffs(revision.data, services.snapshot(article))
        return TemplateResponse(
            request,
            "admin/articles/article/revision.html",
            self._context(
                request,
                article,
                f"Revision {revision.version} compared with the story now",
                revision=revision,
                diffs=diffs,
                can_restore=services.can_edit(request.user, article)
                and self.has_change_permission(request, article),
                restored_fields=", ".join(
                    map(services.field_label, services.RESTORED_FIELDS)
                ),
            ),
        )

    def _restore(self, request, article, revision):
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        seen = _int(request.POST.get("lock_version"))
        try:
            if seen is None:  # no version, no check: refuse rather than guess
                raise ValidationError(
                    f"{UNKNOWN_VERSION} Compare it with the story now and restore "
                    "again."
                )
            _, missing = services.article_restore(
                article=article,
                revision=revision,
                user=request.user,
                expected_version=seen,
            )
        except (ValidationError, PermissionDenied, services.EditConflict) as error:
            self.message_user(
                request,
                f"Revision {revision.version} was not restored: {error_text(error)}",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            f"Restored revision {revision.version} as a new revision.",
            messages.SUCCESS,
        )
        if missing:
            self.message_user(
                request,
                "Could not bring back (deleted since): " + ", ".join(missing) + ".",
                messages.WARNING,
            )
        return HttpResponseRedirect(change_url)

    def kill_view(self, request, object_id):
        """Confirm a kill: the notice readers will see at the story's address."""
        article = self._story_or_404(request, object_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if not services.can_publish(request.user):
            raise PermissionDenied
        notice, status = services.DEFAULT_KILL_NOTICE, 200
        if request.method == "POST":
            notice = request.POST.get("kill_notice", "")
            seen = _int(request.POST.get("lock_version"))
            try:
                if seen is None:  # no version, no check: refuse rather than guess
                    status = 400
                    raise ValidationError(
                        f"{UNKNOWN_VERSION} Check the story and kill it again."
                    )
                services.article_kill(
                    article=article,
                    user=request.user,
                    notice=notice,
                    expected_version=seen,
                )
            except (ValidationError, services.EditConflict) as error:
                self.message_user(
                    request, f"Not killed: {error_text(error)}", messages.ERROR
                )
                article.refresh_from_db()  # the refused kill changed it in memory
            else:
                answer = (
                    "its address now answers 410 Gone with the notice"
                    if article.was_public_before_kill
                    else "it was never public, so it never will be: its address "
                    "answers 404 Not Found"
                )
                self.message_user(
                    request, f"“{article}” was killed; {answer}.", messages.SUCCESS
                )
                return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/articles/article/kill.html",
            self._context(
                request,
                article,
                f"Kill “{article}”?",
                notice=notice,
                killable=article.status == Status.PUBLISHED,
            ),
            status=status,
        )


UNKNOWN_VERSION = "the form did not say which version of the story it was made from."


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
