"""The review page of an agency's new version of a story the desk has edited.

It shows the three-way merge (``articles.wire.updates``) paragraph by paragraph:
the agency's changes to what the desk left alone, applied and marked word by word;
the desk's own changes, kept; and each conflict side by side (desk | agency) with a
choice that defaults to the desk's text. One button accepts the merge, another
dismisses the agency's version. A story saved since the page was shown is never
written over: the page says so and shows the merge made afresh.

No script: radio buttons and two submit buttons, so it works from the keyboard and
under the strict Content-Security-Policy.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import services
from ..body_diff import readable_body
from ..models import Article, WireUpdate
from ..times import when
from ..wire import merge as m
from ..wire.updates import (
    MERGED_FIELDS,
    UpdateMerge,
    update_merge,
    wire_update_dismiss,
    wire_update_merge,
)

KIND_LABELS = {
    m.AGENCY: "The agency's change, applied",
    m.DESK: "The desk's edit, kept",
    m.BOTH: "Changed the same way by both, taken once",
    m.CONFLICT: "Changed by both: choose",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return when(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _field_rows(merge: UpdateMerge) -> list[dict]:
    """The one-value fields either side changed, with their word diffs from the
    common ancestor."""
    rows = []
    for name in MERGED_FIELDS:
        merged = merge.fields[name]
        if merged.kind == m.SAME:
            continue
        base, ours, theirs = map(_text, (merged.base, merged.ours, merged.theirs))
        rows.append(
            {
                "name": name,
                "label": services.field_label(name),
                "kind": merged.kind,
                "kind_label": (
                    "Changed by the agency: choose"
                    if merged.kind == m.CONFLICT and base == ours
                    else KIND_LABELS[merged.kind]
                ),
                "desk": m.word_diff(base, ours),
                "agency": m.word_diff(base, theirs),
                "result": ours if merged.kind in (m.DESK, m.BOTH) else theirs,
            }
        )
    return rows


def _body_blocks(merge: UpdateMerge) -> list[dict]:
    """The merged body as the page lists it: one block per region."""
    blocks, number = [], 0
    for region in merge.body.regions:
        block = {"kind": region.kind, "kind_label": KIND_LABELS.get(region.kind, "")}
        if region.kind == m.AGENCY:
            block["paragraphs"] = m.paragraph_diffs(region.base, region.theirs)
        elif region.kind == m.CONFLICT:
            number += 1
            block |= {
                "number": number,
                "name": f"body-{number - 1}",
                "base": region.base,
                "desk": m.paragraph_diffs(region.base, region.ours),
                "agency": m.paragraph_diffs(region.base, region.theirs),
            }
        else:
            block["paragraphs"] = [
                ("same", [m.Piece("equal", readable_body(text))])
                for text in region.ours
            ]
        blocks.append(block)
    return blocks


def _choices(post) -> dict[str, str]:
    return {
        key: post[key]
        for key in post
        if key in MERGED_FIELDS or key.startswith("body-")
    }


def _expected_version(post) -> int | None:
    try:
        return int(post.get("lock_version", ""))
    except ValueError:
        return None


def update_view(request, model_admin, object_id, update_id):
    # The admin's own lookup: a malformed id is a 404 like any unknown story.
    article = model_admin.get_object(request, unquote(object_id))
    if article is None:
        raise Http404("No such story.")
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    update = get_object_or_404(
        WireUpdate, pk=update_id, article=article, state=WireUpdate.State.PENDING
    )
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    error, status = "", 200
    if request.method == "POST":
        expected = _expected_version(request.POST)
        try:
            if "_dismiss" in request.POST:
                wire_update_dismiss(
                    update=update, user=request.user, expected_version=expected
                )
                model_admin.message_user(
                    request,
                    f"The agency's version {update.version} was dismissed; the "
                    "desk's text stays.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
            if expected is None:
                raise ValidationError(
                    "The page was sent without the story's version; nothing was "
                    "changed. Check the merge below and accept it again."
                )
            wire_update_merge(
                update=update,
                choices=_choices(request.POST),
                user=request.user,
                expected_version=expected,
            )
        except services.EditConflict as conflict:
            error, status = (
                f"{conflict} The merge below is made again from the story as it "
                "is now: check it and accept again.",
                409,
            )
        except ValidationError as invalid:
            done = "dismissed" if "_dismiss" in request.POST else "merged"
            error, status = f"Not {done}: " + " ".join(invalid.messages), 400
            update.refresh_from_db()
            if update.state != WireUpdate.State.PENDING:
                model_admin.message_user(request, error, messages.ERROR)
                return HttpResponseRedirect(change_url)
        else:
            model_admin.message_user(
                request,
                f"Merged the agency's version {update.version} into the story.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
    merge = update_merge(update)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Agency version {update.version} of “{merge.article}”",
        "article": merge.article,
        "update": update,
        "merge": merge,
        "error": error,
        "field_rows": _field_rows(merge),
        "blocks": _body_blocks(merge),
        "applied": len(merge.body.agency_changes)
        + sum(1 for f in merge.fields.values() if f.kind == m.AGENCY),
        "notes": merge.story.unsure,
        "canceled": merge.story.pub_status == "canceled",
        "opts": Article._meta,
    }
    return TemplateResponse(
        request, "admin/articles/wire_update.html", context, status=status
    )
