"""Pages of a list without a total count: "Newer stories" and "Older stories".

Django's ``Paginator`` counts the whole list to say "Page 1 of N"; at 100,000
stories that ``COUNT(*)`` cost more than the rest of a list page (and more than a
story page), on every page of every list. News sites page "older stories" instead:
a page asks for one story more than it shows, and that one says whether there is
an older page. ``?page=N`` addresses keep working. ``ListView`` uses this through
``paginator_class``; its ``paginate_queryset`` is Django's own.
"""

from functools import cached_property

from django.core.paginator import EmptyPage, PageNotAnInteger


class OlderNewerPage:
    """One page of stories: which page it is, and whether there are pages around it."""

    def __init__(self, object_list, number: int, *, has_next: bool, paginator):
        self.object_list = object_list
        self.number = number
        self._has_next = has_next
        self.paginator = paginator

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        if not self.has_next():
            raise EmptyPage("That page contains no results")
        return self.number + 1

    def previous_page_number(self) -> int:
        if not self.has_previous():
            raise EmptyPage("That page number is less than 1")
        return self.number - 1


class OlderNewerPaginator:
    """What ``ListView`` asks of a paginator, with one query a page and no count.

    A page past the last is a 404, as with Django's paginator; so is an empty
    first page when ``allow_empty_first_page`` is off. ``count`` and ``num_pages``
    (only for ``?page=last``) do count, when something asks for them.
    """

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True):
        self.object_list = object_list
        self.per_page = int(per_page)
        self.allow_empty_first_page = allow_empty_first_page

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        # No list is that long, and the database's 64-bit OFFSET could not say so.
        if number * self.per_page >= 2**62:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number) -> OlderNewerPage:
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        # One more than the page shows: whether an older page exists.
        rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage("That page contains no results")
        return OlderNewerPage(
            rows[: self.per_page],
            number,
            has_next=len(rows) > self.per_page,
            paginator=self,
        )

    @cached_property
    def count(self) -> int:
        return self.object_list.count()

    @property
    def num_pages(self) -> int:
        if not self.count:
            return 1 if self.allow_empty_first_page else 0
        return -(-self.count // self.per_page)
