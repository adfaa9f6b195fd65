"""The Wire screen: the desk's incoming queue of agency copy (issue 17).

A changelist of ``WireItem`` in the admin's own flow: newest first, flash and urgent
items marked and pinned above the list while fresh, filters by agency, urgency,
language, day and state, a search box. A small static script (``wire.js``) asks the
``poll`` endpoint for what came in since the page was drawn and adds it without a
reload, announcing it in an ARIA live region. Opening an item shows its text, its
photos and every version with a word-level diff; Take, Spike and Unspike are each
their own POST view, calling the services in ``articles.wire.desk``.
"""

import difflib
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Q, Value, When
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..models import WireItem, WireSource, WireUpdate
from ..wire import desk
from ..wire.story import WireStory
from . import desk_speed
from .guards import GuardedChangeList, InputGuardsMixin, is_possible_pk

# Counting every item for "page 1 of N" reads the whole table; a desk pages back a
# few hours at most (older copy is found by day or search), so the count stops here:
# 40 pages of 50.
COUNT_CAP = 2_000
PINNED = 10  # the most flash/urgent items pinned above the list
OVERLAP = timedelta(seconds=5)  # see poll_view


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` rows: constant work however full the queue."""

    @cached_property
    def count(self):
        # Unordered: counting needs no sort, and then any index of the filter serves.
        return self.object_list.order_by()[: COUNT_CAP + 1].count()


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("new", "New"),
            ("taken", "Taken"),
            ("updated", "Updated since taken"),
            ("spiked", "Spiked"),
            ("all", "All, spiked too"),
        ]

    def choices(self, changelist):
        # "All" (no parameter) is the desk's view: everything not spiked.
        for choice in super().choices(changelist):
            if choice["display"] == "All":
                choice["display"] = "Not spiked"
            yield choice

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("new", "taken", "spiked"):
            return queryset.filter(state=value)
        if value == "updated":
            return queryset.updated_since_taken()
        if value == "all":
            return queryset
        return queryset.visible()


class UrgencyFilter(admin.SimpleListFilter):
    title = "urgency"
    parameter_name = "urgency"

    def lookups(self, request, model_admin):
        return [
            ("1", "Flash"),
            ("2", "Urgent"),
            ("3-9", "Other"),
            ("none", "Not given"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("1", "2"):
            return queryset.filter(urgency=int(value))
        if value == "3-9":
            return queryset.filter(urgency__gte=3)
        if value == "none":
            return queryset.filter(urgency__isnull=True)
        return queryset


class DayFilter(admin.SimpleListFilter):
    """The last seven days by name: no query over the items to offer them."""

    title = "day received"
    parameter_name = "day"

    def lookups(self, request, model_admin):
        today = timezone.localdate()
        days = [today - timedelta(days=n) for n in range(7)]
        names = ["Today", "Yesterday"] + [f"{d:%A %-d %B}" for d in days[2:]]
        return [(d.isoformat(), name) for d, name in zip(days, names, strict=True)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            day = datetime.fromisoformat(self.value()).date()
        except ValueError:
            raise IncorrectLookupParameters("Not a day.") from None
        start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
        return queryset.filter(
            received_at__gte=start, received_at__lt=start + timedelta(days=1)
        )


class LanguageFilter(admin.SimpleListFilter):
    """The desk's wire languages (``NEWSROOM_WIRE_LANGUAGES``): offering the
    languages actually on file would read the whole table on every page."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        languages = list(settings.NEWSROOM_WIRE_LANGUAGES)
        if self.value() and self.value() not in languages:
            languages.append(self.value())
        return [(code, code) for code in languages]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class WireChangeList(GuardedChangeList):
    """The queue's list: its rows learn which other agencies sent the same event,
    and the fresh flash and urgent items of the same selection are read for the
    pinned block. One query, whatever the number of items."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        keys = {item.group_key for item in self.result_list}
        fresh = timezone.now() - timedelta(minutes=settings.NEWSROOM_WIRE_FRESH_MINUTES)
        pinned = (
            self.queryset.filter(urgency__in=[1, 2], received_at__gte=fresh)
            .exclude(state=WireItem.State.SPIKED)
            .order_by("urgency", "-received_at")
            .values("pk")[:PINNED]
        )
        # One query for both: the rows' groups and the pinned items.
        related = list(
            WireItem.objects.filter(Q(group_key__in=keys) | Q(pk__in=pinned))
            .annotate(
                pinned=Case(
                    When(pk__in=pinned, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .select_related("agency")
            .order_by("received_at")
        )
        others: dict[str, set[tuple[int, str]]] = {}
        for item in related:
            others.setdefault(item.group_key, set()).add(
                (item.pk, item.agency.short_name)
            )
        for item in self.result_list:
            item.also_from = sorted(
                {
                    agency
                    for pk, agency in others.get(item.group_key, ())
                    if pk != item.pk and agency != item.agency.short_name
                }
            )
        self.pinned = sorted(
            (item for item in related if item.pinned),
            key=lambda item: (item.urgency, -item.received_at.timestamp()),
        )


def version_diff(before: str, after: str):
    """A word-level diff as safe HTML: removed words in <del>, added in <ins>."""
    old, new = before.split(), after.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(format_html("<del>{}</del>", " ".join(old[a1:a2])))
        if b2 > b1:
            parts.append(format_html("<ins>{}</ins>", " ".join(new[b1:b2])))
    return format_html_join(" ", "{}", ((part,) for part in parts))


def story_text(story: WireStory) -> str:
    return "\n".join(
        part for part in [story.headline, story.dek, *story.paragraphs] if part
    )


def item_row(item: WireItem) -> dict:
    """One row of the list as the poll endpoint sends it (wire.js draws it)."""
    return {
        "id": item.pk,
        "url": reverse("admin:articles_wireitem_change", args=[item.pk]),
        "received": timezone.localtime(item.received_at).strftime("%H:%M"),
        "agency": item.agency.short_name,
        "urgency": item.urgency_label,
        "headline": item.headline,
        "version": item.version_label,
        "keywords": item.keywords,
        "language": item.language,
        "state": item.state_label,
    }


@admin.register(WireItem)
class WireItemAdmin(InputGuardsMixin, admin.ModelAdmin):
    """The Wire screen."""

    list_display = [
        "received",
        "agency_name",
        "urgency_mark",
        "headline_link",
        "version",
        "keywords",
        "language",
        "state_mark",
        "also",
    ]
    list_display_links = None
    list_filter = [StateFilter, "agency", UrgencyFilter, LanguageFilter, DayFilter]
    list_select_related = ["agency"]
    search_fields = ["headline", "keywords", "agency_ref"]
    ordering = ["-received_at", "-pk"]
    list_per_page = 50
    list_max_show_all = 200
    show_full_result_count = False
    paginator = CappedPaginator
    actions = ["spike_selected", "unspike_selected"]

    class Media:
        css = {"all": ["articles/admin/wire.css"]}
        js = ["articles/admin/wire.js"]

    def get_changelist(self, request, **kwargs):
        return WireChangeList

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # items nobody took are purged by `manage.py purge_wire`

    # ---- columns ---------------------------------------------------------------

    @admin.display(description="received", ordering="received_at")
    def received(self, item):
        moment = timezone.localtime(item.received_at)
        return format_html(
            '<time datetime="{}">{}</time>', moment.isoformat(), f"{moment:%H:%M}"
        )

    @admin.display(description="agency", ordering="agency__short_name")
    def agency_name(self, item):
        return item.agency.short_name

    @admin.display(description="urgency", ordering="urgency")
    def urgency_mark(self, item):
        label = item.urgency_label
        if item.urgency in (1, 2):
            return format_html(
                '<strong class="wire-urgency wire-urgency-{}">{}</strong>',
                item.urgency,
                label.upper(),
            )
        return label

    @admin.display(description="headline")
    def headline_link(self, item):
        url = reverse("admin:articles_wireitem_change", args=[item.pk])
        return format_html('<a href="{}">{}</a>', url, item.headline)

    @admin.display(description="version")
    def version(self, item):
        return item.version_label

    @admin.display(description="state")
    def state_mark(self, item):
        css = "updated" if item.is_updated_since_taken else item.state
        if item.article_id:
            # A taken item's state leads to the story the desk made of it.
            return format_html(
                '<a class="wire-state wire-state-{}" href="{}" '
                'title="Open the story">{}</a>',
                css,
                _story_url(item),
                item.state_label,
            )
        return format_html(
            '<span class="wire-state wire-state-{}">{}</span>', css, item.state_label
        )

    @admin.display(description="also from")
    def also(self, item):
        names = getattr(item, "also_from", [])
        return f"also from {', '.join(names)}" if names else ""

    # ---- actions ---------------------------------------------------------------

    @admin.action(description="Spike selected items", permissions=["change"])
    def spike_selected(self, request, queryset):
        count = queryset.filter(state=WireItem.State.NEW).update(
            state=WireItem.State.SPIKED, changed_at=timezone.now()
        )
        self.message_user(request, f"Spiked {count} item(s).", messages.SUCCESS)

    @admin.action(description="Unspike selected items", permissions=["change"])
    def unspike_selected(self, request, queryset):
        count = queryset.filter(state=WireItem.State.SPIKED).update(
            state=WireItem.State.NEW, changed_at=timezone.now()
        )
        self.message_user(request, f"Restored {count} item(s).", messages.SUCCESS)

    # ---- pages -----------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("poll/<int:since>/", view(self.poll_view), name="wire_poll"),
            path("desk-speed/", view(self.desk_speed_view), name="wire_desk_speed"),
            path("<path:object_id>/take/", view(self.take_view), name="wire_take"),
            path("<path:object_id>/spike/", view(self.spike_view), name="wire_spike"),
            path(
                "<path:object_id>/unspike/",
                view(self.unspike_view),
                name="wire_unspike",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {
            "title": "Wire",
            "wire_since": int(timezone.now().timestamp()),
            "can_report": request.user.has_perm("articles.change_wireitem"),
            "fresh_minutes": settings.NEWSROOM_WIRE_FRESH_MINUTES,
            "poll_ms": settings.NEWSROOM_WIRE_POLL_SECONDS * 1000,
            "can_see_sources": request.user.has_perm("articles.view_wiresource"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra)

    @method_decorator(never_cache)
    def poll_view(self, request, since):
        """The items of the list as filtered that came in or changed after
        ``since`` (epoch seconds, the time the page or the last poll was made), for
        wire.js. A few seconds of overlap cover a copy committed while the page was
        being drawn; the script skips rows it already shows."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return JsonResponse({"error": "Bad filter."}, status=400)
        now = timezone.now()
        try:
            moment = datetime.fromtimestamp(since, tz=UTC) - OVERLAP
        except (OverflowError, OSError, ValueError):
            return JsonResponse({"error": "Bad time."}, status=400)
        listed = changelist.queryset.select_related("agency")
        new = list(listed.filter(received_at__gt=moment).order_by("-received_at")[:50])
        changed = list(
            listed.filter(received_at__lte=moment, changed_at__gt=moment).order_by(
                "-changed_at"
            )[:100]
        )
        return JsonResponse(
            {
                "items": [item_row(item) for item in new],
                "changed": [
                    {
                        "id": item.pk,
                        "state": item.state_label,
                        "css": _css(item),
                        "story": _story_url(item),
                    }
                    for item in changed
                ],
                "now": int(now.timestamp()),
            }
        )

    def _item(self, request, object_id) -> WireItem:
        if not is_possible_pk(WireItem, unquote(object_id)):
            raise Http404("No such wire item.")  # a word, or past the integer range
        item = self.get_object(request, unquote(object_id))
        if item is None or not self.has_view_permission(request, item):
            raise Http404("No such wire item.")
        return item

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The item: its latest text, photos, and every version with what changed."""
        item = self._item(request, object_id)
        versions = list(item.versions.all())
        stories = [WireStory.from_json(v.story) for v in versions]
        rows = []
        for number, (version, story) in enumerate(zip(versions, stories, strict=True)):
            previous = stories[number - 1] if number else None
            rows.append(
                {
                    "version": version,
                    "story": story,
                    "diff": version_diff(story_text(previous), story_text(story))
                    if previous
                    else None,
                }
            )
        latest = stories[-1] if stories else None
        source = None
        if item.source and request.user.has_perm("articles.view_wiresource"):
            source = WireSource.objects.filter(name=item.source).first()
        # The agency's newer version waiting on the story the desk made: one click
        # from the item that says "updated since taken" to its review.
        pending = None
        if item.article_id and request.user.has_perm("articles.change_article"):
            pending = WireUpdate.objects.filter(
                article_id=item.article_id, state=WireUpdate.State.PENDING
            ).first()
        group = (
            WireItem.objects.filter(group_key=item.group_key)
            .exclude(pk=item.pk)
            .select_related("agency")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": item.headline,
            "subtitle": f"{item.agency.short_name} · {item.version_label}",
            "item": item,
            "wire_source": source,
            "pending_update": pending,
            "latest": latest,
            "versions": list(reversed(rows)),
            "group": group,
            "can_take": desk.can_take(request.user),
            "can_change": self.has_change_permission(request, item),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/wireitem/item.html", context)

    @method_decorator(require_POST)
    def take_view(self, request, object_id):
        item = self._item(request, object_id)
        try:
            article, taken = desk.wire_item_take(item=item, user=request.user)
        except PermissionDenied:
            raise
        except desk.TAKE_ERRORS as error:
            self.message_user(request, f"Not taken: {error}", messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:articles_wireitem_change", args=[item.pk])
            )
        if taken:
            self.message_user(
                request,
                f"You took “{item.headline}”: it is a draft story now.",
                messages.SUCCESS,
            )
        elif item.state == WireItem.State.TAKEN:
            who = item.taken_by.get_username() if item.taken_by else "someone"
            when = timezone.localtime(item.taken_at)
            self.message_user(
                request,
                f"{who} took this item at {when:%H:%M}; here is the story.",
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                "This item is spiked: unspike it before taking it.",
                messages.WARNING,
            )
        if article is not None:
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[article.pk])
            )
        return HttpResponseRedirect(
            reverse("admin:articles_wireitem_change", args=[item.pk])
        )

    @method_decorator(require_POST)
    def spike_view(self, request, object_id):
        item = self._item(request, object_id)
        if desk.wire_item_spike(item=item, user=request.user):
            self.message_user(
                request,
                f"Spiked “{item.headline}”. It is kept under State: Spiked; "
                "Unspike brings it back.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, "Only a new item can be spiked.", messages.WARNING
            )
        return HttpResponseRedirect(reverse("admin:articles_wireitem_changelist"))

    @method_decorator(require_POST)
    def unspike_view(self, request, object_id):
        item = self._item(request, object_id)
        if desk.wire_item_unspike(item=item, user=request.user):
            self.message_user(
                request, f"“{item.headline}” is back in the queue.", messages.SUCCESS
            )
        return HttpResponseRedirect(
            reverse("admin:articles_wireitem_change", args=[item.pk])
        )

    def desk_speed_view(self, request):
        if not request.user.has_perm("articles.change_wireitem"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Desk speed",
            **desk_speed.report(now=timezone.now()),
        }
        return TemplateResponse(
            request, "admin/articles/wireitem/desk_speed.html", context
        )


def _css(item: WireItem) -> str:
    return "updated" if item.is_updated_since_taken else item.state


def _story_url(item: WireItem) -> str:
    """The story the desk made of the item, or ""."""
    if not item.article_id:
        return ""
    return reverse("admin:articles_article_change", args=[item.article_id])
