"""Company- and family-supplied schools: contracts, delivered servings, cost and flags."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from canteen import services
from canteen.errors import CanteenError
from canteen.models import SuppliedLine, SupplyContract
from tests.canteen.helpers_issuing import DAY, contract, count, supplied_count
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("en")


BAND_ADVICE = (": count these servings in a band that has one (teachers' servings are put in "
               "the oldest band), or ask the education bureau to add a price for this band.")

@pytest.fixture
def company(db, org, supplier):
    school = org.schools[2]
    school.supply_mode = "company"
    db.commit()
    return school


def contracts(db):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(SupplyContract))


def test_save_contract_and_its_refusals(db, org, company, supplier):
    args = dict(school_id=company.id, supplier_id=supplier.id, meal="lunch", age_band="6-8",
                start_date=date(2026, 9, 1), end_date=date(2027, 1, 20),
                price_per_serving="４.８５元", contract_no=" HT-2026-01 ")
    made = services.save_contract(db, **args)
    db.commit()
    assert (made.price_per_serving, made.contract_no, made.age_band) == (
        Decimal("4.85"), "HT-2026-01", "6-8")

    def refused(**kw):
        with pytest.raises(CanteenError) as exc:
            services.save_contract(db, **{**args, **kw})
        db.rollback()
        return exc.value.messages()

    overlap = {"start_date": "A contract for this meal and age band is already in force from "
                             "2026-09-01 (contract HT-2026-01)."}
    assert refused(start_date=date(2027, 1, 20), end_date=None) == overlap
    assert refused(age_band=None, start_date=date(2026, 12, 1)) == overlap  # every band
    assert refused(price_per_serving="0") == {
        "price_per_serving": "Enter the price per serving, an amount above 0."}
    assert refused(price_per_serving="五元") == {
        "price_per_serving": "Enter the price per serving, an amount above 0."}
    assert refused(price_per_serving="4.855") == {
        "price_per_serving": "Enter the price per serving in yuan to the fen."}
    assert refused(school_id=org.schools[0].id) == {
        "school_id": "This school runs its own canteen: its meals are costed from the food "
                     "issued, not from a catering contract."}
    assert refused(end_date=date(2026, 8, 1), supplier_id=999999, meal="supper") == {
        "end_date": "The end date is before the start date.",
        "supplier_id": "Choose the supplier.", "meal": "Choose the meal."}
    assert contracts(db) == 1
    other = services.save_contract(db, **{**args, "age_band": "9-11"})
    later = services.save_contract(db, **{**args, "start_date": date(2027, 1, 21),
                                          "end_date": None})
    assert (other.age_band, later.start_date) == ("9-11", date(2027, 1, 21))


def test_supplied_meal_at_the_contract_price_of_the_day(db, company, supplier):
    contract(db, company, supplier, band="6-8", price="4.85", end=date(2026, 11, 15))
    contract(db, company, supplier, band="6-8", price="4.95", start=date(2026, 11, 16))
    contract(db, company, supplier, band=None, price="5.37")
    count(db, company, grades={1: (20, 20), 4: (8, 8)}, teachers=3)
    db.commit()
    meal = services.save_supplied_meal(
        db, school_id=company.id, day=DAY, meal="lunch", supplier_id=supplier.id, slip_no="",
        servings_by_band={"6-8": 23, "9-11": "7", "12-14": 0}, user_id=None, today=TODAY)
    db.commit()
    # 23 × 4.95 (the 6-8 price from 2026-11-16) = 113.85; 7 × 5.37 (every band) = 37.59
    assert (meal.servings, meal.cost) == (30, Decimal("151.44"))
    assert [(ln.age_band, ln.servings, ln.price_per_serving) for ln in meal.lines] == [
        ("6-8", 23, Decimal("4.95")), ("9-11", 7, Decimal("5.37"))]
    # counted 28 pupils + 3 teachers = 31 > 30 delivered; and no slip number
    assert services.supply_flags(meal, 31) == ["servings", "slip"]
    # 151.44 × 3 / 31 = 14.6554… → 14.66 for the teachers; 151.44 − 14.66 = 136.78 pupils
    assert services.meal_costs(db, company.id, DAY, DAY)[(DAY, "lunch")] == {
        "food_cost": Decimal("151.44"), "student_cost": Decimal("136.78"),
        "teacher_cost": Decimal("14.66"), "outside_cost": Decimal("0.00"),
        "plan_cost": Decimal("136.78"), "students": 28, "plan_students": 28, "teachers": 3}
    again = services.save_supplied_meal(
        db, school_id=company.id, day=DAY, meal="lunch", supplier_id=supplier.id,
        slip_no="PS-77", servings_by_band={"6-8": 24, "12-14": 7}, today=TODAY)
    db.commit()
    assert (again.id, again.servings, again.cost, supplied_count(db)) == (
        meal.id, 31, Decimal("156.39"), 1)  # 24 × 4.95 + 7 × 5.37 = 118.80 + 37.59
    assert db.scalar(select(func.count()).select_from(SuppliedLine)) == 2
    assert services.supply_flags(again, 31) == []
    assert services.supply_flags(None, 31) == ["servings"]


def test_supplied_meal_refusals_save_nothing(db, org, company, supplier):
    contract(db, company, supplier, band="6-8", price="4.85")
    db.commit()
    args = dict(school_id=company.id, day=DAY, meal="lunch", supplier_id=supplier.id,
                slip_no="PS-1", servings_by_band={"6-8": 10}, today=TODAY)

    def refused(**kw):
        with pytest.raises(CanteenError) as exc:
            services.save_supplied_meal(db, **{**args, **kw})
        db.rollback()
        return exc.value.messages()

    assert refused(day=date(2026, 11, 24)) == {
        "day": "Servings cannot be recorded for a future day."}
    assert refused(school_id=org.schools[0].id) == {
        "school_id": "This school runs its own canteen: its meals are costed from the food "
                     "issued, not from a catering contract."}
    assert refused(servings_by_band={"6-8": 10, "9-11": 5}) == {
        "servings[9-11]": "No contract with this supplier gives a price for age band 9-11 on "
                          "2026-11-20" + BAND_ADVICE}
    assert refused(meal="dinner") == {
        "servings[6-8]": "No contract with this supplier gives a price for age band 6-8 on "
                         "2026-11-20" + BAND_ADVICE}
    assert refused(servings_by_band={"6-8": -1, "adult": 3}) == {
        "servings[6-8]": "Servings are whole numbers from 0 to 5000.",
        "servings[adult]": "Unknown age band."}
    assert refused(servings_by_band={"6-8": 2.5}) == {
        "servings[6-8]": "Servings are whole numbers from 0 to 5000."}
    assert refused(servings_by_band={"6-8": 0}) == {"servings": "Enter the servings delivered."}
    assert supplied_count(db) == 0


def test_contract_and_servings_screens(client, login, db, org, company, supplier):
    login("bureau")
    data = {"school_id": str(company.id), "supplier_id": str(supplier.id), "meal": "lunch",
            "age_band": "", "start_date": "2026-09-01", "end_date": "",
            "price_per_serving": "5.37元", "contract_no": "2026-017"}
    assert client.post("/canteen/contracts/new", data={**data, "price_per_serving": "0"}
                       ).status_code == 400
    assert contracts(db) == 0
    assert client.post("/canteen/contracts/new", data={
        **data, "school_id": str(org.schools[0].id)}).status_code == 404  # a canteen school
    assert client.post("/canteen/contracts/new", data=data).status_code == 302
    assert "5.37" in client.get("/canteen/contracts").get_data(as_text=True)
    count(db, company, grades={1: (20, 20)}, teachers=2)
    db.commit()
    login("canteen_manager", school=company)
    url = f"/canteen/{company.id}/2026-11-20/lunch/supplied"
    page = client.get(url).get_data(as_text=True)  # prefilled: 20 pupils of 6-8, 2 teachers
    assert 'name="servings_6_8" size="6" type="text" value="20"' in page
    assert 'name="servings_15_17" size="6" type="text" value="2"' in page
    bad = client.post(url, data={"supplier_id": str(supplier.id), "servings_6_8": "x"})
    assert bad.status_code == 400 and supplied_count(db) == 0
    ok = client.post(url, data={"supplier_id": str(supplier.id), "slip_no": "PS-9",
                                "servings_6_8": "20", "servings_15_17": "2"})
    assert ok.status_code == 302 and supplied_count(db) == 1
    page = client.get(url).get_data(as_text=True)
    assert "118.14" in page  # 22 × 5.37
    # the lines in the bands' order, not the order of their text ("15-17" before "6-8")
    assert page.index("Ages 6-8: 20 × 5.37 yuan") < page.index("Ages 15-17: 2 × 5.37 yuan")


def test_a_closed_month_refuses_the_servings(db, company, supplier):
    from canteen.signals import record_saving
    from suite.errors import ServiceError

    contract(db, company, supplier, price="5.00")
    db.commit()

    def closed(sender, **payload):
        raise ServiceError({"day": "closed"})

    with record_saving.connected_to(closed), pytest.raises(ServiceError):
        services.save_supplied_meal(db, school_id=company.id, day=DAY, meal="lunch",
                                    supplier_id=supplier.id, slip_no="PS-1",
                                    servings_by_band={"6-8": 3}, today=TODAY)
    db.rollback()
    assert supplied_count(db) == 0
