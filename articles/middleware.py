"""Refuse a NUL character in a query string before any view sees it.

No address a person or a feed reader uses holds one, and PostgreSQL fails on it in
any lookup (a filter, a search, an autocomplete term): a 500 wherever a view passes
the value on. One rule here covers every view, ours and the admin's alike. Form
fields are left to the forms, which name the field ("Null characters are not
allowed.") and keep the rest of the editor's input.
"""

from django.http import HttpResponseBadRequest


def refuse_nul_in_query(get_response):
    def middleware(request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                "Bad request: the address holds a NUL character.",
                content_type="text/plain; charset=utf-8",
            )
        return get_response(request)

    return middleware
