"""What every Newsroom admin screen does with hostile query strings and slugs.

Django's changelist turns most bad filter parameters into its “?e=1” redirect, but not
a date-hierarchy year of 9999 (an overflow: 500). A NUL in a query string never gets
this far (``articles.middleware``). Nor does it check the ids a bulk action posts:
a word or a number too large for the database fails in its query (a 500 again).
"""

from django.contrib import messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, models, router
from django.http import Http404, HttpResponseRedirect

from ..text import TidySlugField


class GuardedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:  # e.g. year=9999&month=12
            raise IncorrectLookupParameters(error) from error


def is_possible_pk(model, value: str) -> bool:
    """Whether ``value`` could be the primary key of a row of ``model`` at all."""
    field = model._meta.pk
    while field.is_relation:  # a one-to-one primary key: the target's ids
        field = field.target_field
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(key, int):
        ops = connections[router.db_for_read(model)].ops
        low, high = ops.integer_field_range(field.get_internal_type())
        return (low is None or key >= low) and (high is None or key <= high)
    return key is not None


class ActionGuardsMixin:
    """For every ModelAdmin, ours and the ones we take over (users, groups, tags):
    a bulk action on ids that cannot exist redirects with a message, never fails."""

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_possible_pk(self.model, value) for value in selected):
            self.message_user(
                request,
                "The selection holds an id that does not exist. "
                "No items have been changed.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class InputGuardsMixin(ActionGuardsMixin):
    """For every ModelAdmin of ours: bad list parameters redirect, never fail."""

    formfield_overrides = {
        models.SlugField: {
            "form_class": TidySlugField,
            "widget": widgets.AdminTextInputWidget,  # as the admin gives a CharField
        },
        # Django 6's default; saying so silences 5.2's deprecation warning.
        models.URLField: {"assume_scheme": "https"},
    }

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList


def view_on_site(request, content_type_id, object_id):
    """The admin's "View on site" shortcut (``/admin/r/<type>/<id>/``), for what the
    user may view only.

    Django's own shortcut checks staff status alone, so any staff member could learn
    an unpublished story's address, and with it its headline, by counting ids.
    """
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404("No such kind of object.") from None
    model = content_type.model_class()
    if model is None or not (
        request.user.has_perm(f"{content_type.app_label}.view_{content_type.model}")
        or request.user.has_perm(
            f"{content_type.app_label}.change_{content_type.model}"
        )
    ):
        raise PermissionDenied
    return shortcut(request, content_type_id, object_id)
