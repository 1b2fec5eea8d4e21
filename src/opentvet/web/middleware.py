"""Request gates of the web shell: the interface language and the second sign-in step.

The interface language: Vietnamese unless the user chose another one.

Django's ``LocaleMiddleware`` falls back to the browser's ``Accept-Language`` header, so a
browser set to English showed English to users who never asked for it (issue 15, item 4). Here
the language comes only from the user's own choice, remembered in the language cookie that
``set_language`` (the switch in the top bar) and the login view set; without it, the site's
``LANGUAGE_CODE`` (Vietnamese).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def chosen_language(request: HttpRequest) -> str:
    """The language the user chose (cookie), or the site's default; never the browser's."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {lang for lang, _name in settings.LANGUAGES}
    return code if code in supported else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` without the ``Accept-Language`` fallback (no language URL prefixes
    are used, so the rest of its work stays as Django does it)."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


SECOND_STEP_SESSION_KEY = "opentvet_second_step"
_OPEN_DURING_SECOND_STEP = ("web:two_factor", "web:logout", "set_language")


def _forget_second_step(
    sender: object, request: HttpRequest, user: object, **kwargs: object
) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(SECOND_STEP_SESSION_KEY, None)


user_logged_in.connect(_forget_second_step, dispatch_uid="opentvet_forget_second_step")


class SecondFactorMiddleware:
    """A session signed in with a password but not yet through the second step reaches only the
    second-step page and sign-out (core/twofactor.py says who needs it). Whether the user needs
    it is worked out once per session; the API answers its JSON error instead of a redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_paths: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and request.session.get(SECOND_STEP_SESSION_KEY) != "no"
            and not user.is_verified()  # type: ignore[union-attr]
        ):
            from opentvet.core.twofactor import needs_second_step

            actor = getattr(request, "actor", None)
            if actor is not None and needs_second_step(actor):
                if not self._is_open(request.path):
                    return self._refuse(request)
            else:
                request.session[SECOND_STEP_SESSION_KEY] = "no"
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        if self.open_paths is None:
            self.open_paths = tuple(reverse(name) for name in _OPEN_DURING_SECOND_STEP)
        return path in self.open_paths or path.startswith(settings.STATIC_URL)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "error": {
                        "code": "second_factor_required",
                        "message": _("Cần hoàn tất xác thực hai bước."),
                        "details": None,
                    }
                },
                status=401,
                json_dumps_params={"ensure_ascii": False},
            )
        target = reverse("web:two_factor") + "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
