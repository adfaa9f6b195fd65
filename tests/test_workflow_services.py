"""The workflow's rules as the services enforce them, whoever calls them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import services
from articles.body import plain_text
from articles.models import Article, ArticleRedirect, ArticleRevision, AuditEntry
from articles.signals import content_changed

from . import factories
from .conftest import make_user

Status = Article.Status


@pytest.fixture
def photo_editor(db):
    return make_user("photos", "Photo editors")


def draft(n=1, **fields):
    return factories.article(n, status=Status.DRAFT, **fields)


@pytest.mark.django_db
def test_a_draft_goes_submitted_then_published_and_each_step_is_recorded(
    reporter, editor
):
    story = draft()
    services.article_submit(article=story, user=reporter)
    assert Article.objects.get().status == Status.SUBMITTED
    services.article_publish(article=story, user=editor)
    stored = Article.objects.get()
    assert stored.status == Status.PUBLISHED and stored.is_published()
    actions = list(
        ArticleRevision.objects.order_by("version").values_list("action", "user")
    )
    assert actions == [
        ("baseline", None),
        ("submitted", reporter.pk),
        ("published", editor.pk),
    ]
    assert list(AuditEntry.objects.values_list("action", "username")) == [
        ("publish", "editor"),
        ("submit", "reporter"),
    ]


@pytest.mark.django_db
def test_a_reporter_may_not_publish_correct_kill_or_unpublish(reporter):
    story = factories.article(1)  # published
    for call in (
        lambda: services.article_publish(article=draft(2), user=reporter),
        lambda: services.article_correct(article=story, user=reporter, note="x"),
        lambda: services.article_kill(article=story, user=reporter),
        lambda: services.article_unpublish(article=story, user=reporter),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert Article.objects.get(pk=story.pk).status == Status.PUBLISHED
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_reporter_edits_drafts_but_not_submitted_or_published_stories(reporter):
    mine = draft(1)
    mine.headline = "Reporter's better headline"
    services.article_save(article=mine, user=reporter)
    assert Article.objects.get(pk=mine.pk).headline == "Reporter's better headline"
    for status in (Status.SUBMITTED, Status.PUBLISHED):
        story = factories.article(2 if status == Status.SUBMITTED else 3, status=status)
        story.headline = "Sneaky change"
        with pytest.raises(PermissionDenied, match="only an editor"):
            services.article_save(article=story, user=reporter)
        assert Article.objects.get(pk=story.pk).headline != "Sneaky change"


@pytest.mark.django_db
def test_a_photo_editor_cannot_write_or_submit_stories(photo_editor):
    with pytest.raises(PermissionDenied):
        services.article_save(article=Article(headline="New"), user=photo_editor)
    with pytest.raises(PermissionDenied):
        services.article_submit(article=draft(), user=photo_editor)
    assert Article.objects.get().status == Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "service", "message"),
    [
        (Status.DRAFT, "kill", "Only a published story can be killed"),
        (Status.SUBMITTED, "kill", "Only a published story can be killed"),
        (Status.KILLED, "kill", "already killed"),
        (Status.DRAFT, "correct", "Only a published story can be corrected"),
        (Status.PUBLISHED, "publish", "already published"),
        (Status.KILLED, "publish", "cannot be published again"),
        (Status.DRAFT, "unpublish", "Only a published or submitted story"),
        (Status.PUBLISHED, "submit", "Only a draft can be submitted"),
    ],
)
def test_a_transition_that_does_not_exist_is_refused_and_changes_nothing(
    editor, status, service, message
):
    story = factories.article(
        1,
        status=status,
        published_at=factories.NOW if status != Status.DRAFT else None,
    )
    version = story.lock_version
    call = {
        "kill": lambda: services.article_kill(article=story, user=editor),
        "correct": lambda: services.article_correct(
            article=story, user=editor, note="Fix"
        ),
        "publish": lambda: services.article_publish(article=story, user=editor),
        "unpublish": lambda: services.article_unpublish(article=story, user=editor),
        "submit": lambda: services.article_submit(article=story, user=editor),
    }[service]
    with pytest.raises(ValidationError, match=message):
        call()
    stored = Article.objects.get()
    assert (stored.status, stored.lock_version) == (status, version)
    assert not ArticleRevision.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_embargo_in_the_past_is_refused(editor):
    story = draft()
    story.embargo_until = timezone.now() - timedelta(minutes=5)
    with pytest.raises(ValidationError, match="in the past") as error:
        services.article_save(article=story, user=editor)
    assert "embargo_until" in error.value.message_dict
    assert Article.objects.get().embargo_until is None


@pytest.mark.django_db
def test_an_embargo_on_a_story_already_public_is_refused(editor):
    story = factories.article(1)  # published an hour before NOW, which has passed
    story.embargo_until = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError, match="already public"):
        services.article_save(article=story, user=editor)
    story.refresh_from_db()
    story.published_at = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError, match="would take it down"):
        services.article_save(article=story, user=editor)
    assert Article.objects.published().get() == story


@pytest.mark.django_db
def test_an_embargoed_story_stays_hidden_when_published_and_appears_when_it_lifts(
    editor,
):
    lifts = timezone.now() + timedelta(hours=3)
    story = draft(embargo_until=lifts)
    services.article_publish(article=story, user=editor)
    assert Article.objects.get().state_label().startswith("Embargoed until")
    assert not Article.objects.published().exists()
    assert Article.objects.published(now=lifts + timedelta(seconds=1)).get() == story


@pytest.mark.django_db
def test_publishing_at_a_future_time_schedules_the_story(editor):
    at = timezone.now() + timedelta(days=1)
    services.article_publish(article=draft(), user=editor, at=at)
    stored = Article.objects.get()
    assert stored.state_label().startswith("Scheduled for")
    assert not Article.objects.published().exists()
    assert Article.objects.published(now=at).get() == stored
    assert AuditEntry.objects.get().detail.startswith("Scheduled for")


@pytest.mark.django_db
def test_a_stale_copy_is_refused_and_names_who_changed_what(editor, reporter):
    story = draft()
    stale = Article.objects.get(pk=story.pk)
    story.body = "Reporter's rewrite."
    services.article_save(article=story, user=reporter)
    stale.headline = "Editor's headline"
    with pytest.raises(services.EditConflict) as conflict:
        services.article_save(article=stale, user=editor)
    assert "reporter at " in str(conflict.value)
    assert "body" in str(conflict.value)
    assert conflict.value.fields == ["body"]
    stored = Article.objects.get()
    assert (stored.headline, plain_text(stored.body)) == (
        "Story number 1",
        "Reporter's rewrite.",
    )


@pytest.mark.django_db
def test_every_save_records_a_revision_with_its_changed_fields(editor):
    story = draft()
    story.headline = "New headline"
    save = services.article_save_row(article=story, user=editor)
    story.tags.add("Economy")  # in the same change
    services.article_save_recorded(save=save)
    latest = ArticleRevision.objects.latest()
    assert latest.changed_fields == ["headline", "tags"]
    assert latest.user == editor and latest.version == story.lock_version == 2
    assert latest.data["tags"] == ["Economy"]


@pytest.mark.django_db
def test_restoring_a_revision_adds_a_new_one_and_destroys_nothing(editor):
    story = factories.furnish(draft(), 1)
    story.headline, story.body = "Second headline", "Second body."
    save = services.article_save_row(article=story, user=editor)
    story.tags.set(["Other"])
    services.article_save_recorded(save=save)
    first = ArticleRevision.objects.get(version=1)
    services.article_restore(article=story, revision=first, user=editor)
    stored = Article.objects.get()
    assert stored.headline == "Story number 1"
    assert list(stored.tags.names()) == [f"tag {story.pk}-0"]
    assert ArticleRevision.objects.count() == 3
    restored = ArticleRevision.objects.latest()
    assert restored.restored_from == first
    assert set(restored.changed_fields) == {"headline", "body", "tags"}
    assert AuditEntry.objects.get().action == "restore"


@pytest.mark.django_db
def test_restore_reports_what_was_deleted_since(editor):
    story = factories.furnish(draft(), 1)
    services.article_save(article=story, user=editor)  # baseline and revision 2
    person = story.people.get()
    story.person_roles.all().delete()
    person.delete()
    _, missing = services.article_restore(
        article=story, revision=ArticleRevision.objects.get(version=1), user=editor
    )
    assert missing == [f"the person Person {story.pk}-0"]
    assert story.photo_placements.count() == 1


@pytest.mark.django_db
def test_a_correction_is_shown_with_its_time_and_marks_the_story_updated(editor):
    story = factories.article(1)
    correction = services.article_correct(
        article=story, user=editor, note="An earlier version misspelt the name."
    )
    stored = Article.objects.get()
    assert stored.corrections.get() == correction
    assert stored.corrected_at == correction.created_at == stored.revised_at
    assert stored.shows_updated
    with pytest.raises(ValidationError, match="correction note"):
        services.article_correct(article=stored, user=editor, note="  ")


@pytest.mark.django_db
def test_killing_takes_the_story_off_every_list_for_good(editor):
    story = factories.article(1)
    services.article_kill(article=story, user=editor, notice="Withdrawn: legal.")
    stored = Article.objects.get()
    assert stored.status == Status.KILLED and stored.kill_notice == "Withdrawn: legal."
    assert stored.was_public_before_kill
    assert not Article.objects.published().exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.detail) == (
        "kill",
        "editor",
        "Withdrawn: legal.",
    )
    stored.headline = "Edit after kill"
    with pytest.raises(PermissionDenied, match="killed story cannot be changed"):
        services.article_save(article=stored, user=editor)


@pytest.mark.django_db
def test_changing_a_published_slug_keeps_the_old_address(editor):
    story = factories.article(1)
    old = story.slug
    story.slug = "a-better-address"
    services.article_save(article=story, user=editor)
    assert ArticleRedirect.objects.get().old_slug == old
    story.slug = old  # and back again: the live address is never a redirect
    services.article_save(article=story, user=editor)
    assert list(ArticleRedirect.objects.values_list("old_slug", flat=True)) == [
        "a-better-address"
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_content_changed_is_sent_after_commit_and_not_for_a_refused_change(editor):
    seen = []

    def receiver(sender, article, **kwargs):
        seen.append((article.pk, article.status))

    content_changed.connect(receiver)
    try:
        story = draft()
        services.article_publish(article=story, user=editor)
        assert seen == [(story.pk, Status.PUBLISHED)]
        with pytest.raises(ValidationError):
            services.article_publish(article=story, user=editor)
        assert len(seen) == 1
    finally:
        content_changed.disconnect(receiver)
