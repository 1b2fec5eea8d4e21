"""What the programmes app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opentvet.programmes import demo, indicators  # noqa: F401  (registers the demo step)
from opentvet.web.nav import NavItem, register_nav

register_nav(NavItem(_("Chương trình đào tạo"), "programmes:home", "programme.view", order=20))
