"""Sections, the breaking-news banner and the arrangements of the home and section
pages (Editors).

Every addition, change and deletion is written to the audit log (who, when, what)
as well as the admin's own history. Nothing here can make a story public: the
pages show a banner or a slot only while its story is published, and these screens
say so when it is not.

Reordering slots: each slot has a position (lowest first; the first slot is the
lead). On the arrangement screen a small script of ours (``slot-order.js``) hides
the numbers and orders the rows with "Move up" / "Move down" buttons, which work
from the keyboard, and by dragging a row's handle; it numbers the slots in screen
order before each save. Without the script the numbers stay editable.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ..models import (
    Arrangement,
    ArrangementSlot,
    ArrangementVersion,
    Article,
    AuditEntry,
    Banner,
    Section,
    SectionRubric,
)
from ..times import when
from .audit import AuditedMixin
from .guards import ActionGuardsMixin
from .labels import LabelledRowsFormSet, NamedAutocompleteMixin

# Stories named when a section cannot be deleted (then "… and N more").
PROTECTED_SHOWN = 20


class SectionRubricInline(admin.TabularInline):
    model = SectionRubric
    extra = 1
    autocomplete_fields = ["agency"]
    fields = ["agency", "rubric"]
    verbose_name_plural = "agency rubrics that suggest this section"


def suggested_section(article) -> str:
    """What the agency's copy suggests for a story's section, for the editor to
    take or leave: its rubric, subjects, keywords or genre as an editor mapped
    them (Sections › agency rubrics)."""
    copy = getattr(article, "wire_copy", None) if article.pk else None
    if copy is None:
        return "—"
    story = copy.story or {}
    labels = [
        story.get("rubric", ""),
        *story.get("subjects", []),
        *story.get("keywords", []),
        story.get("genre", ""),
    ]
    found = SectionRubric.suggest(article.agency_id, labels)
    if found is None:
        return "— (no rubric of this agency's copy is mapped to a section)"
    section, label = found
    if article.section_id == section.pk:
        return f"{section.name} (chosen; the agency's “{label}”)"
    return f"{section.name}, from the agency's “{label}”: choose it above if it fits"


@admin.register(Section)
class SectionAdmin(AuditedMixin, ActionGuardsMixin, admin.ModelAdmin):
    """A section with stories cannot be deleted: the admin lists the stories that
    use it (``on_delete=PROTECT``); move them to another section first."""

    audit_action = AuditEntry.Action.FRONT
    list_display = ["name", "slug", "order", "view_on_site_link"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SectionRubricInline]

    def get_deleted_objects(self, objs, request):
        """Name the stories that keep a section (Django would otherwise speak of
        missing permissions to delete stories, which no one should do here)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        stories = Article.objects.filter(section__in=objs).order_by("-pk")
        shown = [f"Story: {story}" for story in stories[:PROTECTED_SHOWN]]
        if shown:
            more = stories.count() - len(shown)
            if more > 0:
                shown.append(f"… and {more} more stories")
            return deleted, counts, set(), shown
        return deleted, counts, perms_needed, protected

    @admin.display(description="page")
    def view_on_site_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), "View")


@admin.register(Banner)
class BannerAdmin(
    NamedAutocompleteMixin, AuditedMixin, ActionGuardsMixin, admin.ModelAdmin
):
    audit_action = AuditEntry.Action.FRONT
    list_display = ["text", "article", "starts_at", "expires_at", "shown"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    fields = ["text", "article", "starts_at", "expires_at"]
    actions = ["end_now"]

    @admin.display(description="shown to readers")
    def shown(self, obj) -> str:
        now = timezone.now()
        if obj.expires_at <= now:
            return "No: expired"
        if obj.starts_at > now:
            return "Not yet"
        if not obj.article.is_published(now):
            return f"No: the story is not public ({obj.article.state_label(now)})"
        return "Yes"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not obj.article.is_published():
            self.message_user(
                request,
                "The story is not public "
                f"({obj.article.state_label()}): readers will not see the banner "
                "until it is published.",
                messages.WARNING,
            )

    @admin.action(description="End the selected banners now")
    def end_now(self, request, queryset):
        now = timezone.now()
        ended = 0
        with transaction.atomic():
            for banner in queryset.filter(expires_at__gt=now):
                # A banner not started yet ends before it starts: it never shows.
                banner.starts_at = min(banner.starts_at, now - timedelta(seconds=1))
                banner.expires_at = now
                banner.save(update_fields=["starts_at", "expires_at"])
                self._audit(request, banner, "Ended now.")
                ended += 1
        self.message_user(request, f"{ended} banner(s) ended.", messages.SUCCESS)


class SlotsFormSet(LabelledRowsFormSet):
    def get_unique_error_message(self, unique_check):
        if "article" in unique_check:
            return "A story can fill only one slot: remove its second slot."
        return super().get_unique_error_message(unique_check)


class ArrangementSlotInline(NamedAutocompleteMixin, admin.TabularInline):
    """The slots, lead first. A slot whose story was deleted since the screen was
    drawn is dropped with a message (the formset), never a server error."""

    model = ArrangementSlot
    formset = SlotsFormSet
    extra = 3
    autocomplete_fields = ["article"]
    fields = ["position", "article", "readers_see"]
    readonly_fields = ["readers_see"]

    class Media:
        css = {"all": ["articles/admin/arrangement.css"]}
        js = ["articles/admin/slot-order.js"]

    @admin.display(description="on the public page")
    def readers_see(self, obj) -> str:
        if obj is None or obj.article_id is None:
            return ""
        return obj.skipped_because() or "Shown"


def new_draft(*, section, story_ids, note: str, user) -> tuple[Arrangement, int]:
    """A draft arrangement with these stories in this order; stories deleted since
    are left out (how many is returned with it)."""
    alive = set(Article.objects.filter(pk__in=story_ids).values_list("pk", flat=True))
    kept = [pk for pk in story_ids if pk in alive]
    draft = Arrangement.objects.create(section=section, note=note, created_by=user)
    ArrangementSlot.objects.bulk_create(
        ArrangementSlot(arrangement=draft, article_id=pk, position=n)
        for n, pk in enumerate(kept)
    )
    ArrangementVersion.objects.create(arrangement=draft, saved_by=user, story_ids=kept)
    return draft, len(story_ids) - len(kept)


def slots_in_words(story_ids, headlines: dict[int, str]) -> str:
    if not story_ids:
        return "no slots"
    named = [headlines.get(pk, f"a deleted story (#{pk})") for pk in story_ids]
    return "; ".join(
        f"{'lead' if n == 0 else n}: {name}" for n, name in enumerate(named)
    )


@admin.register(Arrangement)
class ArrangementAdmin(AuditedMixin, ActionGuardsMixin, admin.ModelAdmin):
    """Each save keeps the slots' order as a version (``ArrangementVersion``) and
    says it in the audit log; the change form lists the versions, and any one can
    be restored as a new draft (its own confirmation screen, then a POST)."""

    audit_action = AuditEntry.Action.FRONT
    list_display = ["__str__", "section", "goes_live_at", "status", "preview_link"]
    list_filter = ["section"]
    list_select_related = ["section"]
    fields = ["section", "goes_live_at", "note", "preview_link", "history"]
    readonly_fields = ["preview_link", "history"]
    inlines = [ArrangementSlotInline]
    actions = ["copy_as_draft"]
    # Versions listed on the change form, newest first.
    VERSIONS_SHOWN = 10

    @admin.display(description="status")
    def status(self, obj) -> str:
        if obj.goes_live_at is None:
            return "Draft"
        if obj.goes_live_at > timezone.now():
            return "Scheduled"
        return "Gone live"

    @admin.display(description="preview")
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return "Save first, then preview."
        url = reverse("articles:preview-arrangement", args=[obj.pk])
        return format_html('<a href="{}">Preview as readers will see it</a>', url)

    @admin.display(description="earlier orders")
    def history(self, obj):
        if obj is None or obj.pk is None:
            return "Each save is kept here, to restore from."
        versions = list(obj.versions.select_related("saved_by")[: self.VERSIONS_SHOWN])
        if not versions:
            return "None saved yet."
        ids = {pk for version in versions for pk in version.story_ids}
        headlines = dict(
            Article.objects.filter(pk__in=ids).values_list("pk", "headline")
        )
        return format_html(
            '<ol class="arrangement-versions">{}</ol>',
            format_html_join(
                "",
                '<li>{} by {}: {} — <a href="{}">restore as a new draft</a></li>',
                (
                    (
                        when(version.saved_at),
                        version.saved_by or "someone since removed",
                        slots_in_words(version.story_ids, headlines),
                        reverse(
                            "admin:articles_arrangement_restore",
                            args=[obj.pk, version.pk],
                        ),
                    )
                    for version in versions
                ),
            ),
        )

    def get_urls(self):
        restore = path(
            "<int:pk>/restore/<int:version>/",
            self.admin_site.admin_view(self.restore_view),
            name="articles_arrangement_restore",
        )
        return [restore, *super().get_urls()]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        arrangement = form.instance
        ArrangementVersion.objects.create(
            arrangement=arrangement,
            saved_by=request.user,
            story_ids=list(arrangement.slots.values_list("article_id", flat=True)),
        )

    def _audit(self, request, obj, what: str) -> None:
        # The order the change left, so the log alone tells what readers saw.
        slots = list(obj.slots.select_related("article")) if obj.pk else []
        order = slots_in_words(
            [slot.article_id for slot in slots],
            {slot.article_id: slot.article.headline for slot in slots},
        )
        super()._audit(request, obj, f"{what} Order: {order}.")

    def restore_view(self, request, pk, version):
        """Confirm (GET), then make a draft with that version's order (POST)."""
        arrangement = get_object_or_404(Arrangement, pk=pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        kept = get_object_or_404(arrangement.versions, pk=version)
        if request.method == "POST":
            with transaction.atomic():
                draft, gone = new_draft(
                    section=arrangement.section,
                    story_ids=kept.story_ids,
                    note=f"Restored from “{arrangement}”, {when(kept.saved_at)}",
                    user=request.user,
                )
                self._audit(request, draft, f"Restored from “{kept}”.")
            said = "A new draft has the order restored: give it a time to go live."
            if gone:
                said += f" Left out: {gone} of its stories, deleted since."
            self.message_user(request, said, messages.SUCCESS)
            return redirect("admin:articles_arrangement_change", draft.pk)
        headlines = dict(
            Article.objects.filter(pk__in=kept.story_ids).values_list("pk", "headline")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Restore an earlier order",
            "opts": self.opts,
            "arrangement": arrangement,
            "version": kept,
            "saved_at": when(kept.saved_at),
            "stories": [
                headlines.get(pk, "A deleted story (left out)") for pk in kept.story_ids
            ],
        }
        return TemplateResponse(
            request, "admin/articles/arrangement/restore.html", context
        )

    @admin.action(description="Copy as a new draft (restore from history)")
    def copy_as_draft(self, request, queryset):
        made = 0
        with transaction.atomic():
            for old in queryset.prefetch_related("slots"):
                new, _ = new_draft(
                    section=old.section,
                    story_ids=[slot.article_id for slot in old.slots.all()],
                    note=f"Copy of “{old}”",
                    user=request.user,
                )
                self._audit(request, new, f"Copied from “{old}”.")
                made += 1
        self.message_user(
            request,
            f"{made} draft(s) made: give one a time to go live.",
            messages.SUCCESS,
        )
