"""What readers see first: sections, the breaking-news banner, arranged front pages.

Editors keep these; readers see them through ``articles.front`` (one cached read
per page). None of them can make a story public: every story they point at is shown
only while ``Article.objects.published()`` says so.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from ..text import CleanInputMixin
from .content import SLUG_MAX_LENGTH, Agency, Article, _when


class Section(CleanInputMixin, models.Model):
    """A part of the site (World, Economy, Sport): each story has at most one."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        help_text="The section page's address: /sections/<slug>/.",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the site's navigation (smallest first)."
    )
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="One line under the section's name, and its feeds' description.",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class SectionRubric(CleanInputMixin, models.Model):
    """An agency's rubric (or subject) that suggests one of our sections for its
    copy: “Science & Space” from one agency, “Wissenschaft” from another. Only a
    suggestion, shown on the story's form; the editor chooses."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="section_rubrics"
    )
    rubric = models.CharField(
        max_length=200,
        help_text="As the agency writes it, e.g. “Science & Space” (letter case "
        "does not matter).",
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="rubrics"
    )

    class Meta:
        verbose_name = "agency rubric"
        constraints = [
            models.UniqueConstraint(
                "agency",
                Lower("rubric"),
                name="one_section_per_agency_rubric",
                violation_error_message="This agency's rubric already suggests a "
                "section.",
            )
        ]

    def __str__(self):
        return f"{self.agency} “{self.rubric}” → {self.section}"

    @staticmethod
    def suggest(agency_id, labels) -> tuple[Section, str] | None:
        """The section the first of ``labels`` (the agency's rubric, subjects,
        keywords…) that an editor mapped suggests, with that label (one query)."""
        wanted = [label for label in labels if label and label.strip()]
        if agency_id is None or not wanted:
            return None
        mapped = {
            row.rubric.casefold(): row.section
            for row in SectionRubric.objects.filter(agency_id=agency_id).select_related(
                "section"
            )
        }
        for label in wanted:
            section = mapped.get(label.strip().casefold())
            if section is not None:
                return section, label.strip()
        return None


class BannerQuerySet(models.QuerySet):
    def live(self, now=None):
        """Banners whose time has come and not yet gone."""
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, expires_at__gt=now)


class Banner(CleanInputMixin, models.Model):
    """A breaking-news line shown on every public page between its start and
    expiry, linking to a story. Shown only while that story is public."""

    text = models.CharField(
        max_length=200, help_text="One short line, e.g. “Earthquake hits Hokkaido”."
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="banners",
        verbose_name="story",
        help_text="The story the banner links to. While it is not published, the "
        "banner is not shown.",
    )
    starts_at = models.DateTimeField("shown from", default=timezone.now)
    expires_at = models.DateTimeField(
        "expires at",
        help_text="The banner disappears at this time, even from cached pages.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = BannerQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = "breaking news banner"
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("starts_at")),
                name="banner_expires_after_start",
            )
        ]
        # Live banners are read on every public page: the range of those not yet
        # expired, not a walk of every story for the one the banner links to
        # (which SQLite's planner chose without it).
        indexes = [models.Index(fields=["expires_at"], name="banner_expires_idx")]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.expires_at and self.starts_at and self.expires_at <= self.starts_at:
            raise ValidationError(
                {"expires_at": "The banner must expire after it starts."}
            )
        if self.expires_at and self.expires_at <= timezone.now() and self._state.adding:
            raise ValidationError(
                {
                    "expires_at": f"{_when(self.expires_at)} has passed: the banner "
                    "would never show."
                }
            )


class Arrangement(models.Model):
    """The editors' order for the top of the home page or of a section page: a
    lead story and top stories (its slots, in order), live from ``goes_live_at``
    until the next arrangement for the same page goes live. Without a time it is
    a draft, seen only in the preview."""

    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="arrangements",
        help_text="Leave empty for the home page.",
    )
    goes_live_at = models.DateTimeField(
        "goes live at",
        null=True,
        blank=True,
        help_text="When readers start seeing it. Empty: a draft (preview only).",
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-goes_live_at", "-pk"]
        indexes = [
            models.Index(fields=["section", "goes_live_at"], name="arrangement_live")
        ]

    def __str__(self):
        page = self.section.name if self.section_id else "Home page"
        when = _when(self.goes_live_at) if self.goes_live_at else "draft"
        return f"{page} — {when}"

    def page_url(self) -> str:
        if self.section_id:
            return self.section.get_absolute_url()
        return reverse("articles:home")

    def clean(self):
        super().clean()
        if self.goes_live_at is None:
            return
        same = Arrangement.objects.filter(
            section=self.section_id, goes_live_at=self.goes_live_at
        ).exclude(pk=self.pk)
        if same.exists():
            raise ValidationError(
                {
                    "goes_live_at": "Another arrangement of this page goes live at "
                    "exactly this time; choose another time."
                }
            )


class ArrangementSlot(models.Model):
    """One story in an arrangement; the first slot is the lead."""

    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.CASCADE, related_name="slots"
    )
    # A deleted story takes its slots with it: the page simply fills the gap.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name="story"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "article"], name="one_slot_per_story"
            )
        ]

    def __str__(self):
        return f"{self.position}: {self.article}"

    def skipped_because(self, now=None) -> str:
        """Why readers do not see this slot's story ("" when they do)."""
        article = self.article
        if article.is_published(now):
            return ""
        state = article.state_label(now)
        return f"Skipped on the public page: the story is not public ({state})."


class ArrangementVersion(models.Model):
    """The order of an arrangement's slots as one save left it: its history,
    from which an earlier order can be restored as a new draft."""

    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.CASCADE, related_name="versions"
    )
    saved_at = models.DateTimeField(default=timezone.now, editable=False)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Story ids, lead first. Plain ids, not foreign keys: a story deleted since
    # is simply left out when the version is restored.
    story_ids = models.JSONField(default=list, editable=False)

    class Meta:
        ordering = ["-saved_at", "-pk"]
        get_latest_by = "saved_at"

    def __str__(self):
        return f"{self.arrangement} as saved {_when(self.saved_at)}"


def front_changes(now=None) -> list:
    """The moments after ``now`` when the banner or an arrangement changes by
    itself: a banner's start or expiry, an arrangement going live. Queries to be
    united with the stories' own (``ArticleQuerySet.visibility_changes``)."""
    now = now or timezone.now()
    return [
        Banner.objects.filter(starts_at__gt=now).order_by().values_list(
            "starts_at", flat=True
        ),
        Banner.objects.filter(expires_at__gt=now).order_by().values_list(
            "expires_at", flat=True
        ),
        Arrangement.objects.filter(goes_live_at__gt=now)
        .order_by()
        .values_list("goes_live_at", flat=True),
    ]
