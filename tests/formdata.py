"""Read a rendered HTML form back into POST data, as a browser would submit it.

Admin tests fill in what an editor changes and leave everything else exactly as the
page rendered it (management forms, inline rows, hidden fields), so a test breaks
when the form an editor sees breaks, not when a field is added.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._multiple = False
        self._chosen: list[str] = []
        self._option_value: str | None = None
        self._option_text: list[str] = []

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select, self._select_value, self._first_option = name, None, None
            # A browser sends every selected option of a multiple select, and none
            # when nothing is selected (a single select falls back to its first).
            self._multiple, self._chosen = "multiple" in attrs, []
        elif tag == "option" and self._select:
            self._option_value = attrs.get("value")
            self._option_text = []
            if "selected" in attrs:
                self._select_value = self._option_value
                self._chosen.append(self._option_value or "")
            if self._first_option is None:
                self._first_option = self._option_value

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea:
            value = self.data[self._textarea][-1]
            # Browsers drop the one newline that follows <textarea>.
            self.data[self._textarea][-1] = (
                value[1:] if value.startswith("\n") else value
            )
            self._textarea = None
        elif tag == "select" and self._select and self._multiple:
            for value in self._chosen:
                self._add(self._select, value)
            self._select = None
        elif tag == "select" and self._select:
            chosen = (
                self._select_value
                if self._select_value is not None
                else self._first_option
            )
            self._add(self._select, chosen or "")
            self._select = None


def form_data(html: str, form_id: str) -> dict[str, str | list[str]]:
    reader = _FormReader(form_id)
    reader.feed(html)
    if not reader.data:
        raise AssertionError(f"no form with id {form_id!r} and fields on the page")
    return {k: v[0] if len(v) == 1 else v for k, v in reader.data.items()}


def pressed(change_url: str, button: str) -> str:
    """Where the story form's workflow button ``button`` ("_publish") posts the
    form: its own view beside the change form (``formaction``)."""
    return change_url.removesuffix("change/") + button.removeprefix("_") + "/"
