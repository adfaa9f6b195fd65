#!/usr/bin/env python
"""Django's command-line utility for Newsroom."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        _ = settings.INSTALLED_APPS  # reads newsroom/settings.py: it checks values
    except ImproperlyConfigured as exc:
        # A malformed environment value (DJANGO_DEBUG=maybe): one line naming it, as
        # the WSGI/ASGI entry points say it (newsroom/startup.py), not a traceback.
        sys.stderr.write(f"newsroom: cannot start: {exc}\n")
        raise SystemExit(4) from None

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
