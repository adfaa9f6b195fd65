"""Stories. Every save and state change goes through ``articles.services``.

The change form carries the story's ``lock_version``; a save from a stale form is
refused with the names of who changed what since, and the editor's input stays in the
form. The list carries each row's version too, for its bulk actions. A publication
time is changed in the story's form, where its checks and history are, not in the list.
"""

from datetime import date, datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError
from django.db.models import Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .. import services
from ..body import cleaning_notes
from ..body_editor import BodyEditorWidget, story_link_search
from ..body_render import unpublished_links_note
from ..copy_dates import asks_for_date, dateline_time
from ..forms import edited
from ..languages import normalize_tag
from ..models import Article, ArticlePerson, ArticleRevision, Correction
from ..photos import files_kept_on_commit
from ..presence import describe, others_present, presence_mark, with_open_now
from ..text import lf, tidy_tag_names
from ..times import when
from . import front, notes, wire
from .guards import GuardedChangeList, InputGuardsMixin
from .labels import LabelledRowsFormSet, NamedAutocompleteMixin
from .language import LanguageFilter, LanguageTagInput
from .merging import KeepsOthersEditsForm
from .photos import ArticlePhotoInline

Status = Article.Status


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You do not have permission to do that."


def version_field_name(pk) -> str:
    """The changelist's hidden input holding the version a row was shown at."""
    return f"_version_{pk}"


def shown_version(data, pk) -> int | None:
    try:
        return int(data.get(version_field_name(pk), ""))
    except ValueError:
        return None


def snapshot_value(name: str, value):
    """A form's cleaned value in the shape ``services.snapshot`` stores it."""
    if name == "agency":
        return {"id": value.pk, "label": value.short_name} if value else None
    if name == "tags":
        return sorted(value or [], key=str.lower)
    return services.json_value(value)


def edited_fields(form) -> set[str]:
    """The fields of a bound form its editor changed, line breaks as LF (Django's
    ``changed_data`` compares the posted CRLF)."""
    return {name for name in form.changed_data if edited(form, name)}


def same_value(name: str, a, b) -> bool:
    """Two snapshot values of field ``name`` as an editor sees them: times to the
    second, as the form shows them."""
    if name in TIME_FIELDS and a and b:
        return datetime.fromisoformat(a).replace(
            microsecond=0
        ) == datetime.fromisoformat(b).replace(microsecond=0)
    return a == b


TIME_FIELDS = {"published_at", "embargo_until"}


class ArticleAdminForm(forms.ModelForm):
    """The story form: refuses a stale save and says what changed meanwhile."""

    correction_note = forms.CharField(
        label="Correction note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        # A validator, not max_length: a maxlength attribute would let the browser
        # cut a pasted note short without a word.
        validators=[MaxLengthValidator(Correction.text_limits["note"])],
        help_text=(
            "For “Save and correct”: what was wrong and what is right now. "
            "Readers see it under the story with its time."
        ),
    )

    old_copy = forms.ChoiceField(
        label="Publication time",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("now", "Publish it now, dated now"),
            ("dateline", "Publish it dated its dateline day"),
        ],
        help_text=(
            "Only for “Save and publish” when the dateline is more than two days "
            "old: readers see the date chosen here."
        ),
    )

    class Meta:
        model = Article
        # The admin replaces this with the fields of its fieldsets.
        fields = ["headline", "lock_version"]
        widgets = {
            "lock_version": forms.HiddenInput,
            "language": LanguageTagInput,
            "body": BodyEditorWidget,
        }

    def clean_language(self):
        # "EN" or "pt_br" is what the editor meant: store it as "en", "pt-BR".
        value = self.cleaned_data.get("language", "")
        return normalize_tag(value) or value

    def clean_body(self):
        # What the cleaning (BodyFormField) removes is told to the editor on save.
        self.body_notes = cleaning_notes(self.data.get(self.add_prefix("body"), ""))
        return self.cleaned_data.get("body", "")

    def clean_tags(self):
        return tidy_tag_names(self.cleaned_data.get("tags") or [])

    def clean_published_at(self):
        return self._stored_time_kept("published_at")

    def clean_embargo_until(self):
        return self._stored_time_kept("embargo_until")

    def _stored_time_kept(self, name):
        """The form shows whole seconds; a time left as shown keeps the stored one,
        fractions included, so a save without edits changes nothing (and readers
        are not told the story was updated)."""
        value, stored = self.cleaned_data.get(name), getattr(self.instance, name)
        if value and stored and value == stored.replace(microsecond=0):
            return stored
        return value

    def clean(self):
        cleaned = super().clean()
        # Browsers send a textarea's line breaks as CRLF; the stored copy uses LF, so
        # without this an untouched body would count as changed in every revision.
        for name in services.TEXT_FIELDS & cleaned.keys():
            if isinstance(cleaned[name], str):
                cleaned[name] = lf(cleaned[name])
        stored = self.instance
        seen = cleaned.get("lock_version")
        if stored.pk is not None and seen is not None and seen != stored.lock_version:
            self._explain_conflict(cleaned)
        note = cleaned.get("correction_note", "")
        if "correction_note" in self.errors:
            pass
        elif "_correct" in self.data and not note.strip():
            self.add_error(
                "correction_note", "Write the correction note readers will see."
            )
        elif "_correct" not in self.data and note.strip():
            # Any other button would save the story and drop the note unseen.
            self.add_error(
                "correction_note",
                "A correction note is published only with “Save and correct”: "
                "press that, or clear the note to save without a correction.",
            )
        candidate = Article(
            published_at=cleaned.get("published_at"),
            embargo_until=cleaned.get("embargo_until"),
        )
        try:
            services.check_schedule(stored if stored.pk else None, candidate)
        except ValidationError as error:
            self.add_error(None, error)
        self._check_old_copy(cleaned)
        return cleaned

    # Set per request by the admin: only a publisher is asked about old copy (for
    # anyone else the publish button is refused by the service, with its reason).
    may_publish = False

    def _check_old_copy(self, cleaned):
        """Old copy is published only once the editor chose how it is dated."""
        dateline = cleaned.get("dateline_date")
        if (
            not self.may_publish
            or "_publish" not in self.data
            or cleaned.get("old_copy")
            or not asks_for_date(self.instance, dateline, cleaned.get("published_at"))
        ):
            return
        shown = formats.date_format(dateline, "DATE_FORMAT")
        self.add_error(
            "old_copy",
            f"This copy's dateline is {shown}, more than two days ago. Choose "
            f"whether it goes out dated now or dated {shown}, then press “Save "
            "and publish” again.",
        )

    def _explain_conflict(self, cleaned):
        """Name the saves this editor missed; keep their input; let them save again.

        Fields only the other editor changed are taken into the form (so saving again
        keeps both people's work); fields both changed keep this editor's text and
        show what is on file now. The form's version moves to the stored one, so the
        next save is a deliberate decision made with all of this on screen.
        """
        stored, seen = self.instance, cleaned["lock_version"]
        saves = services.saves_since(stored, seen)
        base = ArticleRevision.objects.filter(article=stored, version=seen).first()
        now_on_file = services.snapshot(stored)
        self.data = self.data.copy()
        self.data[self.add_prefix("lock_version")] = str(stored.lock_version)
        taken, clashes = [], []
        for name in services.changed_fields(base.data, now_on_file) if base else []:
            if name not in self.fields or name == "status":
                continue
            mine = snapshot_value(name, cleaned.get(name))
            if same_value(name, mine, base.data.get(name)):
                self._show_stored(name, now_on_file)
                taken.append(services.field_label(name))
            elif not same_value(name, mine, now_on_file.get(name)):
                clashes.append(name)
        for name in clashes:
            shown = services.display_value(name, now_on_file.get(name))
            self.add_error(
                name,
                f"Changed meanwhile by someone else; now on file: “{shown[:500]}”. "
                "Your text is kept here.",
            )
        message = (
            f"This story was changed after you opened it: "
            f"{services.describe_saves(saves)}. Nothing was saved. Your input is "
            "kept below"
        )
        if taken:
            message += "; their changes to " + ", ".join(taken) + " are now in the form"
        self.add_error(None, message + ". Check the form, then save again.")

    def _show_stored(self, name, now_on_file):
        """Put the stored value of ``name`` into the posted data, in the shape its
        widget posts it, so the form shows it and saving again keeps it."""
        key = self.add_prefix(name)
        if name in services.TEXT_FIELDS:
            self.data[key] = now_on_file[name] or ""
            return
        field = self.fields[name]
        value = field.prepare_value(self.initial.get(name))
        widget = getattr(field.widget, "widget", field.widget)  # the admin's wrapper
        if isinstance(widget, forms.MultiWidget):  # e.g. a split date and time
            parts = widget.decompress(value)
            for suffix, part_widget, part in zip(
                widget.widgets_names, widget.widgets, parts, strict=True
            ):
                self.data[key + suffix] = part_widget.format_value(part) or ""
            return
        shown = widget.format_value(value)
        if isinstance(shown, list):  # choice widgets give the selected values
            self.data.setlist(key, shown)
        else:
            self.data[key] = shown or ""


class CorrectionInline(admin.TabularInline):
    """Corrections are appended with “Save and correct”, never edited afterwards."""

    model = Correction
    fields = ["created_at", "note", "user"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "corrections shown to readers"

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


class AgencyFilter(admin.RelatedFieldListFilter):
    """The agencies, and stories without one under a name, not a bare "-"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "No agency"


class PublicationFilter(admin.SimpleListFilter):
    """Published stories split by what readers see right now."""

    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("live", "Live now"),
            ("scheduled", "Scheduled"),
            ("embargoed", "Embargoed"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Status.PUBLISHED)
        if self.value() == "live":
            return queryset.published(now)
        if self.value() == "scheduled":
            return published.filter(published_at__gt=now)
        if self.value() == "embargoed":
            return published.filter(embargo_until__gt=now)
        return queryset


class StoryChangeList(GuardedChangeList):
    """The story list, with a date hierarchy that never reads every story.

    Django's hierarchy finds the years (months, days) that hold stories with a
    DISTINCT over a date function of every row: on SQLite a Python call per row,
    0.25–0.7 s at 100,000 stories, plus a MIN/MAX that reads the whole index. Here
    one query reads the oldest and the newest date listed, one index entry at each
    end, and every period between them is offered (as the public archive index
    does); a period without stories shows an empty list.
    """

    def date_range(self):
        """The oldest and newest ``date_hierarchy`` value of the stories listed."""
        field = self.date_hierarchy
        dated = (
            self.queryset.order_by().filter(**{f"{field}__isnull": False}).values(field)
        )
        # Two scalar subqueries in one statement; the outer row is any one story
        # (none: the table is empty, and so is the list).
        ends = (
            Article.objects.order_by()
            .annotate(
                first=Subquery(dated.order_by(field)[:1]),
                last=Subquery(dated.order_by(f"-{field}")[:1]),
            )
            .values_list("first", "last")[:1]
        )
        first, last = next(iter(ends), (None, None))
        if first is None:
            return None, None
        return timezone.localtime(first), timezone.localtime(last)

    @cached_property
    def date_links(self) -> dict:
        """The context of Django's ``admin/date_hierarchy.html``."""
        field = self.date_hierarchy
        names = {part: f"{field}__{part}" for part in ("year", "month", "day")}
        year, month, day = (self.params.get(name) for name in names.values())
        if not year:  # as Django: without a year, a month or day is no level
            month = day = None

        def link(filters):
            return self.get_query_string(filters, [f"{field}__"])

        if year and month and day:  # one day: nothing to look up
            shown = date(int(year), int(month), int(day))
            return {
                "show": True,
                "back": {
                    "link": link({names["year"]: year, names["month"]: month}),
                    "title": capfirst(formats.date_format(shown, "YEAR_MONTH_FORMAT")),
                },
                "choices": [
                    {"title": capfirst(formats.date_format(shown, "MONTH_DAY_FORMAT"))}
                ],
            }
        first, last = self.date_range()
        if first is None and not year:
            return {"show": True, "back": None, "choices": []}
        if not year and first.year == last.year:  # start where there is a choice
            year = str(first.year)
            if first.month == last.month:
                month = str(first.month)
        if year and month:
            # The list holds only this month's stories: first and last are in it.
            days = range(first.day, last.day + 1) if first else ()
            return {
                "show": True,
                "back": {"link": link({names["year"]: year}), "title": year},
                "choices": [
                    {
                        "link": link(
                            {
                                names["year"]: year,
                                names["month"]: month,
                                names["day"]: d,
                            }
                        ),
                        "title": capfirst(
                            formats.date_format(
                                date(int(year), int(month), d), "MONTH_DAY_FORMAT"
                            )
                        ),
                    }
                    for d in days
                ],
            }
        if year:
            return {
                "show": True,
                "back": {"link": link({}), "title": _("All dates")},
                "choices": [
                    {
                        "link": link({names["year"]: year, names["month"]: m}),
                        "title": capfirst(
                            formats.date_format(
                                date(int(year), m, 1), "YEAR_MONTH_FORMAT"
                            )
                        ),
                    }
                    for m in (range(first.month, last.month + 1) if first else ())
                ],
            }
        return {
            "show": True,
            "back": None,
            "choices": [
                {"link": link({names["year"]: str(y)}), "title": str(y)}
                for y in range(first.year, last.year + 1)
            ],
        }


@admin.register(Article)
class ArticleAdmin(NamedAutocompleteMixin, InputGuardsMixin, admin.ModelAdmin):
    form = ArticleAdminForm
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
        js = ["articles/admin/presence.js"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a new class each time
        form.may_publish = services.can_publish(request.user)
        return form

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
        return with_open_now(
            notes.with_note_counts(
                super().get_queryset(request).select_related("agency")
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

    def save_model(self, request, obj, form, change):
        """Saved in ``save_related``, together with its inlines, by the service."""

    def save_related(self, request, form, formsets, change):
        # The note goes with the correction, not with the story's own save.
        edited = edited_fields(form) - {"correction_note"}
        rows_edited = any(
            edited_fields(row) for formset in formsets for row in formset.forms
        )
        if change and not edited and not rows_edited:
            # Nothing to save (a button pressed on an untouched form, or Save
            # itself): no new version, no empty revision in the history.
            for formset in formsets:
                formset.save(commit=False)  # writes nothing; sets what the log reads
            return
        services.article_save(
            article=form.instance,
            user=request.user,
            save_related=lambda: super(ArticleAdmin, self).save_related(
                request, form, formsets, change
            ),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = None
        if object_id:  # get_object answers None for an id that is no number
            article = self.get_object(request, unquote(object_id))
        if (
            request.method == "POST"
            and article is not None
            and self.has_view_permission(request, article)
            and not self.has_change_permission(request, article)
        ):
            return self._refused_with_input(request, article)
        extra_context = {
            **(extra_context or {}),
            **self._workflow_context(request, article),
        }
        if (
            request.method == "GET"
            and article is not None
            and self.has_view_permission(request, article)
        ):
            # Whoever opens the form is present; the page keeps saying so.
            presence_mark(article=article, user=request.user)
            extra_context["presence_text"] = describe(
                others_present(article, request.user)
            )
            extra_context["presence_every"] = getattr(
                settings, "NEWSROOM_PRESENCE_SECONDS", 15
            )
        # Photos uploaded in the inlines are stored as the save goes; a save that
        # fails after one of them rolls back, and takes their files with it.
        try:
            with files_kept_on_commit():
                return super().changeform_view(
                    request, object_id, form_url, extra_context
                )
        except (services.EditConflict, ValidationError, IntegrityError):
            # Another save landed between this form's checks and its save (a newer
            # version, or the slug this one chose). Show the form again: its checks
            # now see that save, name the field and keep this editor's input.
            with files_kept_on_commit():
                return super().changeform_view(
                    request, object_id, form_url, extra_context
                )

    def _refused_with_input(self, request, article):
        """The story moved out of this user's reach (submitted, published, killed)
        while they typed: say why and by whom, and hand their text back."""
        seen = _int(request.POST.get("lock_version"))
        saves = services.saves_since(article, seen) if seen is not None else []
        stored = services.snapshot(article)
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
        return TemplateResponse(
            request,
            "admin/articles/article/refused.html",
            self._context(
                request,
                article,
                f"You can no longer change “{article}”",
                reason=services.edit_refusal(request.user, article),
                saves=services.describe_saves(saves) if saves else "",
                typed=typed,
            ),
            status=409 if saves else 403,
        )

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except services.EditConflict:
            return super().changelist_view(request, extra_context)

    def _workflow_context(self, request, article):
        user = request.user
        buttons = []
        if article is None:
            pass
        elif article.status == Status.DRAFT:
            if services.can_edit(user, article):
                buttons.append(("_submit", "Save and submit"))
            if services.can_publish(user):
                buttons.append(("_publish", "Save and publish"))
        elif article.status == Status.SUBMITTED and services.can_publish(user):
            buttons += [
                ("_publish", "Save and publish"),
                ("_unpublish", "Save and send back to draft"),
            ]
        elif article.status == Status.PUBLISHED and services.can_publish(user):
            # A story not yet public (scheduled, embargoed) is simply edited.
            if article.is_published():
                buttons.append(("_correct", "Save and correct"))
            buttons.append(("_unpublish", "Save and unpublish"))
        return {
            "can_publish": services.can_publish(user),
            "workflow_buttons": buttons,
            "can_kill": bool(
                article
                and article.status == Status.PUBLISHED
                and services.can_publish(user)
            ),
            "state_label": article.state_label() if article else "",
            "notes": article.notes.select_related("author") if article else [],
        }

    BUTTONS = {
        "_submit": ("submitted", services.article_submit),
        "_publish": ("published", services.article_publish),
        "_unpublish": ("moved back to draft", services.article_unpublish),
        "_correct": ("corrected", services.article_correct),
    }

    def _pressed(self, request) -> str | None:
        return next((name for name in self.BUTTONS if name in request.POST), None)

    def _apply_button(self, request, article, form=None):
        """Run the state change a button asked for, after the form was saved."""
        done, service = self.BUTTONS[self._pressed(request)]
        kwargs = {}
        if service is services.article_correct:
            kwargs["note"] = form.cleaned_data["correction_note"] if form else ""
        if (
            service is services.article_publish
            and form
            and form.cleaned_data.get("old_copy") == "dateline"
        ):
            kwargs["at"] = dateline_time(article, article.dateline_date)
        try:
            service(article=article, user=request.user, **kwargs)
        except (ValidationError, PermissionDenied, services.EditConflict) as error:
            self.message_user(
                request,
                f"Your changes were saved, but the story was not {done}: "
                f"{error_text(error)}",
                messages.ERROR,
            )
        else:
            # "was published" already says it; a scheduled or embargoed story says
            # when readers will see it.
            state = article.state_label()
            then = "" if state.lower() == done else f" {state}."
            self.message_user(
                request, f"“{article}” was {done}.{then}", messages.SUCCESS
            )
            if note := unpublished_links_note(article.body):
                self.message_user(request, note, messages.WARNING)

    def save_form(self, request, form, change):
        request.article_form = form  # the admin object is shared between requests
        if notes := getattr(form, "body_notes", None):
            self.message_user(
                request,
                "The body was cleaned before saving; removed: " + "; ".join(notes)
                + ". Readers see only what is shown in the editor now.",
                messages.WARNING,
            )
        return super().save_form(request, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        if self._pressed(request):
            self._apply_button(request, obj, getattr(request, "article_form", None))
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[obj.pk])
            )
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self._pressed(request):
            # Stay on the story, so the editor sees its new state and "View on site".
            self._apply_button(request, obj, getattr(request, "article_form", None))
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

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

    # --- History, diff, restore, kill --------------------------------------------

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
        diffs = services.field_diffs(revision.data, services.snapshot(article))
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
