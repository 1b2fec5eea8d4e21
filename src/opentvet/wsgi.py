"""The WSGI entry point (gunicorn, uwsgi, ``runserver``).

It refuses to start a server that signs sessions with the public built-in ``SECRET_KEY`` while
DEBUG is off, unless the demo is asked for explicitly (``OPENTVET_DEMO=1``).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opentvet.settings")
application = get_wsgi_application()

from opentvet.core.checks import refuse_builtin_secret_key  # noqa: E402 - needs settings

refuse_builtin_secret_key()
