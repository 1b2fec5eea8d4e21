"""Helpers shared by the admissions views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from opentvet.core.access import Actor


def applicant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the one-time-code sign-in, then come back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            target = (
                reverse("admissions:otp_start") + "?" + urlencode({"next": request.get_full_path()})
            )
            return redirect(target)
        return view(request, *args, **kwargs)

    return wrapper


def actor_or_none(request: HttpRequest) -> Actor | None:
    return getattr(request, "actor", None)
