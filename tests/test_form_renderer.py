"""Our form renderer writes exactly what Django's templates write.

newsroom.form_renderer draws the plain ``<input>`` widgets and the admin's split
date/time widget in Python (for the admin list's speed). Every admin page we have is
rendered with Django's own renderer and with ours, and must come out the same.
"""

import contextlib
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms import CheckboxInput, DateInput, HiddenInput, TextInput
from django.forms.renderers import DjangoTemplates
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from articles import services
from articles.models import Correction
from newsroom.form_renderer import FormRenderer

from . import factories
from .conftest import make_user

# What differs between two renders of one page: the CSRF token (masked afresh each
# time) and an add form's new permanent ID.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def admin_pages() -> list[str]:
    """Every model's list, add form and (for its first row) change form."""
    urls = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            with contextlib.suppress(NoReverseMatch):  # a model without change form
                urls.append(
                    reverse("admin:{}_{}_change".format(*info), args=[first.pk])
                )
    return urls


def page_with(client, settings, renderer: str, url: str) -> str:
    settings.FORM_RENDERER = renderer
    response = client.get(url)
    html = TOKEN.sub("csrf", response.content.decode())
    return f"{response.status_code} {UUID.sub('uuid', html)}"


@pytest.mark.django_db
def test_every_admin_page_is_the_same_with_our_renderer(client, settings, editor):
    story = factories.furnish(factories.article(1), 2)
    story.tags.add("Russia")
    Correction.objects.create(article=story, note="A name was misspelt.")
    factories.article(2, published_at=None, status="draft")
    services.article_kill  # noqa: B018 - the services module loads the receivers
    superuser = get_user_model().objects.create_superuser("boss", password="x" * 20)
    make_user("reporter", "Reporters")
    for user in (superuser, editor):
        client.force_login(user)
        for url in admin_pages():
            ours = page_with(
                client, settings, "newsroom.form_renderer.FormRenderer", url
            )
            django = page_with(
                client, settings, "django.forms.renderers.DjangoTemplates", url
            )
            assert ours == django, (user.username, url)


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (TextInput(attrs={"maxlength": 80, "required": True, "class": "a&b"}), "x<y"),
        (TextInput(attrs={"disabled": False, "readonly": True}), None),
        (TextInput(), mark_safe("<b>safe</b>")),
        (HiddenInput(), 42),
        (CheckboxInput(attrs={"aria-label": "Select “this” & that"}), "on"),
        (CheckboxInput(), None),
        (DateInput(attrs={"size": "10"}), "2026-11-29"),
    ],
)
def test_inputs_are_the_same_with_our_renderer(widget, value):
    assert widget.render("field", value, renderer=FormRenderer()) == widget.render(
        "field", value, renderer=DjangoTemplates()
    )
