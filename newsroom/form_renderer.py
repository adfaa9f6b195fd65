"""Django's form renderer, with its one-line ``<input>`` templates done in Python.

Every widget goes through the template engine: about 0.1 ms for an ``<input>``
(the template, its attrs include, a context per level). The admin's story list
draws four per row (the action checkbox, the hidden id, the date and the time of
the editable publication time): half of the list's time at 50 rows. This renderer
writes exactly what Django's templates write for those inputs and for the admin's
split date/time widget, and hands every other template to Django unchanged.
tests/test_form_renderer.py compares the two on every admin page we have.

A project that overrides one of these templates must take it out of ``INPUTS``.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
INPUT = f"{WIDGETS}input.html"
# Django's templates whose whole text is {% include "django/forms/widgets/input.html" %}
INPUTS = frozenset(
    [INPUT]
    + [
        f"{WIDGETS}{kind}.html"
        for kind in [
            "checkbox",
            "color",
            "date",
            "datetime",
            "email",
            "hidden",
            "number",
            "password",
            "search",
            "tel",
            "text",
            "time",
            "url",
        ]
    ]
)
SPLIT_DATETIME = "admin/widgets/split_datetime.html"


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}`` in an autoescaped template."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html and attrs.html, without the final newline."""
    value = widget["value"]
    parts = [
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"'
    ]
    if value is not None:
        parts.append(f' value="{_formatted(value)}"')
    for name, attr in widget["attrs"].items():
        if attr is True:
            parts.append(f" {conditional_escape(name)}")
        elif attr is not False:
            parts.append(f' {conditional_escape(name)}="{_formatted(attr)}"')
    parts.append(">")
    return "".join(parts)


def _included(widget: dict) -> str:
    """What ``{% include widget.template_name %}`` gives for an input widget: the
    included files' final newlines stay (the outer render strips only its ends)."""
    return _input(widget) + ("\n" if widget["template_name"] == INPUT else "\n\n")


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return _input(context["widget"])
        if template_name == SPLIT_DATETIME:
            date, time = context["widget"]["subwidgets"]
            if date["template_name"] in INPUTS and time["template_name"] in INPUTS:
                # admin/widgets/split_datetime.html, stripped as Django strips it.
                return (
                    '<p class="datetime">\n'
                    f"  {conditional_escape(context['date_label'])} "
                    f"{_included(date)}<br>\n"
                    f"  {conditional_escape(context['time_label'])} "
                    f"{_included(time)}\n</p>"
                )
        return super().render(template_name, context, request)
