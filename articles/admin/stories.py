"""Stories. Every save and state change goes through ``articles.services``.

The change form carries the story's ``lock_version``; a save from a stale form is
refused with the names of who changed what since, and the editor's input stays in the
form (``merging.KeepsOthersEditsForm``, the library screens' mechanism too). The list
carries each row's version too, for its bulk actions. A publication time is changed
in the story's form, where its checks and history are, not in the list.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.html import format_html
from taggit.managers import TaggableManager

from .. import search, services
from ..autosave import autosave_discard
from ..copy_dates import asks_for_date
from ..models import Article, ArticlePerson, Correction
from ..photos import files_kept_on_commit
from ..presence import describe, others_present, presence_mark, with_open_now
from ..text import lf
from ..times import when
from . import autosave, front, notes, wire
from .guards import InputGuardsMixin
from .labels import LabelledRowsFormSet, NamedAutocompleteMixin
from .language import LanguageFilter
from .merging import KeepsOthersEditsForm, LocksRowOnPostMixin
from .photos import ArticlePhotoInline
from .story_form import ArticleAdminForm, StoryTagsField, edited_fields
from .story_list import AgencyFilter, PublicationFilter, StoryChangeList
from .story_views import StoryRecordsMixin, _int
from .story_workflow import WorkflowButtonsMixin, error_text

Status = Article.Status


def version_field_name(pk) -> str:
    """The changelist's hidden input holding the version a row was shown at."""
    return f"_version_{pk}"


def shown_version(data, pk) -> int | None:
    try:
        return int(data.get(version_field_name(pk), ""))
    except ValueError:
        return None


class CorrectionInline(admin.TabularInline):
    """Corrections are appended with “Save and correct”, never edited afterwards."""

    model = Correction
    fields = ["created_at", "note", "user"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "corrections shown to readers"

    @staticmethod
    def shown_for(article) -> bool:
        # Only ``article_correct`` writes corrections, and it sets corrected_at.
        return article is not None and article.corrected_at is not None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ArticlePersonRowForm(KeepsOthersEditsForm, forms.ModelForm):
    """A person's row in the story form: a role or order someone else changed
    meanwhile is taken in, as on the library's screens, not silently put back."""

    class Meta:
        model = ArticlePerson
        fields = ["person", "role", "position"]


class ArticlePersonInline(NamedAutocompleteMixin, admin.TabularInline):
    model = ArticlePerson
    form = ArticlePersonRowForm
    formset = LabelledRowsFormSet
    autocomplete_fields = ["person"]
    fields = ["person", "role", "position"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")  # row names


@admin.register(Article)
class ArticleAdmin(
    LocksRowOnPostMixin,
    WorkflowButtonsMixin,
    StoryRecordsMixin,
    NamedAutocompleteMixin,
    InputGuardsMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    # Tags are compared with the value the form showed, as every field is.
    formfield_overrides = {
        **InputGuardsMixin.formfield_overrides,
        TaggableManager: {"form_class": StoryTagsField},
    }
    list_display = [
        "headline",
        "state",
        "dateline_display",  # names the agency too ("/TASS/.")
        "published_at",
        "updated_at",
        "note_count",
    ]
    list_filter = [
        "status",
        PublicationFilter,
        ("agency", AgencyFilter),
        LanguageFilter,
        "published_at",
    ]
    list_select_related = ["agency"]
    search_fields = ["headline", "dek", "wire_id"]
    date_hierarchy = "published_at"  # drawn by StoryChangeList.date_links
    # "N results (M total)" would count every story again on each filtered view.
    show_full_result_count = False
    list_per_page = 50
    autocomplete_fields = ["agency"]
    readonly_fields = [
        "state",
        "guid",
        "created_at",
        "updated_at",
        "revised_at",
        "suggested_section",
    ]
    inlines = [
        ArticlePhotoInline,
        ArticlePersonInline,
        CorrectionInline,
        wire.WireCopyInline,
        wire.WireUpdateInline,
    ]
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    fieldsets = [
        ("Story", {"fields": ["headline", "dek", "body", "lock_version"]}),
        (
            "Dateline and source",
            {
                "fields": [
                    ("dateline_place", "dateline_date"),
                    "agency",
                    "byline",
                    "language",
                ]
            },
        ),
        ("Section and tags", {"fields": ["section", "suggested_section", "tags"]}),
        (
            "Publishing",
            {"fields": ["state", "published_at", "embargo_until", "slug"]},
        ),
        (
            "Wire and record",
            {
                "fields": [
                    "wire_id",
                    "wire_version",
                    "guid",
                    "created_at",
                    "updated_at",
                    "revised_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = {"all": ["articles/admin/story-form.css"]}
        js = ["articles/admin/presence.js", "articles/admin/autosave.js"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a new class each time
        form.may_publish = services.can_publish(request.user)
        form.pressed = self.pressed(request)
        return autosave.restoring_form(form, request, obj, self)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        return autosave.restoring_rows(kwargs, request, obj, inline, prefix, self)

    @admin.display(description="suggested section")
    def suggested_section(self, obj):
        return front.suggested_section(obj) if obj else "—"

    def get_inline_instances(self, request, obj=None):
        # Panels with nothing to show (no agency copy, no pending update) are left out.
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if getattr(inline, "shown_for", lambda article: True)(obj)
        ]

    # --- Lists and columns -------------------------------------------------------

    @admin.display(description="dateline")
    def dateline_display(self, article):
        return article.dateline

    @admin.display(description="state", ordering="status")
    def state(self, article):
        """The state with scheduled/embargoed spelled out, plus the row's version."""
        label = article.state_label() if article.pk else "New draft"
        css = "published" if article.pk and article.is_published() else article.status
        badge = format_html(
            '<span class="story-state story-state-{}">{}</span>'
            '<input type="hidden" name="{}" value="{}">',
            css,
            label,
            version_field_name(article.pk),
            article.lock_version,
        )
        if getattr(article, "open_now", False):
            badge += format_html(' <span class="story-open">{}</span>', "Open now")
        return badge

    def get_queryset(self, request):
        return wire.WireUpdateInline.annotate(
            with_open_now(
                notes.with_note_counts(
                    super().get_queryset(request).select_related("agency")
                )
            )
        )

    @admin.display(description="notes", ordering="note_count")
    def note_count(self, article):
        return article.note_count

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    def view_on_site(self, article):
        return article.get_absolute_url() if article.is_published() else None

    # --- Permissions -------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # A story readers have seen is killed (410), not deleted (a silent 404).
        if obj is not None and obj.status in {Status.PUBLISHED, Status.KILLED}:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.change_article")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only view: the version is the form's business, not the reader's.
            story = fieldsets[0]
            fields = [f for f in story[1]["fields"] if f != "lock_version"]
            fieldsets[0] = (story[0], {**story[1], "fields": fields})
        if obj and obj.is_published() and services.can_publish(request.user):
            fieldsets.insert(4, ("Correction", {"fields": ["correction_note"]}))
        if self._asks_about_old_copy(request, obj):
            fieldsets.insert(4, ("Old copy", {"fields": ["old_copy"]}))
        return fieldsets

    def _asks_about_old_copy(self, request, obj) -> bool:
        """Whether the form offers the choice of date for old copy: a story this
        user may publish whose dateline is old (or may be, as just posted)."""
        if obj is not None and obj.status not in {Status.DRAFT, Status.SUBMITTED}:
            return False
        if not services.can_publish(request.user):
            return False
        return request.method == "POST" or (
            obj is not None and asks_for_date(obj, obj.dateline_date, obj.published_at)
        )

    # --- Saving through the services ---------------------------------------------

    def save_form(self, request, form, change):
        if notes := getattr(form, "body_notes", None):
            self.message_user(
                request,
                "The body was cleaned before saving; removed: "
                + "; ".join(notes)
                + ". Readers see only what is shown in the editor now.",
                messages.WARNING,
            )
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        # The note goes with the correction, not with the story's own save.
        if change and not edited_fields(form) - {"correction_note"}:
            return  # its rows may have changes: save_related then saves the story
        form.story_save = services.article_save_row(article=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        save = getattr(form, "story_save", None)
        if save is None:
            if not any(edited_fields(row) for fs in formsets for row in fs.forms):
                # Nothing to save (a button pressed on an untouched form, or Save
                # itself): no new version, no empty revision in the history.
                for formset in formsets:  # writes nothing; sets what the log reads
                    formset.save(commit=False)
                return
            # Only the photos or people changed: they make a new version too.
            save = services.article_save_row(article=form.instance, user=request.user)
        super().save_related(request, form, formsets, change)
        # The revision records the story with its tags, people and photos as saved.
        services.article_save_recorded(save=save)
        # Saved: this editor's autosave of the form (of the new story, when adding)
        # is done with, in the same transaction as the save.
        autosave_discard(article=form.instance if change else None, user=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        if object_id:
            # get_object answers None for an id that is no number
            article = self.get_object(request, unquote(object_id))
            if (
                article is not None
                and self.has_view_permission(request, article)
                and not self.has_change_permission(request, article)
            ):
                return self._refused_with_input(
                    request, article, services.edit_refusal(request.user, article)
                )
        # One transaction for the whole POST, in which get_object locks the story's
        # row (LocksRowOnPostMixin): no other save lands between this form's checks
        # and its write. The story is indexed once, with its tags, people and photos.
        # Photos uploaded in the inlines are stored as the save goes; a save that
        # fails after one of them rolls back, and takes their files with it.
        try:
            with (
                files_kept_on_commit(),
                transaction.atomic(using=router.db_for_write(self.model)),
                search.deferred(),
            ):
                return super().changeform_view(
                    request, object_id, form_url, extra_context
                )
        except (ValidationError, IntegrityError) as error:
            # What no lock holds off: a new story's address (or an old address)
            # taken by another story after this form was checked. Nothing was saved.
            reason = self._taken_meanwhile(request, error)
            article = object_id and self.get_object(request, unquote(object_id))
            return self._refused_with_input(request, article, reason, status=409)

    def _taken_meanwhile(self, request, error) -> str:
        if isinstance(error, ValidationError):
            return " ".join(error.messages)
        slug = request.POST.get("slug", "")
        if not slug or not Article.objects.filter(slug=slug).exists():
            raise error  # not the race this is for: a fault to be seen
        return str(Article(slug=slug).unique_error_message(Article, ["slug"]))

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context.update(self._workflow_context(request, obj))
        if request.method == "GET" and obj is not None:
            # Whoever opens the form is present; the page keeps saying so.
            presence_mark(article=obj, user=request.user)
            context["presence_text"] = describe(others_present(obj, request.user))
            context["presence_every"] = getattr(
                settings, "NEWSROOM_PRESENCE_SECONDS", 15
            )
        if (
            self.has_change_permission(request, obj)
            if obj
            else self.has_add_permission(request)
        ):
            # Also a form shown again after a refused save (a POST) keeps autosaving.
            posted = request.method == "POST"
            context.update(autosave.context(request, obj, self, posted))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _refused_with_input(self, request, article, reason, status=None):
        """The save was refused after the editor typed (the story moved out of their
        reach, or its address was taken meanwhile): say why and by whom, and hand
        their text back."""
        seen = _int(request.POST.get("lock_version"))
        saves = services.saves_since(article, seen) if article and seen else []
        stored = services.snapshot(article) if article else {}
        posted = {
            name: lf(request.POST[name])
            for name in services.TEXT_FIELDS
            if name in request.POST
        }
        typed = [
            (services.field_label(name), posted[name])
            for name in sorted(posted)
            if posted[name].strip() and posted[name] != (stored.get(name) or "")
        ]
        extra = {
            "reason": reason,
            "saves": services.describe_saves(saves) if saves else "",
            "typed": typed,
        }
        if article is None:  # a new story: nothing on file to show
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Your story was not saved",
                **extra,
            }
        else:
            title = f"You can no longer change “{article}”"
            context = self._context(request, article, title, **extra)
        return TemplateResponse(
            request,
            "admin/articles/article/refused.html",
            context,
            status=status or (409 if saves else 403),
        )

    def _workflow_context(self, request, article):
        user = request.user
        return {
            "can_publish": services.can_publish(user),
            "workflow_buttons": self.workflow_buttons(request, article),
            "can_kill": bool(
                article
                and article.status == Status.PUBLISHED
                and services.can_publish(user)
            ),
            "state_label": article.state_label() if article else "",
            "notes": article.notes.select_related("author") if article else [],
        }

    # --- Actions (each story separately; the row's shown version must still hold) -

    def _run_action(self, request, queryset, service, done):
        succeeded, refused = 0, []
        for article in queryset:
            version = shown_version(request.POST, article.pk)
            if version is None:
                # The list always sends each row's version; a post without one was
                # not made from the list, and would skip the check of a stale row.
                refused.append(
                    f"“{article}”: the list did not say which version of the story "
                    "it showed; reload the list and try again."
                )
                continue
            try:
                service(article=article, user=request.user, expected_version=version)
            except (
                ValidationError,
                PermissionDenied,
                services.EditConflict,
            ) as error:
                refused.append(f"“{article}”: {error_text(error)}")
            else:
                succeeded += 1
        if succeeded:
            noun = "story" if succeeded == 1 else "stories"
            self.message_user(
                request, f"{done.capitalize()} {succeeded} {noun}.", messages.SUCCESS
            )
        for line in refused:
            self.message_user(request, f"Not {done} — {line}", messages.ERROR)

    @admin.action(
        description="Submit selected drafts to the desk", permissions=["submit"]
    )
    def submit_selected(self, request, queryset):
        self._run_action(request, queryset, services.article_submit, "submitted")

    @admin.action(description="Publish selected stories", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run_action(request, queryset, publish_at_shown_time, "published")

    @admin.action(
        description="Unpublish selected stories (back to draft)",
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        self._run_action(
            request, queryset, services.article_unpublish, "moved back to draft"
        )


def publish_at_shown_time(*, article, user, expected_version=None):
    """The list's "Publish selected": a time proposed on a draft (by a reporter,
    say) is never used unseen. Such a story is refused with the time named, to be
    confirmed on its own page; the others are published now (or at the time they
    were first published)."""
    proposed = services.proposed_publication_time(article)
    if proposed is not None:
        shown = when(proposed)
        raise ValidationError(
            f"it carries a proposed publication time ({shown}); open the story to "
            "confirm that time, or clear it, and publish it there."
        )
    if asks_for_date(article, article.dateline_date, article.published_at):
        shown = formats.date_format(article.dateline_date, "DATE_FORMAT")
        raise ValidationError(
            f"its dateline is {shown}, more than two days ago; open the story to "
            "choose whether it goes out dated now or on its dateline day."
        )
    return services.article_publish(
        article=article, user=user, expected_version=expected_version
    )
