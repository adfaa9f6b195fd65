"""A wire story as a Wagtail page, the way Wagtail's documentation models one."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.snippets.models import register_snippet


class StoryIndexPage(Page):
    subpage_types = ["stories.StoryPage"]


@register_snippet
class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return self.name


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class StoryPage(Page):
    dek = models.TextField("standfirst", blank=True)
    dateline = models.CharField(max_length=200, blank=True)
    body = RichTextField(blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_caption = models.TextField(blank=True)
    photo_credit = models.CharField(max_length=200, blank=True)
    tags = ClusterTaggableManager(through=StoryPageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("dek"),
        FieldPanel("dateline"),
        FieldPanel("body"),
        FieldPanel("photo"),
        FieldPanel("photo_caption"),
        FieldPanel("photo_credit"),
        FieldPanel("tags"),
        InlinePanel("story_people", label="People"),
    ]
    parent_page_types = ["stories.StoryIndexPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        grouped = {}
        for part in self.story_people.select_related("person"):
            grouped.setdefault(part.person_id, (part.person, []))[1].append(part.role)
        context["people"] = list(grouped.values())
        return context


class StoryPerson(Orderable):
    page = ParentalKey(StoryPage, related_name="story_people", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20)

    panels = [FieldPanel("person"), FieldPanel("role")]
