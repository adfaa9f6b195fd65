"""WSGI entry point (gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi).

A configuration that cannot serve ends the process here with one line naming the
setting (newsroom/startup.py), before any request arrives.
"""

import os

from django.core.wsgi import get_wsgi_application

from newsroom.startup import load_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = load_application(get_wsgi_application)
