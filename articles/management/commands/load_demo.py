"""Set up the demo: the seed story (once) and a demo editor account (once).

``make run`` calls this on every start; it never overwrites what an editor has done
since, and prints the demo editor's password only when it creates the account.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from articles.models import Article

SEED_GUID = "7f0c2d5e-4b1a-4e8f-9c3d-2a6b0e21f318"
DEMO_USERNAME = "editor"


class Command(BaseCommand):
    help = "Load the seed story if it is missing and create the demo editor login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default=DEMO_USERNAME, help="Demo editor's user name."
        )
        parser.add_argument(
            "--site",
            default="http://127.0.0.1:8000",
            help="Where the server will answer, for the login address it prints "
            "(make run passes its HOST and PORT).",
        )

    @transaction.atomic
    def handle(self, *args, username, site, **options):
        self._check_username(username)
        if Article.objects.filter(guid=SEED_GUID).exists():
            self.stdout.write("Seed story already loaded; left as the desk has it.")
        else:
            call_command("loaddata", "seed_story", verbosity=0)
            self.stdout.write(self.style.SUCCESS("Loaded the seed story (a draft)."))

        try:
            editors = Group.objects.get(name="Editors")
        except Group.DoesNotExist:
            raise CommandError(
                "The Editors group is missing: run `manage.py migrate` first."
            ) from None

        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Demo editor “{username}” exists; its password was printed when it "
                f"was created (reset it with `manage.py changepassword {username}`)."
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username, password=password, is_staff=True
        )
        user.groups.add(editors)
        self.stdout.write(
            self.style.SUCCESS("Demo editor created. This password is shown only once:")
        )
        self.stdout.write(f"    user name: {username}\n    password:  {password}")
        self.stdout.write(f"    log in at {site.rstrip('/')}{reverse('admin:index')}")

    @staticmethod
    def _check_username(username: str) -> None:
        """The user model's own rules (characters and length), checked before any
        write: the same name the admin's user form would accept."""
        User = get_user_model()
        field = User._meta.get_field(User.USERNAME_FIELD)
        if not username:
            raise CommandError("--username must not be empty.")
        if field.max_length is not None and len(username) > field.max_length:
            raise CommandError(
                f"--username is {len(username)} characters long; the most is "
                f"{field.max_length}."
            )
        try:
            for validator in field.validators:
                validator(username)
        except ValidationError as error:
            raise CommandError(
                f"--username {username!r}: {' '.join(error.messages)}"
            ) from None
