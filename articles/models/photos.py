"""The photo library: pictures with the credit that must travel with them."""

import uuid

from django.db import models
from django.utils import timezone


def photo_upload_to(instance: "Photo", filename: str) -> str:
    # Date folders keep directories small; the storage adds a suffix on collisions.
    return timezone.now().strftime("photos/%Y/%m/") + filename


class PhotoManager(models.Manager):
    def get_by_natural_key(self, guid):
        return self.get(guid=guid)


class Photo(models.Model):
    """A picture in the photo library, with the credit that must travel with it.

    Reusable across stories; a story's placement may override the caption.
    """

    guid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    image = models.ImageField(
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        max_length=255,
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.TextField(blank=True, help_text="What the picture shows.")
    alt_text = models.CharField(
        max_length=400,
        blank=True,
        help_text="Describes the picture for readers who cannot see it.",
    )
    credit = models.CharField(
        "credit line",
        max_length=200,
        blank=True,
        help_text=(
            "Photographer/Agency, e.g. “Alexander Shcherbak/TASS”; "
            "pages print “© ” before it."
        ),
    )
    photographer = models.ForeignKey(
        "articles.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
    )
    agency = models.ForeignKey(
        "articles.Agency",
        verbose_name="source agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
    )
    copyright_notice = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PhotoManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.caption[:80] or self.image.name

    def natural_key(self):
        return (str(self.guid),)

    @property
    def credit_display(self) -> str:
        """The house rule for printing a credit: “© Photographer/Agency”."""
        return format_credit(self.credit)


def format_credit(credit: str) -> str:
    credit = credit.strip()
    if not credit:
        return ""
    return credit if credit.startswith("©") else f"© {credit}"
