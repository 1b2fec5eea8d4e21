"""What the correspondence app plugs into the shared surfaces (menu, demo)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opentvet.correspondence import demo  # noqa: F401  (demo step registration)
from opentvet.web.nav import NavItem, register_nav

register_nav(NavItem(_("Văn bản đến, đi"), "correspondence:incoming", "document.view", order=62))
