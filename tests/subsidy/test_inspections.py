"""Inspections through the services: the whole workflow, every refusal with its message and
nothing changed after it, each member confirming only for themselves, evidence files known by
their content, open findings and the list of a user's schools."""
from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

from subsidy import evidence, services
from subsidy.models import Inspection, Rectification
from tests.factories import TODAY

from .helpers_inspections import (DUE, EXE, JPG, PDF, PNG, counts, office, plain_zip,
                                  record, team)

pytestmark = pytest.mark.usefixtures("en")
LIMIT = 10 * 1024 * 1024


@pytest.fixture
def users(factory, org):
    return team(factory, org)


def refused(call, **kwargs) -> dict:
    with pytest.raises(services.InspectionError) as info:
        call(**kwargs)
    return info.value.messages()


def rectify(db, inspection, user, tmp_path, data=PDF, name="整改报告.pdf", note="已补齐留样。",
            max_bytes=LIMIT):
    return services.record_rectification(
        db, inspection.id, note=note, file_bytes=data, filename=name, user_id=user.id,
        instance_path=str(tmp_path), max_bytes=max_bytes)


def test_the_whole_workflow(db, org, users, tmp_path):
    school = org.schools[0]
    inspection = record(db, users, school)
    assert (inspection.status, inspection.scopes, inspection.due_date) == (
        "open", "aid,food_safety", DUE)
    assert services.open_findings(db, [school.id]) == 1
    services.confirm_inspection(db, inspection.id, user_id=users["town1"].id)
    team_now = services.team_of(db, inspection.id)
    assert [(m["name"], m["confirmed_at"] is not None) for m in team_now] == [
        ("李科长", False), ("东镇张专干", True)]
    assert refused(services.close_inspection, session=db, inspection_id=inspection.id,
                   user_id=users["bureau2"].id) == {"": "1 team members have not confirmed yet."}
    services.confirm_inspection(db, inspection.id, user_id=users["bureau1"].id)
    assert refused(services.close_inspection, session=db, inspection_id=inspection.id,
                   user_id=users["bureau2"].id) == {
        "": "The school has not recorded its rectification yet."}
    rect = rectify(db, inspection, users["school0"], tmp_path)
    db.commit()
    digest = hashlib.sha256(PDF).hexdigest()
    assert (rect.sha256, rect.filename, rect.size, inspection.status) == (
        digest, "整改报告.pdf", len(PDF), "rectified")
    assert (tmp_path / "subsidy" / "evidence" / digest).read_bytes() == PDF
    assert services.open_findings(db, [school.id]) == 1  # until the bureau closes it
    services.close_inspection(db, inspection.id, user_id=users["bureau2"].id)
    db.commit()
    assert (inspection.status, inspection.closed_by) == ("closed", users["bureau2"].id)
    assert services.open_findings(db, [school.id]) == 0


def test_a_school_records_its_self_check(db, org, users):
    school = org.schools[0]
    check = record(db, users, school, kind="self", scopes=["canteen_accounts"],
                   member_ids=[users["school0"].id, users["school0b"].id],
                   user_id=users["school0"].id)
    assert (check.kind, len(check.members), check.created_by) == (
        "self", 2, users["school0"].id)


@pytest.mark.parametrize("changes, errors", [
    ({"day": TODAY + timedelta(days=1)}, {"day": "The inspection day cannot be after today."}),
    ({"day": None}, {"day": "Enter the day of the inspection."}),
    ({"scopes": []}, {"scopes": "Choose at least one scope of the inspection."}),
    ({"scopes": ["aid", "wages"]}, {"scopes": "Choose at least one scope of the inspection."}),
    ({"member_ids": []}, {"member_ids": "Name at least one team member."}),
    ({"member_ids": [999999]}, {"member_ids": "Choose the team members from the list."}),
    ({"due_date": date(2026, 11, 19)},
     {"due_date": "The rectification due date is before the inspection day."}),
    ({"findings": "  "},
     {"findings": "Write the findings the school must rectify by the due date."}),
    ({"findings": "问" * 5001}, {"findings": "Write at most 5000 characters."}),
    ({"kind": "audit"}, {"kind": "Choose the kind of inspection."}),
    ({"kind": "self"}, {"kind": "A school records only its own self-checks."}),
    ({"school_id": 999999}, {"school_id": "Choose a school."}),
    ({"scopes": [], "member_ids": [], "day": TODAY + timedelta(days=1)},
     {"day": "The inspection day cannot be after today.",
      "scopes": "Choose at least one scope of the inspection.",
      "member_ids": "Name at least one team member."}),
])
def test_recording_refusals(db, org, users, changes, errors):
    before = counts(db)
    with pytest.raises(services.InspectionError) as info:
        record(db, users, org.schools[0], **changes)
    db.rollback()
    assert info.value.messages() == errors
    assert counts(db) == before


@pytest.mark.parametrize("kind, member, recorder, errors", [
    ("special", "school0", "bureau1",
     {"member_ids": "刘管理员 is not a bureau or township user."}),
    ("spot", "admin", "bureau1", {"member_ids": "赵管理员 is not a bureau or township user."}),
    ("self", "bureau1", "school0", {"member_ids": "李科长 is not a user of this school."}),
    ("self", "school1", "school0", {"member_ids": "周管理员 is not a user of this school."}),
    ("cross", "town2", "school0", {"kind": "Only the bureau records special inspections, spot "
                                           "checks and cross-reviews."}),
    ("self", "school1", "school1", {"kind": "A school records only its own self-checks."}),
])
def test_team_members_and_recorders_of_the_right_kind(db, org, users, kind, member, recorder,
                                                       errors):
    before = counts(db)
    with pytest.raises(services.InspectionError) as info:
        record(db, users, org.schools[0], kind=kind, member_ids=[users[member].id],
               user_id=users[recorder].id)
    db.rollback()
    assert info.value.messages() == errors
    assert counts(db) == before


def test_a_township_officer_of_another_township_may_sit_on_a_cross_review(db, org, users):
    check = record(db, users, org.schools[0], kind="cross",
                   member_ids=[users["town2"].id, users["bureau2"].id])
    assert sorted(m.user_id for m in check.members) == sorted(
        [users["town2"].id, users["bureau2"].id])


def test_each_member_confirms_only_for_themselves(db, org, users):
    inspection = record(db, users, org.schools[0])
    services.confirm_inspection(db, inspection.id, user_id=users["bureau1"].id)
    db.commit()
    before = counts(db)
    assert before[2] == 1  # town1 is still to confirm
    for user, message in (("bureau1", "You have already confirmed this inspection."),
                          ("bureau2", "Only a member of the inspection team may confirm it."),
                          ("school0", "Only a member of the inspection team may confirm it.")):
        assert refused(services.confirm_inspection, session=db, inspection_id=inspection.id,
                       user_id=users[user].id) == {"": message}
        db.rollback()
    assert counts(db) == before
    assert refused(services.confirm_inspection, session=db, inspection_id=987654,
                   user_id=users["bureau1"].id) == {"": "No such inspection."}


@pytest.mark.parametrize("data, name, note, max_bytes, errors", [
    (EXE, "整改报告.pdf", "已整改。", LIMIT,
     {"file": "Attach a PDF, JPG, PNG, XLSX or DOCX file."}),
    (plain_zip(), "台账.xlsx", "已整改。", LIMIT,
     {"file": "Attach a PDF, JPG, PNG, XLSX or DOCX file."}),
    (b"<html><script>alert(1)</script></html>", "a.png", "已整改。", LIMIT,
     {"file": "Attach a PDF, JPG, PNG, XLSX or DOCX file."}),
    (PDF + b"0" * 2000, "big.pdf", "已整改。", 2000, {"file": "The file is larger than 0.0019 MB."}),
    (PDF + b"0" * (10 * 1024 * 1024), "big.pdf", "已整改。", LIMIT,
     {"file": "The file is larger than 10 MB."}),
    (b"", "empty.pdf", "已整改。", LIMIT, {"file": "Attach the evidence file."}),
    (PDF, "a.pdf", "  ", LIMIT, {"note": "Write what the school did."}),
    (EXE, "a.pdf", "", LIMIT, {"note": "Write what the school did.",
                               "file": "Attach a PDF, JPG, PNG, XLSX or DOCX file."}),
])
def test_rectification_refusals(db, org, users, tmp_path, data, name, note, max_bytes, errors):
    inspection = record(db, users, org.schools[0])
    before = counts(db)
    with pytest.raises(services.InspectionError) as info:
        rectify(db, inspection, users["school0"], tmp_path, data=data, name=name, note=note,
                max_bytes=max_bytes)
    db.rollback()
    assert info.value.messages() == errors
    assert counts(db) == before and not (tmp_path / "subsidy").exists()


def test_only_the_school_rectifies_an_open_inspection_with_findings(db, org, users, tmp_path):
    inspection = record(db, users, org.schools[0])
    clean = record(db, users, org.schools[0], findings="", due_date=None)
    before = counts(db)
    for who, target, message in (
            ("school1", inspection, "Only the inspected school records its rectification."),
            ("bureau1", inspection, "Only the inspected school records its rectification."),
            ("school0", clean, "This inspection found nothing to rectify.")):
        with pytest.raises(services.InspectionError) as info:
            rectify(db, target, users[who], tmp_path)
        db.rollback()
        assert info.value.messages() == {"": message}
    assert counts(db) == before


def test_closing_refusals_and_a_clean_inspection(db, org, users, tmp_path):
    clean = record(db, users, org.schools[0], findings="", due_date=None)
    assert services.open_findings(db, [org.schools[0].id]) == 0
    before = counts(db)
    assert refused(services.close_inspection, session=db, inspection_id=clean.id,
                   user_id=users["bureau1"].id) == {"": "2 team members have not confirmed yet."}
    db.rollback()
    for user in ("school0", "town1"):
        assert refused(services.close_inspection, session=db, inspection_id=clean.id,
                       user_id=users[user].id) == {"": "Only the bureau closes an inspection."}
        db.rollback()
    assert counts(db) == before
    for user in ("bureau1", "town1"):
        services.confirm_inspection(db, clean.id, user_id=users[user].id)
    services.close_inspection(db, clean.id, user_id=users["admin"].id)  # nothing to rectify
    db.commit()
    assert clean.status == "closed"
    before = counts(db)
    assert refused(services.close_inspection, session=db, inspection_id=clean.id,
                   user_id=users["bureau1"].id) == {"": "The inspection is closed."}
    db.rollback()
    assert counts(db) == before


def test_a_closed_inspection_takes_no_rectification(db, org, users, tmp_path):
    inspection = record(db, users, org.schools[0])
    rectify(db, inspection, users["school0"], tmp_path)
    for user in ("bureau1", "town1"):
        services.confirm_inspection(db, inspection.id, user_id=users[user].id)
    services.close_inspection(db, inspection.id, user_id=users["bureau1"].id)
    db.commit()
    before = counts(db)
    with pytest.raises(services.InspectionError) as info:
        rectify(db, inspection, users["school0"], tmp_path, data=PNG, name="照片.png")
    db.rollback()
    assert info.value.messages() == {"": "The inspection is closed."}
    assert counts(db) == before


def test_open_findings_and_the_list_of_a_users_schools(db, org, users, tmp_path):
    s0, s1, s2 = org.schools
    first = record(db, users, s0, day=date(2026, 11, 2))
    clean = record(db, users, s0, findings="", due_date=None, day=date(2026, 11, 3))
    other = record(db, users, s1, day=date(2026, 11, 5))
    rectify(db, first, users["school0"], tmp_path)
    db.commit()
    assert services.open_findings(db, [s0.id]) == 1
    assert services.open_findings(db, [s0.id, s1.id, s2.id]) == 2
    assert services.open_findings(db, [s2.id]) == 0 and services.open_findings(db, []) == 0
    rows = services.inspections_for(db, [s0.id, s1.id])
    assert [(r["id"], r["day"], r["school_code"], r["findings"], r["status"], r["members"],
             r["confirmed"]) for r in rows] == [
        (other.id, date(2026, 11, 5), s1.code, True, "open", 2, 0),
        (clean.id, date(2026, 11, 3), s0.code, False, "open", 2, 0),
        (first.id, date(2026, 11, 2), s0.code, True, "rectified", 2, 0)]
    assert [r["id"] for r in services.inspections_for(db, [s0.id], "rectified")] == [first.id]
    assert services.inspections_for(db, [s2.id]) == []
    assert [r["id"] for r in services.inspections_for(
        db, [s2.id], member_id=users["town1"].id)] == [other.id, clean.id, first.id]


@pytest.mark.parametrize("data, kind", [
    (PDF, "pdf"), (JPG, "jpg"), (PNG, "png"), (office("xl/workbook.xml"), "xlsx"),
    (office("word/document.xml"), "docx"), (EXE, None), (plain_zip(), None),
    (b"PK\x03\x04 not a zip", None), (b"GIF89a", None), (b"", None)])
def test_files_are_known_by_their_content(data, kind):
    assert evidence.kind_of(data) == kind


@pytest.mark.parametrize("uploaded, kind, sent", [
    ("整改报告.pdf", "pdf", "整改报告.pdf"),
    ("C:\\Users\\李\\照片 1.exe", "jpg", "照片_1.jpg"),
    ('../../x"; filename=evil.html\r\nSet-Cookie: a=b.pdf', "pdf",
     "x_filename_evil.htmlSet-Cookie_a_b.pdf"),
    ("", "png", "evidence-7.png"), ("...", "docx", "evidence-7.docx"),
])
def test_the_download_name_is_made_safe(uploaded, kind, sent):
    assert evidence.download_name(uploaded, kind, "evidence-7") == sent


def test_the_same_file_is_kept_once(db, org, users, tmp_path):
    inspection = record(db, users, org.schools[0])
    rectify(db, inspection, users["school0"], tmp_path)
    rectify(db, inspection, users["school0b"], tmp_path, note="再次说明。")
    db.commit()
    assert len(list((tmp_path / "subsidy" / "evidence").iterdir())) == 1
    assert db.query(Rectification).count() == 2 and db.get(Inspection, inspection.id).status \
        == "rectified"
