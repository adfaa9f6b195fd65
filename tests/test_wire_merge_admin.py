"""An agency update merged paragraph by paragraph into the story the desk edited.

The story comes in through ``manage.py ingest_wire`` (copy invented here, as an
agency's ninjs), the desk edits it through the services, the agency sends its next
version, and an editor reviews and accepts the merge on the review page.
"""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import services
from articles.body import plain_text
from articles.models import Article, WireCopy, WireUpdate
from articles.wire.desk import wire_item_take
from articles.wire.importer import WireImporter
from articles.wire.queue import receive as queue_receive
from articles.wire.story import WireStory, copy_hash
from articles.wire.updates import (
    update_merge,
    wire_update_dismiss,
    wire_update_merge,
)

from .conftest import make_user
from .formdata import form_data
from .html import parse, text

pytestmark = pytest.mark.django_db

HEADLINE = "Valdoria to reopen northern quay"
DEK = "The harbour authority says the first ships may dock by June."
LEAD = "The harbour authority of Valdoria said on Monday it would reopen the northern quay."  # noqa: E501
FIGURES = "The quay handled 12,000 containers last year, the authority said."
QUOTE = "\u201cWe expect the first ships by June,\u201d a spokeswoman told reporters."
BACKGROUND = "The quay was closed in March after a storm damaged its cranes."

DESK_LEAD = (
    "Valdoria's northern quay will reopen, the harbour authority said on Monday."
)
DESK_QUOTE = (
    "\u201cWe expect the first ships by June,\u201d spokeswoman Anna Berg said."
)
DESK_DEK = "Ships could dock at the quay again by June."

CORRECTED = "The quay handled 21,000 containers last year, the authority said."
AGENCY_QUOTE = (
    "\u201cWe expect the first ships by early June,\u201d a spokeswoman told reporters."
)
ENDING = "Repairs were paid for by the regional government."
AGENCY_HEADLINE = "Valdoria to reopen northern quay in June"
AGENCY_DEK = "The first ships may dock by early June, the harbour authority says."


def ninjs(
    version: int, headline: str, dek: str, paragraphs: list[str], **extra
) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return json.dumps(
        {
            "uri": "urn:nordwire:2026:quay-0504",
            "type": "text",
            "version": str(version),
            "versionCreated": f"2026-05-04T0{version}:00:00Z",
            "pubStatus": "usable",
            "copyrightHolder": "Nordwire",
            "language": "en",
            "headlines": [{"role": "main", "value": headline}],
            "descriptions": [
                {"role": "summary", "contentType": "text/plain", "value": dek}
            ],
            "bodies": [{"role": "main", "contentType": "text/html", "value": body}],
            "by": "Nordwire correspondent",
            "located": "Valdoria",
        }
        | extra
    ).encode()


FIRST = ninjs(1, HEADLINE, DEK, [LEAD, FIGURES, QUOTE, BACKGROUND])
SECOND = ninjs(
    2, AGENCY_HEADLINE, AGENCY_DEK, [LEAD, CORRECTED, AGENCY_QUOTE, BACKGROUND, ENDING]
)


def receive(tmp_path: Path, document: bytes, name: str) -> Article:
    """The agency's copy arrives and lands in the story (the one place to change
    when ingest queues items and the desk takes them)."""
    result = queue_receive(document, name=name)
    assert not result.errors, result.errors
    (item,) = result.items
    if item.article_id is None:  # the first copy: the desk takes it
        desk = get_user_model().objects.filter(username="editor").first()
        desk = desk or make_user("editor", "Editors")
        wire_item_take(item=item, user=desk)
    return Article.objects.get(wire_id="urn:nordwire:2026:quay-0504")


def desk_edits(article: Article, user, **changes) -> Article:
    article = Article.objects.get(pk=article.pk)
    for name, value in changes.items():
        setattr(article, name, value)
    return services.article_save(article=article, user=user)


@pytest.fixture
def pending(tmp_path, editor):
    """A story the desk edited (lead, quote, standfirst) with the agency's next
    version waiting: a new ending, a corrected figure, a changed quote, headline
    and standfirst."""
    story = receive(tmp_path, FIRST, "first.json")
    desk_edits(
        story,
        editor,
        dek=DESK_DEK,
        body="\n\n".join([DESK_LEAD, FIGURES, DESK_QUOTE, BACKGROUND]),
    )
    receive(tmp_path, SECOND, "second.json")
    update = WireUpdate.objects.get(article=story, state=WireUpdate.State.PENDING)
    return Article.objects.get(pk=story.pk), update


def shown(element) -> str:
    """An element's text as it reads with the words marked removed left out."""

    def pieces(node):
        if node.tag != "del":
            yield node.text or ""
            for child in node:
                yield from pieces(child)
                yield child.tail or ""

    return " ".join("".join(pieces(element)).split())


def review_url(story, update) -> str:
    return reverse("admin:articles_article_wire_update", args=[story.pk, update.pk])


def change_url(story) -> str:
    return reverse("admin:articles_article_change", args=[story.pk])


def test_the_desks_edit_holds_the_agencys_next_version_for_review(pending):
    story, update = pending
    assert story.paragraphs == [DESK_LEAD, FIGURES, DESK_QUOTE, BACKGROUND]
    assert story.headline == HEADLINE
    assert update.version == 2


def test_the_review_page_shows_the_merge_and_the_conflict_side_by_side(
    pending, editor_client
):
    story, update = pending
    assert f'href="{review_url(story, update)}"' in (
        editor_client.get(change_url(story)).content.decode()
    )
    response = editor_client.get(review_url(story, update))
    assert response.status_code == 200
    doc = parse(response.content.decode())
    # The corrected figure is marked word by word where the agency changed it.
    assert "<del>12,000 </del><ins>21,000 </ins>" in response.content.decode()
    page = text(doc)
    assert "The agency's change, applied" in page
    assert f"Added: {ENDING}" in page
    assert "The desk's edit, kept" in page and DESK_LEAD in page
    # The quote both changed: one fieldset, the desk's and the agency's side by side.
    conflict = doc.find(".//fieldset[@id='conflict-body-0']")
    desk = shown(conflict.find(".//div[@class='merge-side merge-side-desk']"))
    agency = shown(conflict.find(".//div[@class='merge-side merge-side-agency']"))
    assert "spokeswoman Anna Berg said" in desk and "early" not in desk
    assert "by early June" in agency and "Anna Berg" not in agency
    checked = [
        i.get("value") for i in conflict.iter("input") if i.get("checked") is not None
    ]
    assert checked == ["desk"]  # the default keeps the desk's text
    # Headline: only the agency changed it, so it is applied; the standfirst was
    # changed by both, so it is a conflict of its own.
    assert "Headline — The agency's change, applied" in page
    assert doc.find(".//fieldset[@id='conflict-dek']") is not None
    assert "Accept merge" in page


def test_accepting_applies_the_agencys_changes_and_the_chosen_side(
    pending, editor_client, editor
):
    story, update = pending
    page = editor_client.get(review_url(story, update)).content.decode()
    data = form_data(page, "wire-update-form")
    data["body-0"] = "agency"  # the quote: take the agency's
    assert data["dek"] == "desk"  # the standfirst: left at the desk's
    response = editor_client.post(review_url(story, update), data)
    assert response.status_code == 302 and response["Location"] == change_url(story)
    story.refresh_from_db()
    assert story.paragraphs == [DESK_LEAD, CORRECTED, AGENCY_QUOTE, BACKGROUND, ENDING]
    assert story.headline == AGENCY_HEADLINE
    assert story.dek == DESK_DEK
    assert story.wire_version == 2
    # Recorded as a revision by the editor, naming the merge.
    revision = story.revisions.order_by("-version").first()
    assert revision.user == editor and revision.version == story.lock_version
    assert {"body", "headline", "wire_merged"} <= set(revision.changed_fields)
    assert revision.data["body"] == story.body
    history = editor_client.get(
        reverse("admin:articles_article_history", args=[story.pk])
    ).content.decode()
    assert "agency update merged" in history
    # The agency's new copy is the common ancestor of the next merge.
    update.refresh_from_db()
    assert update.state == WireUpdate.State.MERGED
    copy = WireCopy.objects.get(article=story)
    assert copy.story == update.story
    new_copy = WireStory.from_json(update.story).copy_fields()
    assert copy.copy_hash == copy_hash(new_copy)
    assert editor_client.get(review_url(story, update)).status_code == 404


def test_accepting_without_a_choice_keeps_every_line_the_desk_wrote(
    pending, editor_client
):
    story, update = pending
    data = form_data(
        editor_client.get(review_url(story, update)).content.decode(),
        "wire-update-form",
    )
    editor_client.post(review_url(story, update), data)
    story.refresh_from_db()
    assert story.paragraphs == [DESK_LEAD, CORRECTED, DESK_QUOTE, BACKGROUND, ENDING]
    assert story.dek == DESK_DEK


def test_keep_both_puts_the_agencys_paragraph_after_the_desks(pending, editor_client):
    story, update = pending
    data = form_data(
        editor_client.get(review_url(story, update)).content.decode(),
        "wire-update-form",
    )
    data.update({"body-0": "both", "dek": "agency"})
    editor_client.post(review_url(story, update), data)
    story.refresh_from_db()
    assert story.paragraphs[2:4] == [DESK_QUOTE, AGENCY_QUOTE]
    assert story.dek == AGENCY_DEK


def test_a_stale_accept_is_refused_nothing_written_and_the_merge_shown_again(
    pending, editor_client, editor
):
    story, update = pending
    data = form_data(
        editor_client.get(review_url(story, update)).content.decode(),
        "wire-update-form",
    )
    data["body-0"] = "agency"
    # Meanwhile another editor changes the background paragraph.
    later = BACKGROUND.replace("in March", "on March 3")
    desk_edits(
        story,
        make_user("colleague", "Editors"),
        body=story.body.replace(BACKGROUND, later),
    )
    before = Article.objects.get(pk=story.pk)
    response = editor_client.post(review_url(story, update), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "was changed after you opened it" in html
    assert "colleague" in html and "Nothing of yours was saved" in html
    after = Article.objects.get(pk=story.pk)
    assert (after.body, after.headline, after.lock_version) == (
        before.body,
        before.headline,
        before.lock_version,
    )
    update.refresh_from_db()
    assert update.state == WireUpdate.State.PENDING
    # The merge shown again is made from the story as it is now, and accepts.
    assert later in html
    again = form_data(html, "wire-update-form")
    assert again["lock_version"] == str(after.lock_version)
    assert editor_client.post(review_url(story, update), again).status_code == 302
    story.refresh_from_db()
    assert story.paragraphs == [DESK_LEAD, CORRECTED, DESK_QUOTE, later, ENDING]


def test_an_answer_that_is_no_choice_is_refused_with_nothing_written(
    pending, editor_client
):
    story, update = pending
    data = form_data(
        editor_client.get(review_url(story, update)).content.decode(),
        "wire-update-form",
    )
    data["body-0"] = "overwrite-everything"
    response = editor_client.post(review_url(story, update), data)
    assert response.status_code == 400
    assert "Not a choice for a conflict" in response.content.decode()
    assert Article.objects.get(pk=story.pk).body == story.body
    update.refresh_from_db()
    assert update.state == WireUpdate.State.PENDING


def test_a_post_without_the_storys_version_is_refused(pending, editor_client):
    story, update = pending
    response = editor_client.post(review_url(story, update), {"_merge": "1"})
    assert response.status_code == 400
    assert Article.objects.get(pk=story.pk).body == story.body


def test_reporters_who_may_not_change_the_story_get_403(pending, client, editor):
    story, update = pending
    services.article_publish(article=story, user=editor)
    client.force_login(make_user("reporter", "Reporters"))
    assert client.get(review_url(story, update)).status_code == 403
    data = {"lock_version": str(story.lock_version), "body-0": "agency"}
    assert client.post(review_url(story, update), data).status_code == 403
    story.refresh_from_db()
    assert DESK_QUOTE in story.body and ENDING not in story.body
    with pytest.raises(services.PermissionDenied):
        wire_update_merge(update=update, choices={}, user=make_user("r2", "Reporters"))


def test_merging_into_a_published_story_updates_it_for_readers(
    pending, editor_client, editor
):
    story, update = pending
    services.article_publish(article=story, user=editor)
    data = form_data(
        editor_client.get(review_url(story, update)).content.decode(),
        "wire-update-form",
    )
    assert editor_client.post(review_url(story, update), data).status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED and story.shows_updated
    assert ENDING in editor_client.get(story.get_absolute_url()).content.decode()


def test_dismissing_keeps_the_desks_text_and_moves_the_ancestor(pending, editor_client):
    story, update = pending
    data = form_data(
        editor_client.get(review_url(story, update)).content.decode(),
        "wire-update-form",
    )
    data["_dismiss"] = "1"
    response = editor_client.post(review_url(story, update), data)
    assert response.status_code == 302
    after = Article.objects.get(pk=story.pk)
    assert after.body == story.body and after.headline == HEADLINE
    update.refresh_from_db()
    assert update.state == WireUpdate.State.DISMISSED
    assert WireCopy.objects.get(article=story).story == update.story
    assert "wire_dismissed" in after.revisions.order_by("-version")[0].changed_fields


def test_the_next_agency_version_merges_against_the_version_merged_before(
    pending, tmp_path, editor_client, editor
):
    story, update = pending
    wire_update_merge(update=update, choices={"body-0": "agency"}, user=editor)
    later = BACKGROUND.replace("a storm", "an autumn storm")
    third = ninjs(
        3,
        AGENCY_HEADLINE,
        AGENCY_DEK,
        [LEAD, CORRECTED, AGENCY_QUOTE, later, ENDING],
    )
    receive(tmp_path, third, "third.json")
    newest = WireUpdate.objects.get(article=story, state=WireUpdate.State.PENDING)
    merge = update_merge(newest)
    # Only what changed since version 2: the background paragraph, no conflict.
    assert merge.conflict_count == 0
    # The merge works on the body's HTML paragraphs; their text is compared here.
    assert [plain_text(p) for p in merge.body.paragraphs()] == [
        DESK_LEAD,
        CORRECTED,
        AGENCY_QUOTE,
        later,
        ENDING,
    ]
    assert [name for name, f in merge.fields.items() if f.kind != "same"] == ["dek"]


def test_an_untouched_draft_still_takes_the_agencys_version_by_itself(tmp_path):
    story = receive(tmp_path, FIRST, "first.json")
    receive(tmp_path, SECOND, "second.json")
    story.refresh_from_db()
    assert story.paragraphs == [LEAD, CORRECTED, AGENCY_QUOTE, BACKGROUND, ENDING]
    assert not WireUpdate.objects.exists()


def test_the_review_page_is_valid_html_with_labelled_choices_and_no_script(
    pending, editor_client
):
    story, update = pending
    html = editor_client.get(review_url(story, update)).content.decode()
    doc = parse(html)  # strict: any parse error fails
    labels = {label.get("for") for label in doc.iter("label")}
    radios = [i for i in doc.iter("input") if i.get("type") == "radio"]
    assert len(radios) == 5  # standfirst: 2, the quote: 3
    assert all(radio.get("id") in labels for radio in radios)
    for fieldset in doc.iter("fieldset"):
        assert text(fieldset.find("legend"))
    assert " style=" not in html and "<style" not in html
    assert all(s.get("src") for s in doc.iter("script"))  # no inline script


def test_an_embargo_the_agency_sets_is_offered_never_applied_by_itself(
    tmp_path, editor, editor_client
):
    story = receive(tmp_path, FIRST, "first.json")
    desk_edits(story, editor, dek=DESK_DEK)
    embargoed = ninjs(
        2,
        HEADLINE,
        DEK,
        [LEAD, FIGURES, QUOTE, BACKGROUND],
        embargoedUntil="2099-05-04T06:00:00Z",
    )
    receive(tmp_path, embargoed, "second.json")
    update = WireUpdate.objects.get(state=WireUpdate.State.PENDING)
    html = editor_client.get(review_url(story, update)).content.decode()
    assert "Embargoed until: Changed by the agency: choose" in text(parse(html))
    data = form_data(html, "wire-update-form")
    assert data["embargo_until"] == "desk"
    editor_client.post(review_url(story, update), data)
    assert Article.objects.get(pk=story.pk).embargo_until is None
    # Chosen, it applies (a future time on a draft).
    third = embargoed.replace(b'"version": "2"', b'"version": "3"').replace(
        b"06:00", b"07:00"
    )
    receive(tmp_path, third, "third.json")
    update = WireUpdate.objects.get(state=WireUpdate.State.PENDING)
    data = form_data(
        editor_client.get(review_url(story, update)).content.decode(),
        "wire-update-form",
    )
    data["embargo_until"] = "agency"
    assert editor_client.post(review_url(story, update), data).status_code == 302
    assert Article.objects.get(pk=story.pk).embargo_until.hour == 7


def test_a_version_without_body_text_leaves_the_body_alone(tmp_path, editor):
    story = receive(tmp_path, FIRST, "first.json")
    desk_edits(story, editor, dek=DESK_DEK)
    # No format here sends a story without text; an agency's correction of the
    # headline alone is made from the copy on file.
    bare = WireStory.from_json(WireCopy.objects.get(article=story).story)
    bare.paragraphs, bare.headline, bare.version = [], AGENCY_HEADLINE, 2
    assert WireImporter().import_story(bare).outcome == "pending"
    update = WireUpdate.objects.get(state=WireUpdate.State.PENDING)
    wire_update_merge(update=update, choices={}, user=editor)
    story.refresh_from_db()
    assert story.paragraphs == [LEAD, FIGURES, QUOTE, BACKGROUND]
    assert story.headline == AGENCY_HEADLINE


def test_a_canceled_version_is_dismissed_not_merged(tmp_path, editor, editor_client):
    story = receive(tmp_path, FIRST, "first.json")
    desk_edits(story, editor, dek=DESK_DEK)
    receive(
        tmp_path,
        ninjs(2, HEADLINE, DEK, [LEAD], pubStatus="canceled"),
        "second.json",
    )
    update = WireUpdate.objects.get(state=WireUpdate.State.PENDING)
    html = editor_client.get(review_url(story, update)).content.decode()
    assert "The agency has canceled (killed) this story" in html
    assert 'value="Accept merge"' not in html
    with pytest.raises(ValidationError, match="nothing to merge"):
        wire_update_merge(update=update, choices={}, user=editor)
    data = form_data(html, "wire-update-form") | {"_dismiss": "1"}
    assert editor_client.post(review_url(story, update), data).status_code == 302
    assert Article.objects.get(pk=story.pk).body == story.body


def test_the_review_page_costs_the_same_few_queries_however_long_the_story(
    tmp_path, editor, editor_client, django_assert_max_num_queries
):
    long_first = ninjs(1, HEADLINE, DEK, [f"{FIGURES} ({n})" for n in range(120)])
    story = receive(tmp_path, long_first, "first.json")
    paragraphs = [f"{FIGURES} ({n})" for n in range(120)]
    desk = [
        p.replace("12,000", "twelve thousand") if n % 3 == 0 else p
        for n, p in enumerate(paragraphs)
    ]
    desk_edits(story, editor, body="\n\n".join(desk))
    agency = [
        p.replace("last year", "in 2025") if n % 2 else p
        for n, p in enumerate(paragraphs)
    ]
    receive(tmp_path, ninjs(2, HEADLINE, DEK, [*agency, ENDING]), "second.json")
    update = WireUpdate.objects.get(state=WireUpdate.State.PENDING)
    with django_assert_max_num_queries(7):
        response = editor_client.get(review_url(story, update))
    assert response.status_code == 200
    # Both changed the paragraphs numbered 3, 9, 15 … 117: twenty conflicts, each
    # its own; every other paragraph merges by itself.
    page = text(parse(response.content.decode()))
    assert "20 places changed by both" in page
    assert "Conflict 20:" in page and "Conflict 21:" not in page
    merge = update_merge(update)
    assert [len(c.base) for c in merge.body.conflicts] == [1] * 20
    merged = [plain_text(p) for p in merge.body.paragraphs()]
    assert merged[1] == agency[1] and merged[3] == desk[3] and merged[6] == desk[6]
    assert merged[-1] == ENDING and len(merged) == 121


def test_dismissing_on_a_live_story_does_not_tell_readers_it_was_updated(
    pending, editor
):
    story, update = pending
    services.article_publish(article=story, user=editor)
    wire_update_dismiss(update=update, user=editor)
    story.refresh_from_db()
    assert story.revised_at is None and not story.shows_updated
    latest = story.revisions.order_by("-version")[0]
    assert latest.changed_fields == ["wire_dismissed"] and latest.user == editor
