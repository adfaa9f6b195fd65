"""The photo library: pictures with the credit that must travel with them.

Files come in through ``articles.photos`` (checked, metadata pre-filled, renditions
made); this module holds only the rows.
"""

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from ..text import CleanInputMixin

# IPTC's limit for a caption (2:120), checked in clean_fields (articles.text).
CAPTION_MAX_LENGTH = 2_000


def photo_upload_to(instance: "Photo", filename: str) -> str:
    # Date folders keep directories small. The photo's random ID in the path makes
    # the original unguessable: a picture for an embargoed story is public media,
    # but nobody can find it by trying names.
    return timezone.now().strftime("photos/%Y/%m/") + f"{instance.guid.hex}/{filename}"


class PhotoManager(models.Manager):
    def get_by_natural_key(self, guid):
        return self.get(guid=guid)


class Photo(CleanInputMixin, models.Model):
    """A picture in the photo library, with the credit that must travel with it.

    Reusable across stories; a story's placement may override the caption.
    """

    guid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    # Width and height are derived in save(), upright (EXIF rotation applied), not
    # by the field: ImageField would re-read the stored file on every assignment.
    image = models.ImageField(upload_to=photo_upload_to, max_length=255)
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
    copyright_notice = models.CharField(
        max_length=300,
        blank=True,
        help_text="As the rights holder words it, e.g. “© Alexander Shcherbak/TASS”.",
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who supplied the picture (IPTC Source), e.g. TASS.",
    )
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    date_created = models.DateField(
        "date taken", null=True, blank=True, help_text="When the picture was taken."
    )
    focal_x = models.PositiveSmallIntegerField(
        "focal point across",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Percent from the left edge; crops keep this point in frame.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point down",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Percent from the top edge.",
    )
    # {"key": …, "sha256": …, "sizes": {"full": [[w, h], …], "16x9": …}}: which
    # renditions exist, so pages derive their URLs without a query.
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    upload_notes = models.TextField(
        blank=True,
        editable=False,
        help_text="What the upload checks changed in the file, if anything.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PhotoManager()

    text_limits = {"caption": CAPTION_MAX_LENGTH}

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__lte=100) & Q(focal_y__lte=100),
                name="photo_focal_point_inside",
            )
        ]

    def __str__(self):
        return self.caption[:80] or self.image.name

    def save(self, *args, **kwargs):
        # A new or replaced file (not yet committed to storage) gets its size read.
        if self.image and (self.width is None or not self.image._committed):
            self.width, self.height = upright_size(self.image)
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "width", "height"}
        if self.photographer_id is None and (person := self.credited_person()):
            # The credit names a person the newsroom knows: the credit links to
            # their page, and their pictures are listed there.
            self.photographer = person
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "photographer"}
        super().save(*args, **kwargs)

    def credited_person(self):
        """The person whose name the credit line gives ("Alexander Shcherbak" in
        "Alexander Shcherbak/TASS"), when exactly one person has that name."""
        name = credit_name(self.credit)
        if not name:
            return None
        people = self._meta.get_field("photographer").related_model.objects
        found = list(people.filter(name__iexact=name)[:2])
        return found[0] if len(found) == 1 else None

    def natural_key(self):
        return (str(self.guid),)

    @property
    def credit_display(self) -> str:
        """The house rule for printing a credit: “© Photographer/Agency”."""
        return format_credit(self.credit)


def upright_size(file) -> tuple[int | None, int | None]:
    """Width and height of an image field's file as shown, after EXIF rotation.

    Reads only the header: from the pending upload itself, or from storage once the
    file is stored there.
    """
    try:
        if file._committed:
            with file.storage.open(file.name, "rb") as handle:
                return _upright(handle)
        handle = file.file
        handle.seek(0)
        try:
            return _upright(handle)
        finally:
            handle.seek(0)
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return None, None


def _upright(handle) -> tuple[int, int]:
    with Image.open(handle) as im:
        width, height = im.size
        orientation = im.getexif().get(0x0112, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def credit_name(credit: str) -> str:
    """The photographer's name in a credit line: the part before the agency."""
    return credit.strip().removeprefix("©").split("/")[0].strip()


def format_credit(credit: str) -> str:
    """The house rule for printing a credit line: “© Photographer/Agency”."""
    credit = credit.strip()
    if not credit:
        return ""
    return credit if credit.startswith("©") else f"© {credit}"
