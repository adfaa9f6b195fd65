"""The story body becomes cleaned HTML (issue 21): plain paragraphs become <p>s.

Forward, each blank-line separated paragraph is escaped into its own <p>. Backward,
the text of each paragraph, subhead and list item is kept, separated by blank lines
(links, emphasis and body photos have no plain-text form and are left out).
"""

from django.db import migrations

import articles.body


def to_html(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for pk, body in Article.objects.exclude(body="").values_list("pk", "body"):
        if not articles.body.is_markup(body):
            html = articles.body.from_plain_text(body)
        else:
            html = articles.body.clean_body(body)
        Article.objects.filter(pk=pk).update(body=html)


def to_plain(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for pk, body in Article.objects.exclude(body="").values_list("pk", "body"):
        Article.objects.filter(pk=pk).update(body=articles.body.plain_text(body))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_desk_autosave"),
    ]

    # Data first, field second: undoing runs the field change back first, so the
    # plain text written backwards is stored as it is, not cleaned into <p>s again.
    operations = [
        migrations.RunPython(to_html, to_plain, elidable=True),
        migrations.AlterField(
            model_name="article",
            name="body",
            field=articles.body.BodyField(
                blank=True,
                help_text="Paragraphs, subheads, bold, italic, links, quotes, lists "
                "and library photos; anything else is removed when the story is "
                "saved.",
            ),
        ),
    ]
