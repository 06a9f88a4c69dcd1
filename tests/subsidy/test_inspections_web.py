"""Inspection screens: recording, each member confirming under their own login, the school's
rectification upload (content checked, size limited), the bureau's close, the evidence
download with a safe name, scoping (another school's inspection is 404), the home page's
count, CSRF, and the Chinese page with no English."""
from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest

from subsidy.models import Inspection, InspectionMember
from suite import clock
from tests.canteen.helpers_safety import english_words, errors_on

from .helpers_inspections import DAY, DUE, EXE, PDF, counts, log_in, record, team

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def users(factory, org):
    return team(factory, org)


def new_form(org, users, **changes):
    data = {"school_id": str(org.schools[0].id), "kind": "spot", "day": DAY.isoformat(),
            "scopes": ["archives", "canteen_accounts"], "findings": "出库单缺签字。",
            "due_date": DUE.isoformat(),
            "member_ids": [str(users["bureau1"].id), str(users["town1"].id)]}
    data.update(changes)
    return data


def upload(client, inspection_id, data=PDF, name="整改报告.pdf", note="已补签。"):
    return client.post(f"/subsidy/inspections/{inspection_id}/rectify",
                       data={"note": note, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_the_workflow_through_the_screens(en, db, org, users, app):
    log_in(en, users["bureau1"])
    response = en.post("/subsidy/inspections/new", data=new_form(org, users))
    inspection = db.query(Inspection).one()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/subsidy/inspections/{inspection.id}"
    assert (inspection.kind, inspection.scopes, inspection.created_by) == (
        "spot", "archives,canteen_accounts", users["bureau1"].id)
    listing = en.get("/subsidy/inspections").text
    assert "Spot check" in listing and "0 / 2" in listing and org.schools[0].name in listing
    assert "1 inspection has findings not yet closed." in en.get("/").text
    page = en.get(f"/subsidy/inspections/{inspection.id}").text
    assert "I confirm this record" in page and "Close the inspection" not in page
    assert en.post(f"/subsidy/inspections/{inspection.id}/confirm").status_code == 303
    log_in(en, users["town1"])
    assert en.post(f"/subsidy/inspections/{inspection.id}/confirm").status_code == 303
    log_in(en, users["school0"])
    assert "1 inspection has findings not yet closed." in en.get("/").text
    assert "Record the rectification" in en.get(f"/subsidy/inspections/{inspection.id}").text
    assert upload(en, inspection.id).status_code == 303
    log_in(en, users["bureau2"])
    page = en.get(f"/subsidy/inspections/{inspection.id}").text
    assert "Close the inspection" in page and "I confirm this record" not in page
    rect = db.get(Inspection, inspection.id).rectifications[0]
    download = en.get(f"/subsidy/inspections/{inspection.id}/evidence/{rect.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"] == (
        f'attachment; filename="evidence-{rect.id}.pdf"; '
        "filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert en.post(f"/subsidy/inspections/{inspection.id}/close").status_code == 303
    db.expire_all()
    assert db.get(Inspection, inspection.id).status == "closed"
    assert "No open inspection findings." in en.get("/").text


def test_each_member_confirms_under_their_own_login(en, db, org, users):
    inspection = record(db, users, org.schools[0])
    log_in(en, users["town1"])
    assert en.post(f"/subsidy/inspections/{inspection.id}/confirm").status_code == 303
    confirmed = {m.user_id: m.confirmed_at is not None
                 for m in db.query(InspectionMember).all()}
    assert confirmed == {users["bureau1"].id: False, users["town1"].id: True}
    before = counts(db)
    again = en.post(f"/subsidy/inspections/{inspection.id}/confirm")
    assert again.status_code == 400
    assert "You have already confirmed this inspection." in again.text
    log_in(en, users["bureau2"])
    outsider = en.post(f"/subsidy/inspections/{inspection.id}/confirm")
    assert outsider.status_code == 400
    assert "Only a member of the inspection team may confirm it." in outsider.text
    assert counts(db) == before


def test_refused_records_show_each_message_and_save_nothing(en, db, org, users):
    log_in(en, users["bureau1"])
    before = counts(db)
    future = (clock.today() + timedelta(days=1)).isoformat()
    response = en.post("/subsidy/inspections/new", data=new_form(
        org, users, day=future, scopes=[], member_ids=[str(users["school1"].id)],
        findings=""))
    assert response.status_code == 400
    assert errors_on(response.text) == [
        "The inspection day cannot be after today.",
        "Choose at least one scope of the inspection.",
        "Write the findings the school must rectify by the due date.",
        "周管理员 is not a bureau or township user."]
    response = en.post("/subsidy/inspections/new", data=new_form(
        org, users, due_date="2026-11-01", member_ids=[]))
    assert errors_on(response.text) == [
        "The rectification due date is before the inspection day.",
        "Name at least one team member."]
    # an empty form: every missing field at once, the day among them
    response = en.post("/subsidy/inspections/new", data=new_form(
        org, users, day="", scopes=[], member_ids=[], findings=""))
    assert errors_on(response.text) == [
        "Enter the day of the inspection.", "Choose at least one scope of the inspection.",
        "Write the findings the school must rectify by the due date.",
        "Name at least one team member."]
    assert counts(db) == before


def test_a_file_claiming_pdf_but_an_exe_is_refused(en, db, org, users, app):
    inspection = record(db, users, org.schools[0])
    log_in(en, users["school0"])
    before = counts(db)
    response = upload(en, inspection.id, data=EXE, name="整改报告.pdf")
    assert response.status_code == 400
    assert errors_on(response.text) == ["Attach a PDF, JPG, PNG, XLSX or DOCX file."]
    missing = upload(en, inspection.id, data=b"", name="", note="")
    assert errors_on(missing.text) == ["Write what the school did.", "Attach the evidence file."]
    assert counts(db) == before
    assert not Path(app.instance_path, "subsidy", "evidence",
                    hashlib.sha256(EXE).hexdigest()).exists()


def test_a_file_over_the_limit_is_refused(make_app, db, org, users):
    inspection = record(db, users, org.schools[0])
    before = counts(db)
    app = make_app(SUBSIDY_EVIDENCE_MAX_BYTES=1024 * 1024, BABEL_DEFAULT_LOCALE="en")
    client = app.test_client()
    log_in(client, users["school0"])
    big = PDF + b"0" * (1024 * 1024)
    response = upload(client, inspection.id, data=big)
    assert response.status_code == 400
    assert errors_on(response.text) == ["The file is larger than 1 MB."]
    small = make_app(MAX_CONTENT_LENGTH=64 * 1024).test_client()
    log_in(small, users["school0"])
    assert upload(small, inspection.id, data=PDF + b"0" * (128 * 1024)).status_code == 413
    assert counts(db) == before


def test_another_schools_inspection_is_not_found(en, db, org, users, tmp_path):
    inspection = record(db, users, org.schools[0])
    log_in(en, users["school0"])
    assert upload(en, inspection.id).status_code == 303
    rect_id = db.get(Inspection, inspection.id).rectifications[0].id
    before = counts(db)
    for user in ("school1", "town2"):
        log_in(en, users[user])
        base = f"/subsidy/inspections/{inspection.id}"
        assert en.get(base).status_code == 404
        assert en.get(f"{base}/evidence/{rect_id}").status_code == 404
        assert en.post(f"{base}/confirm").status_code == 404
        assert org.schools[0].name not in en.get("/subsidy/inspections").text
    log_in(en, users["school1"])
    assert upload(en, inspection.id).status_code == 404
    log_in(en, users["school0"])
    assert en.get(f"/subsidy/inspections/{inspection.id}/evidence/{rect_id + 1}").status_code \
        == 404
    assert counts(db) == before


def test_who_may_do_what(en, db, org, users):
    inspection = record(db, users, org.schools[0])
    log_in(en, users["town1"])  # a member, not a recorder
    assert en.get(f"/subsidy/inspections/{inspection.id}").status_code == 200
    assert en.get("/subsidy/inspections/new").status_code == 403
    assert en.post(f"/subsidy/inspections/{inspection.id}/close").status_code == 403
    log_in(en, users["school0"])
    assert en.post(f"/subsidy/inspections/{inspection.id}/close").status_code == 403
    page = en.get("/subsidy/inspections/new").text
    assert "Self-check" in page and "陈管理员" in page and "李科长" not in page
    response = en.post("/subsidy/inspections/new", data=new_form(
        org, users, school_id=str(org.schools[1].id), kind="special",
        member_ids=[str(users["school0b"].id)], findings="", due_date=""))
    assert response.status_code == 303
    check = db.query(Inspection).order_by(Inspection.id.desc()).first()
    assert (check.school_id, check.kind) == (org.schools[0].id, "self")


def test_changes_need_the_csrf_token(make_app, db, org, users):
    inspection = record(db, users, org.schools[0])
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    token = TOKEN.search(client.get("/login").text).group(1)
    client.post("/login", data={"username": users["town1"].username,
                                "password": "correct-horse-9", "csrf_token": token})
    before = counts(db)
    assert client.post(f"/subsidy/inspections/{inspection.id}/confirm").status_code == 400
    assert counts(db) == before
    token = TOKEN.search(client.get(f"/subsidy/inspections/{inspection.id}").text).group(1)
    assert client.post(f"/subsidy/inspections/{inspection.id}/confirm",
                       data={"csrf_token": token}).status_code == 303


def test_the_pages_in_chinese_show_no_english(client, db, org, users):
    inspection = record(db, users, org.schools[0])
    log_in(client, users["school0"])
    # the uploaded name is shown as the user wrote it: a Chinese one here
    assert upload(client, inspection.id, name="整改照片").status_code == 303
    for user in ("bureau1", "school0", "town1"):
        log_in(client, users[user])
        for url in ("/subsidy/inspections", f"/subsidy/inspections/{inspection.id}",
                    "/subsidy/inspections/new", "/"):
            page = client.get(url)
            if page.status_code == 403:
                continue
            assert english_words(page.text) == set(), (user, url)
    page = client.get(f"/subsidy/inspections/{inspection.id}").text
    assert "专项检查" in page and "资助管理" in page and "食品安全" in page and "已整改" in page
    log_in(client, users["school0"])
    refused = upload(client, inspection.id, data=EXE, note="")
    assert refused.status_code == 400 and errors_on(refused.text) == [
        "请填写整改措施。", "请上传 PDF 文件、JPG 或 PNG 图片、Excel（xlsx）表格或 Word（docx）文档。"]
    assert "检查与整改" in client.get("/").text


def test_an_empty_filtered_list_names_the_filter(en, db, org, users):
    record(db, users, org.schools[0])
    log_in(en, users["bureau1"])
    page = en.get("/subsidy/inspections?status=closed").text
    assert "No inspection has the status Closed." in page and "No inspections yet." not in page
