"""Wire sources: the editors' list of where agency copy is polled from.

Each row shows how its polling goes (last poll, last success, last error, items
received today) and says in words when a source has not succeeded for three
intervals. Only Editors hold the permissions (migration 0011). The poll state is
the poller's: the form shows it read-only and a save never writes it back.
"""

from datetime import datetime, time

from django import forms
from django.contrib import admin, messages
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator

from ..models import WireSource
from ..models.sources import STALE_INTERVALS
from .guards import InputGuardsMixin

CONFIG_FIELDS = [
    "name",
    "agency",
    "kind",
    "location",
    "format",
    "interval",
    "active",
    "credentials_env",
    "remote_after",
]
STATE_FIELDS = [
    "last_poll_at",
    "last_success_at",
    "last_error",
    "last_error_at",
    "failures",
    "next_poll_at",
]


def format_choices():
    from ..wire import FORMATS

    return [(name, name) for name in FORMATS]


class WireSourceForm(forms.ModelForm):
    # Read when the form is made: a format a new parser adds shows up by itself.
    format = forms.ChoiceField(choices=format_choices, initial="auto")

    class Meta:
        model = WireSource
        fields = CONFIG_FIELDS


def start_of_today() -> datetime:
    return timezone.make_aware(
        datetime.combine(timezone.localdate(), time.min),
        timezone.get_current_timezone(),
    )


@admin.register(WireSource)
class WireSourceAdmin(InputGuardsMixin, admin.ModelAdmin):
    form = WireSourceForm
    list_display = [
        "name",
        "agency",
        "kind",
        "format",
        "interval",
        "active",
        "last_poll_at",
        "last_success_at",
        "error_shown",
        "received_today",
        "health",
        "on_the_wire",
    ]
    list_filter = ["active", "kind", "agency", "format"]
    list_select_related = ["agency"]
    search_fields = ["name", "location"]
    readonly_fields = STATE_FIELDS
    fieldsets = [
        (None, {"fields": CONFIG_FIELDS}),
        ("Polling", {"fields": STATE_FIELDS}),
    ]
    actions = ["poll_next_round"]

    def get_queryset(self, request):
        today = Q(polls__started_at__gte=start_of_today())
        return (
            super()
            .get_queryset(request)
            .annotate(
                items_today=Coalesce(
                    Sum(F("polls__received") + F("polls__new_versions"), filter=today),
                    0,
                )
            )
        )

    @admin.display(description="last error")
    def error_shown(self, source):
        if not source.last_error:
            return "–"
        when = timezone.localtime(source.last_error_at)
        first = source.last_error.splitlines()[0]
        return f"{when:%Y-%m-%d %H:%M}: {Truncator(first).chars(120)}"

    @admin.display(description="items received today", ordering="items_today")
    def received_today(self, source):
        return source.items_today

    @admin.display(description="health")
    def health(self, source):
        if not source.active:
            return "off"
        if source.is_stale():
            return f"⚠ STALE: no success for {STALE_INTERVALS} intervals"
        if source.failures:
            return f"failing ({source.failures} in a row)"
        return "ok"

    @admin.display(description="items")
    def on_the_wire(self, source):
        """The source's items on the Wire screen (spiked ones too)."""
        query = urlencode({"source": source.name, "state": "all"})
        url = f"{reverse('admin:articles_wireitem_changelist')}?{query}"
        return format_html('<a href="{}">On the Wire screen</a>', url)

    def save_model(self, request, obj, form, change):
        # Only what the form edits: the poller may be writing the state meanwhile.
        if change:
            obj.save(update_fields=CONFIG_FIELDS)
        else:
            obj.save()

    @admin.action(
        description="Poll the selected sources at the next round (ends a backoff)",
        permissions=["change"],
    )
    def poll_next_round(self, request, queryset):
        count = queryset.update(next_poll_at=timezone.now())
        self.message_user(
            request,
            f"{count} source{'s' if count != 1 else ''} will be polled at the "
            "poller's next round.",
            messages.SUCCESS,
        )
