# Every story carries its language (BCP 47); stories on file get the default.
# Place pages' addresses are transliterated now ("Москва" → "moskva"): stories on
# file filed from a place in another script get the new address too.

import articles.languages
from django.db import migrations, models


def transliterate_place_slugs(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    changed = []
    rows = Article.objects.only("pk", "dateline_place", "dateline_slug")
    for story in rows.iterator(chunk_size=2000):
        if story.dateline_place.isascii():
            continue  # the address is the same as before
        slug = articles.languages.ascii_slug(story.dateline_place)[:120].strip("-")
        if slug != story.dateline_slug:
            story.dateline_slug = slug
            changed.append(story)
    Article.objects.bulk_update(changed, ["dateline_slug"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_tag_redirect'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='language',
            field=models.CharField(default=articles.languages.default_language, help_text='The language the story is written in, as a BCP 47 tag: “en”, “ru”, “pt-BR”, “zh-Hans”. Pages, feeds and search engines are told it.', max_length=35, validators=[articles.languages.validate_language_tag]),
        ),
        migrations.RunPython(
            transliterate_place_slugs, migrations.RunPython.noop, elidable=True
        ),
    ]
