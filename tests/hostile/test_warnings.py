"""The suite runs with warnings as errors for our code (pyproject.toml filterwarnings).

Each case shows one configured line really turns the warning into a failure, so a
deprecation or a naive datetime cannot pass by as a line in the warnings summary.
"""

import warnings

import pytest
from django.contrib import admin
from django.forms import modelform_factory
from django.utils.deprecation import RemovedInDjango60Warning

from articles.models import Agency, Article

from . import payloads as p


@pytest.mark.django_db
def test_a_naive_datetime_reaching_the_database_is_an_error():
    with pytest.raises(RuntimeWarning, match="received a naive datetime"):
        Article.objects.filter(published_at__lte=p.NAIVE).count()


@pytest.mark.django_db
def test_saving_a_naive_datetime_is_an_error_and_writes_nothing():
    story = Article(headline="Naive", published_at=p.NAIVE)
    with pytest.raises(RuntimeWarning, match=r"Article\.published_at received a naive"):
        story.save()
    assert not Article.objects.exists()


def test_a_django_deprecation_that_our_code_triggers_is_an_error():
    """Django blames its own module (stacklevel) for the URLField default scheme."""
    with pytest.raises(RemovedInDjango60Warning, match="default scheme"):
        modelform_factory(Agency, fields=["url"])


@pytest.mark.parametrize(
    "category",
    [DeprecationWarning, PendingDeprecationWarning],
    ids=lambda c: c.__name__,
)
@pytest.mark.parametrize(
    "module", ["articles.services", "newsroom.settings", "tests.factories"]
)
def test_a_deprecation_raised_in_our_modules_is_an_error(module, category):
    with pytest.raises(category):
        warnings.warn_explicit(
            "this API goes away", category, f"{module}.py", 1, module=module
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model_admin",
    [ma for model, ma in admin.site._registry.items()],
    ids=lambda ma: ma.opts.label,
)
def test_every_admin_form_builds_without_a_warning(rf, chief, model_admin):
    """Building each registered admin's form would fail here on any deprecation."""
    request = rf.get("/admin/")
    request.user = chief
    form = model_admin.get_form(request)
    # A read-only screen (django-axes's sign-in attempts) has no form fields.
    assert form.base_fields or model_admin.get_readonly_fields(request)
