"""Settings for ``bench_pages.py``: the project's settings with ``bench/pages_urls.py`` as URLconf.

gunicorn serves ``opentvet.wsgi:application`` with ``DJANGO_SETTINGS_MODULE=pages_site`` (``bench/``
on ``PYTHONPATH``), so the project and the bare view run in the same processes, through the same
middleware, with the same workers: the bare view is the anchor for throughput ratios.
"""

from opentvet.settings import *  # noqa: F403

ROOT_URLCONF = "pages_urls"
