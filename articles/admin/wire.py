"""Editors' wire screens: "Import wire story", and reviewing an agency's new version.

The import page takes pasted copy or an uploaded file, parses it with the same
parsers as ``manage.py ingest_wire`` and opens the draft in the story editor, with
what the parser was unsure of listed at the top. A newer agency version of a story
the desk has edited waits as a pending update; its review page (``wire_review``)
shows the three-way merge paragraph by paragraph and applies it in one click.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from ..models import Article, WireCopy, WireUpdate
from ..wire import FORMATS, WireError, read_stories
from ..wire.importer import (
    CREATED,
    PENDING,
    UNCHANGED,
    WireImporter,
    default_reference_date,
)
from .wire_review import update_view

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FORMAT_LABELS = {
    "auto": "Tell by content",
    "agency-text": "Agency page text",
    "ninjs": "IPTC ninjs (JSON)",
    "newsml-g2": "NewsML-G2 (XML)",
    "nitf": "NITF 3.x (XML)",
    "iptc7901": "IPTC 7901 (dpa and others)",
    "anpa": "ANPA 1312 (AP)",
}


class WireImportForm(forms.Form):
    text = forms.CharField(
        label="Paste the agency's copy",
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        required=False,
        strip=False,
        help_text="The story page as text, a ninjs document, a NewsML-G2 item, a NITF "
        "document or an IPTC 7901 / ANPA 1312 message.",
    )
    upload = forms.FileField(label="Or upload a file", required=False)
    format = forms.ChoiceField(
        choices=[(f, FORMAT_LABELS[f]) for f in FORMATS], initial="auto", required=False
    )
    reference_date = forms.DateField(
        required=False,
        help_text="For a dateline without a year: the latest such date not after "
        "this one (default today).",
    )

    # What a message calls the input: the uploaded file by its name, or nothing.
    source = ""

    def clean(self):
        cleaned = super().clean()
        if self.has_error("text") or self.has_error("upload"):
            return cleaned  # said under the field (a NUL, an empty file), not here
        text, upload = cleaned.get("text", ""), cleaned.get("upload")
        if text.strip() and upload:
            raise ValidationError("Paste the copy or upload a file, not both.")
        if upload:
            self.source = f" from “{upload.name}”"
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    f"Nothing was imported{self.source}: the file is larger than "
                    f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
                )
            data = upload.read()
        elif text.strip():
            data = text.encode("utf-8")
        else:
            raise ValidationError("Paste the agency's copy or choose a file.")
        try:
            self.stories = read_stories(
                data,
                fmt=cleaned.get("format") or "auto",
                reference_date=cleaned.get("reference_date")
                or default_reference_date(),
            )
        except WireError as error:
            message = f"Nothing was imported{self.source}: {error}"
            raise ValidationError(message) from None
        return cleaned


def import_view(request, model_admin):
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    form = WireImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        importer = WireImporter(user=request.user)
        results = []
        try:
            for story in form.stories:
                results.append((story, importer.import_story(story)))
        except (WireError, ValidationError) as error:
            reason = " ".join(getattr(error, "messages", [str(error)]))
            done, total = len(results), len(form.stories)
            form.add_error(
                None,
                f"Imported {done} of {total} stories{form.source}, then stopped: "
                f"{reason}"
                if done
                else f"Nothing was imported{form.source}: {reason}",
            )
        else:
            return _after_import(request, model_admin, results)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import wire story",
        "form": form,
        "opts": Article._meta,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/articles/wire_import.html", context)


def _after_import(request, model_admin, results):
    said = {
        CREATED: "was imported as a draft",
        "updated": "was updated with the agency's new version",
        PENDING: "already exists and has been edited: the agency's new version is "
        "waiting for you to review",
        UNCHANGED: "is already here in this version; nothing changed",
    }
    for story, result in results:
        level = messages.WARNING if result.outcome == PENDING else messages.SUCCESS
        model_admin.message_user(
            request, f"“{result.article}” {said[result.outcome]}.", level
        )
        if result.outcome != UNCHANGED:
            for note in [*result.notes, *story.unsure]:
                model_admin.message_user(request, f"Check: {note}", messages.WARNING)
    if len(results) == 1:
        article = results[0][1].article
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )
    return HttpResponseRedirect(reverse("admin:articles_article_changelist"))


def urls(model_admin) -> list:
    """The wire pages, mounted under the story admin (``ArticleAdmin.get_urls``)."""
    site = model_admin.admin_site
    return [
        path(
            "import-wire/",
            site.admin_view(lambda request: import_view(request, model_admin)),
            name="articles_article_import_wire",
        ),
        path(
            "<path:object_id>/wire-update/<int:update_id>/",
            site.admin_view(
                lambda request, object_id, update_id: update_view(
                    request, model_admin, object_id, update_id
                )
            ),
            name="articles_article_wire_update",
        ),
    ]


class WireCopyFormSet(BaseInlineFormSet):
    """The story's one wire copy, as read with the story (``shown_for``): no
    second query for it. The panel is read-only, so nothing is saved through it."""

    def get_queryset(self):
        copy = getattr(self.instance, "wire_copy", None)
        return [copy] if copy is not None else []


class WireCopyInline(admin.StackedInline):
    """What the agency sent, on the story's page: parser notes and its photos."""

    formset = WireCopyFormSet

    model = WireCopy
    verbose_name = "agency copy"
    verbose_name_plural = "agency copy"
    can_delete = False
    extra = 0
    max_num = 0

    @staticmethod
    def shown_for(article) -> bool:
        """Only stories that came in over the wire have agency copy to show."""
        # Read through the story (and kept there): the suggested section reads it too.
        return article is not None and getattr(article, "wire_copy", None) is not None

    fields = ["source_format", "parser_notes", "agency_photos", "received_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="the parser was unsure of")
    def parser_notes(self, copy):
        if not copy.unsure:
            return "Nothing."
        return format_html(
            '<ul class="wire-unsure">{}</ul>',
            format_html_join("", "<li>{}</li>", ((note,) for note in copy.unsure)),
        )

    @admin.display(description="photos the agency sent")
    def agency_photos(self, copy):
        photos = copy.photos or []
        if not photos:
            return "None."
        items = format_html_join(
            "",
            "<li>{}{}{}</li>",
            (
                (
                    p.get("caption") or "(no caption)",
                    f" — © {p['credit']}" if p.get("credit") else " — no credit",
                    f" — {p['href']}" if p.get("href") else "",
                )
                for p in photos
            ),
        )
        placed = sum(1 for p in photos if p.get("placed"))
        return format_html(
            "The agency sent {} photo{} ({} placed in the story): <ul>{}</ul>",
            len(photos),
            "" if len(photos) == 1 else "s",
            placed,
            items,
        )


class WireUpdateInline(admin.TabularInline):
    """Newer agency versions waiting for the editor."""

    model = WireUpdate
    verbose_name = "pending agency update"
    verbose_name_plural = "pending agency updates"
    can_delete = False
    extra = 0
    max_num = 0

    @staticmethod
    def shown_for(article) -> bool:
        if article is None:
            return False
        known = getattr(article, "has_pending_update", None)  # read with the story
        if known is not None:
            return known
        return WireUpdate.objects.filter(
            article=article, state=WireUpdate.State.PENDING
        ).exists()

    @staticmethod
    def annotate(queryset):
        """Stories with ``has_pending_update``, read in the story's own query."""
        return queryset.annotate(
            has_pending_update=Exists(
                WireUpdate.objects.filter(
                    article=OuterRef("pk"), state=WireUpdate.State.PENDING
                )
            )
        )

    fields = ["version", "received_at", "review"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        pending = super().get_queryset(request).filter(state=WireUpdate.State.PENDING)
        return pending.select_related("article")  # each row's name

    @admin.display(description="")
    def review(self, update):
        url = reverse(
            "admin:articles_article_wire_update", args=[update.article_id, update.pk]
        )
        return format_html('<a class="button" href="{}">Review and merge</a>', url)
