"""The public pages' Jinja2 environment prints what Django's template tags printed:
the same escaping, dates in the site's time zone, links and query strings."""

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils.safestring import mark_safe

HOSTILE = 'O\'Brien & "Sons" <b>bold</b>'


def jinja(source: str, request=None, **context) -> str:
    return engines["jinja2"].from_string(source).render(context, request)


def django(source: str, request=None, **context) -> str:
    return engines["django"].from_string(source).render(context, request)


def test_printed_values_are_escaped_as_django_escapes_them():
    assert jinja("{{ v }}", v=HOSTILE) == django("{{ v }}", v=HOSTILE)
    assert jinja("{{ v }}", v=HOSTILE) == (
        "O&#x27;Brien &amp; &quot;Sons&quot; &lt;b&gt;bold&lt;/b&gt;"
    )
    # format_html()/mark_safe() output is printed as it is, never escaped twice.
    assert jinja("{{ v }}", v=mark_safe("<b>&amp;</b>")) == "<b>&amp;</b>"
    assert jinja("{{ v|join(', ') }}", v=["a'b", "<c>"]) == django(
        "{{ v|join:', ' }}", v=["a'b", "<c>"]
    )


@pytest.mark.parametrize("fmt", ["c", "j F Y, H:i e", "j F Y", "F Y", "Y", "m", "d"])
def test_dates_are_djangos_date_filter_in_the_site_time_zone(settings, fmt):
    settings.TIME_ZONE = "Asia/Tokyo"  # 20:30 UTC on the 15th is the 16th there
    moment = datetime(2025, 6, 15, 20, 30, tzinfo=UTC)
    expected = django(f'{{{{ v|date:"{fmt}" }}}}', v=moment)
    assert jinja(f'{{{{ v|date("{fmt}") }}}}', v=moment) == expected
    assert jinja("{{ v|date('c') }}", v=moment) == "2025-06-16T05:30:00+09:00"
    assert jinja("{{ v|date('c') }}", v=None) == ""


def test_querystring_keeps_the_other_parameters_as_djangos_tag_does():
    request = RequestFactory().get("/search/", {"q": 'a&b "c"', "page": "2"})
    expected = django("{% querystring page=3 %}", request)
    assert jinja("{{ querystring(page=3) }}", request) == expected
    assert expected == "?q=a%26b+%22c%22&amp;page=3"


def test_url_and_static_are_djangos_tags():
    assert jinja("{{ url('articles:tag', 'a-b') }}") == django(
        "{% url 'articles:tag' 'a-b' %}"
    )
    assert jinja("{{ static('articles/site.css') }}") == django(
        "{% load static %}{% static 'articles/site.css' %}"
    )


def test_spaceless_drops_whitespace_between_tags_only():
    source = "{% filter spaceless %}\n<a>\n  <b> x </b>\n</a>\n{% endfilter %}"
    assert jinja(source) == "<a><b> x </b></a>"


def test_spaceless_on_a_value_escapes_it():
    assert jinja("{{ v|spaceless }}", v="<script>x</script> ") == (
        "&lt;script&gt;x&lt;/script&gt;"
    )
