"""The Jinja2 environment of the public pages (``TEMPLATES`` in the settings).

Besides Jinja2's own, the templates (``articles/jinja2/``) call what Django's tags
gave them, as plain functions:

- ``url(name, *args, **kwargs)``, ``static(path)`` and ``querystring(page=N)``, as
  ``{% url %}``, ``{% static %}`` and ``{% querystring %}``;
- the filter ``date`` (Django's, in the current time zone as Django's templates
  show a date); ``spaceless`` for a ``{% filter %}`` block.

Printed values are escaped as Django escapes them (``&#x27;`` and ``&quot;``, where
Jinja2 alone writes ``&#39;`` and ``&#34;``), so a page's bytes are what the Django
templates gave.
"""

import html
from types import SimpleNamespace

from django.template import defaultfilters, defaulttags
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_spaces_between_tags
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from jinja2 import Environment, pass_context, pass_eval_context


def environment(**options) -> Environment:
    options.setdefault("finalize", escape_as_django)
    env = Environment(**options)  # noqa: S701 - Django's backend sets autoescape=True
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
    )
    env.filters.update(date=date, spaceless=spaceless)
    return env


@pass_eval_context
def escape_as_django(eval_ctx, value):
    """What ``{{ value }}`` prints: escaped as ``django.utils.html.escape`` escapes
    (without its lazy-string wrapper), unless it is safe already (``__html__``)."""
    if eval_ctx.autoescape and not hasattr(value, "__html__"):
        return SafeString(html.escape(str(value)))
    return value


# Django's tags and filters --------------------------------------------------------


def url(name: str, *args, **kwargs) -> str:
    """``{% url name arg … %}``."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


@pass_context
def querystring(context, **params) -> str:
    """``{% querystring page=N %}``: the request's query string with ``params``
    changed (``None`` removes one), starting with "?"."""
    django_context = SimpleNamespace(request=context["request"])
    return defaulttags.querystring(django_context, **params)


def date(value, arg=None) -> str:
    """Django's ``date`` filter, after the conversion to the current time zone that
    Django's templates make before it (``expects_localtime``)."""
    return defaultfilters.date(template_localtime(value), arg)


def spaceless(value) -> SafeString:
    """``{% spaceless %}``: no whitespace between tags (the block is rendered, so
    already escaped)."""
    return SafeString(strip_spaces_between_tags(str(value).strip()))
