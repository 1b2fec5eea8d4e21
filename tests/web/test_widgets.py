"""``PlainSelect`` writes the HTML Django's template-rendered ``Select`` writes."""

from __future__ import annotations

import re

import pytest
from django import forms

from opentvet.catalogue.models import Province
from opentvet.web.widgets import PlainSelect

pytestmark = pytest.mark.django_db


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


class Both(forms.Form):
    plain = forms.ModelChoiceField(
        queryset=Province.objects.all(), required=False, empty_label="Tất cả", widget=PlainSelect
    )
    django = forms.ModelChoiceField(
        queryset=Province.objects.all(), required=False, empty_label="Tất cả"
    )
    mode = forms.ChoiceField(choices=[("a", "A & <b>"), ("b", "B")], widget=PlainSelect)
    django_mode = forms.ChoiceField(choices=[("a", "A & <b>"), ("b", "B")])


@pytest.mark.parametrize(
    "data", [{}, {"plain": "96", "django": "96", "mode": "b", "django_mode": "b"}]
)
def test_same_html_as_the_template_widget(data):
    form = Both(data or None)
    same = lambda html: _normalised(html).replace('name="django_mode"', 'name="mode"')  # noqa: E731
    plain = (
        _normalised(form["plain"])
        .replace('name="plain"', 'name="x"')
        .replace('id="id_plain"', 'id="x"')
    )
    django = (
        _normalised(form["django"])
        .replace('name="django"', 'name="x"')
        .replace('id="id_django"', 'id="x"')
    )
    assert plain == django
    assert "Cà Mau" in plain
    assert same(form["mode"]).replace('id="id_mode"', "") == same(form["django_mode"]).replace(
        'id="id_django_mode"', ""
    )
    assert "A &amp; &lt;b&gt;" in str(form["mode"])
    if data:
        assert '<option value="96" selected>' in plain
