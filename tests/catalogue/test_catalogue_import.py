from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from opentvet.catalogue.loaders import OccupationListError, load_occupations
from opentvet.catalogue.models import Occupation

BASE = (
    "6,Cao đẳng,1,",
    "648,Máy tính và công nghệ thông tin,2,6",
    "64802,Công nghệ thông tin,3,648",
    "6480201,Công nghệ thông tin,4,64802",
    "6480207,Lập trình máy tính,4,64802",
    "6480209,Quản trị mạng máy tính,4,64802",
    "64801,Máy tính,3,648",
)


def _run(*args: str) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_occupations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_reports_added_renamed_moved_deactivated(training_levels, write_csv):
    # The session database may already hold the seed catalogue: v1 sets a known state.
    load_occupations(write_csv(*BASE, name="v1.csv"))
    assert Occupation.objects.get(code="6480201").training_level_id == "cao_dang"
    assert Occupation.objects.filter(is_active=True).count() == 7

    # Codes nest by prefix, so an official list cannot move a code to another group; a stored
    # parent can still be wrong (edited by hand), and the import puts it back and says so.
    Occupation.objects.filter(code="6480207").update(parent_id="64801")
    updated = write_csv(
        "6,Cao đẳng,1,",
        "648,Máy tính và công nghệ thông tin,2,6",
        "64802,Công nghệ thông tin,3,648",
        "64801,Máy tính,3,648",
        "6480201,Công nghệ thông tin (CNTT),4,64802",  # renamed
        "6480207,Lập trình máy tính,4,64802",
        "6480299,Ngành thử nghiệm,4,64802",  # added (a code made up for the test)
        # 6480209 is gone: deactivated
        name="v2.csv",
    )
    out, _err = _run(str(updated), "--dry-run")
    assert "Chạy thử" in out
    assert Occupation.objects.get(code="6480201").name == "Công nghệ thông tin"

    out, _err = _run(str(updated))
    report = load_occupations(updated)  # applied already: a no-op, checked below
    assert not report.has_changes
    assert "Thêm mới: 6480299" in out
    assert "Thêm 1, đổi tên 1, chuyển nhóm 1, áp dụng lại 0, ngừng áp dụng 1," in out
    assert "Đổi tên: 6480201" in out
    assert "Chuyển nhóm: 6480207 từ 64801 sang 64802" in out
    assert "Ngừng áp dụng: 6480209" in out
    assert Occupation.objects.get(code="6480201").name == "Công nghệ thông tin (CNTT)"
    assert Occupation.objects.get(code="6480207").parent_id == "64802"
    retired = Occupation.objects.get(code="6480209")  # kept, never deleted
    assert retired.is_active is False

    again = load_occupations(updated)
    assert not again.has_changes
    assert again.unchanged == 7

    back = load_occupations(write_csv(*BASE, "6480299,Ngành thử nghiệm,4,64802", name="v3.csv"))
    assert back.reactivated == ["6480209"]
    assert back.renamed == [("6480201", "Công nghệ thông tin (CNTT)", "Công nghệ thông tin")]
    assert back.added == [] and back.deactivated == []


@pytest.mark.django_db
def test_bad_list_reports_every_line_and_writes_nothing(training_levels, write_csv):
    load_occupations(write_csv(*BASE, name="v1.csv"))
    before = list(Occupation.objects.order_by("code").values_list("code", "name", "is_active"))
    bad = write_csv(
        "6,Cao đẳng,1,",  # line 2
        "648,Máy tính và công nghệ thông tin,2,6",  # line 3
        "64802,Công nghệ thông tin,3,648",  # line 4
        "648020,Công nghệ thông tin,4,64802",  # line 5: 6 digits at level IV
        "6480207,Lập trình máy tính,4,64809",  # line 6: unknown parent
        "64802,Công nghệ thông tin,3,648",  # line 7: duplicate code
        "9480201,Ngành lạ,4,94802",  # line 8: level I digit 9 is no training level
        name="bad.csv",
    )
    with pytest.raises(OccupationListError) as caught:
        load_occupations(bad)
    errors = caught.value.errors
    assert {(e.line, e.column) for e in errors} >= {
        (5, "code"),
        (6, "parent_code"),
        (7, "code"),
        (8, "code"),
    }

    with pytest.raises(CommandError) as command_error:
        _run(str(bad))
    assert "chưa ghi thay đổi nào" in str(command_error.value)
    assert list(Occupation.objects.order_by("code").values_list("code", "name", "is_active")) == (
        before
    )


@pytest.mark.django_db
def test_error_messages_name_line_column_and_reason(training_levels, write_csv, capsys):
    bad = write_csv("6,Cao đẳng,1,", "648,Máy tính,2,6", "6480201,CNTT,4,64802", name="bad.csv")
    before = Occupation.objects.filter(is_active=True).count()
    with pytest.raises(CommandError):
        call_command("import_occupations", str(bad))
    err = capsys.readouterr().err
    assert "Dòng 4, cột “parent_code”: mã cha “64802” không có trong danh sách." in err
    assert Occupation.objects.filter(is_active=True).count() == before


@pytest.mark.django_db
def test_missing_column_and_missing_file(training_levels, write_csv):
    path = write_csv("6,Cao đẳng,1", header="code,name,level", name="nocol.csv")
    with pytest.raises(OccupationListError) as caught:
        load_occupations(path)
    assert caught.value.errors[0].column == "parent_code"
    with pytest.raises(CommandError):
        call_command("import_occupations", "/nonexistent/occupations.csv")


@pytest.mark.django_db
def test_load_catalogues_command_prints_counts(db, capsys):
    call_command("load_catalogues")
    out = capsys.readouterr().out
    assert "Xã/phường/đặc khu: tổng 3321" in out
    call_command("load_catalogues")
    out = capsys.readouterr().out
    assert "Tỉnh cũ (trước 7/2025): tổng 63 (thêm 0, cập nhật 0, không đổi 63)" in out


# --- Issue 15 item 17: encodings, a file cut short, a list that withdraws much ------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("encoding", "words"), [("utf-16", "UTF-16"), ("cp1252", "Windows-1252")])
def test_a_list_not_in_utf8_gets_a_clear_message(training_levels, tmp_path, encoding, words):
    path = tmp_path / "occupations.csv"
    text = "code,name,level,parent_code\n6,Cao đẳng,1,\n648,Máy tính – café,2,6\n"
    if encoding == "cp1252":
        text = text.replace("đẳng", "dang")  # Windows-1252 has no đ
    path.write_bytes(text.encode(encoding))
    with pytest.raises(CommandError):
        _run(str(path))
    with pytest.raises(OccupationListError) as error:
        load_occupations(path)
    assert words in str(error.value)
    assert "CSV UTF-8" in str(error.value)


@pytest.mark.django_db
def test_a_list_cut_short_is_refused(training_levels, tmp_path):
    path = tmp_path / "occupations.csv"
    path.write_text("code,name,level,parent_code\n6,Cao đẳng,1,\n648,Máy tí", encoding="utf-8")
    with pytest.raises(OccupationListError, match="cắt ngang"):
        load_occupations(path)


@pytest.mark.django_db
def test_withdrawing_a_large_share_needs_confirmation(catalogues, write_csv):
    active = Occupation.objects.filter(is_active=True).count()
    assert active > 50
    half = list(
        Occupation.objects.filter(is_active=True)
        .order_by("code")
        .values_list("code", "name", "level", "parent_id")
    )[: active // 2]
    kept = {code for code, *_rest in half}
    rows = [
        f'{code},"{name}",{level},{parent if parent in kept else ""}'
        for code, name, level, parent in half
    ]
    path = write_csv(*rows, name="half.csv")
    with pytest.raises(CommandError, match="--confirm-withdrawals") as error:
        _run(str(path))
    assert f"trong {active} mã" in str(error.value)
    assert Occupation.objects.filter(is_active=True).count() == active  # nothing written
