"""An invoice is entered once: the same supplier's number again (as typed, in full-width
characters, in lower case or with spaces) is refused at this school and at another, with
nothing saved; another supplier's, or the number of a voided delivery, is taken."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from procurement import services
from procurement.errors import ProcurementError
from procurement.models import Delivery
from suite.db import make_engine

from .helpers import counts, delivery_form, field_errors, line

RICE = [("大米", "10", "kg", "5.00")]
SAME_SCHOOL = ("县粮油公司 的票据号 {n} 已登记在 2026-11-02 的入库单上。同一张票据只能入库一次；"
               "如需更正那张入库单，请先作废它，再重新录入。")
OTHER_SCHOOL = ("县粮油公司 的票据号 {n} 已被另一所学校登记。同一张票据只能入库一次；"
                "如果供应商重复使用了同一票据号，请报告教育局。")


def _refused(db, deliver, number, **kw) -> str:
    before = counts(db)
    with pytest.raises(ProcurementError) as caught:
        deliver(RICE, day=date(2026, 11, 3), invoice_no=number, **kw)
    db.rollback()
    assert counts(db) == before
    assert set(caught.value.errors) == {"invoice_no"}
    return caught.value.errors["invoice_no"]


@pytest.mark.parametrize("first, again", [
    ("FP-118", "FP-118"), ("FP-118", "ＦＰ－１１８"), ("FP-118", "fp-118"),
    ("FP-118", " FP - 118 "), ("FP-118", "ｆｐ－\t　118"),
    # printed alike: a zero-width space, a word joiner, a soft hyphen pasted in
    ("T-3", "T-\u200b3"), ("T8", "T\u20608"), ("T9", "T\u00ad9"),
    # case folded in full, not only A-Z: ß is ss, and Greek and Latin ligatures alike
    ("STRASSE-ß-9", "STRASSE-ß-9"), ("STRASSE-ß-9", "strasse-ss-9"), ("T-ΐ10", "T-ΐ10")])
def test_the_same_number_again_is_refused_and_saves_nothing(db, deliver, first, again):
    deliver(RICE, invoice_no=first)
    assert _refused(db, deliver, again) == SAME_SCHOOL.format(
        n=services.invoice_text(again))
    assert db.scalar(select(Delivery.invoice_key)) == services.invoice_key(first)


def test_a_number_of_invisible_characters_is_no_number(db, deliver):
    before = counts(db)
    with pytest.raises(ProcurementError) as caught:
        deliver(RICE, invoice_no="\u200b\u2060")
    db.rollback()
    assert caught.value.errors == {"invoice_no": "请填写发票或票据号。"}
    assert counts(db) == before


def test_another_school_is_told_without_the_first_schools_day(db, org, deliver):
    deliver(RICE, invoice_no="FP-118")
    assert _refused(db, deliver, "FP-118", school=org.schools[1]) == OTHER_SCHOOL.format(
        n="FP-118")


def test_another_suppliers_number_and_a_voided_deliverys_number_are_taken(db, org, deliver,
                                                                          supplier):
    first = deliver(RICE, invoice_no="FP-118")
    other = services.save_supplier(db, {
        "name": "县蔬菜合作社", "credit_code": "91350100M000200Y4T", "licence_no": "JY2",
        "licence_expiry": date(2027, 6, 30), "approved": True,
        "food_groups": ["cereals_tubers"]})
    db.commit()
    second = services.create_delivery(
        db, school=org.schools[0], supplier_id=other.id, delivery_date=date(2026, 11, 3),
        invoice_no="FP-118", checker="王老师", lines=[services.LineIn(*RICE[0])],
        today=date(2026, 11, 23))
    db.commit()
    services.void_delivery(db, first, "金额写错")
    db.commit()
    third = deliver(RICE, day=date(2026, 11, 4), invoice_no="ＦＰ－１１８")
    assert third.invoice_no == "FP-118"  # stored half-width, as the ledger prints it
    assert {(d.supplier_id, d.voided_at is None) for d in (first, second, third)} == {
        (supplier.id, False), (other.id, True), (supplier.id, True)}


def test_the_form_shows_the_refusal_next_to_the_number(client, login, org, supplier, db):
    login("canteen_manager", school=org.schools[0])
    url = f"/procurement/deliveries/new?school={org.schools[0].id}"
    data = delivery_form(supplier.id, [line("大米", "10", "kg", "5")], invoice="FP-2026-118")
    assert client.post(url, data=data).status_code == 302
    before = counts(db)
    again = client.post(url, data={**data, "delivery_date": "2026-11-03"})
    assert again.status_code == 400
    assert field_errors(again.get_data(as_text=True), "invoice_no") == [
        SAME_SCHOOL.format(n="FP-2026-118")]
    assert counts(db) == before
    assert db.scalars(select(Delivery.invoice_no)).all() == ["FP-2026-118"]


def test_the_migration_gives_existing_deliveries_their_key(tmp_path, monkeypatch):
    """0022 on a database in use (SQLite, or PostgreSQL under TEST_DATABASE_URL): every
    delivery entered before it gets the key of its number."""
    from alembic import command
    from sqlalchemy import text

    from nutrition.services import sync_builtin_foods
    from suite import create_app, migrate
    from suite.audit import acting_as

    from ..factories import Factory
    from ..live import new_database

    url = new_database(tmp_path)
    monkeypatch.setenv("SUITE_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "migration-test"})
    with app.app_context(), acting_as(None, "test"):
        session = app.extensions["suite_db"].session()
        sync_builtin_foods(session)
        org = Factory(session, app).org(today=date(2026, 11, 23))
        supplier = services.save_supplier(session, {
            "name": "县粮油公司", "credit_code": "91350100M000100Y43",
            "licence_no": "JY13501000001", "licence_expiry": date(2027, 6, 30),
            "approved": True})
        for number in ("ＦＰ－\u200b118", "no. 7"):
            services.create_delivery(
                session, school=org.schools[0], supplier_id=supplier.id,
                delivery_date=date(2026, 11, 2), invoice_no=number, checker="王老师",
                lines=[services.LineIn(*RICE[0])], today=date(2026, 11, 23))
        session.commit()
        app.extensions["suite_db"].session.remove()
        app.extensions["suite_db"].engine.dispose()
    command.downgrade(migrate.alembic_config(url), "0021")
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT invoice_no, invoice_key FROM procurement_delivery "
                                 "ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("FP-118", "fp-118"), ("no. 7", "no.7")]
