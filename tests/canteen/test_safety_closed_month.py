"""A month submitted for closing refuses the food-safety records dated in it, and the canteen
manager reads why above the form (once), on every screen; nothing is saved."""
from __future__ import annotations

import pytest

from canteen import services
from subsidy import services as subsidy

from ..factories import TODAY
from ..subsidy.helpers_closing import OCT, install_ledger
from .helpers_safety import counts, served

from canteen.models import AccompaniedMeal, Disinfection, HealthCheck, Sample

WHY = "2026年10月已提交月结，正等待教育局审核，该月的记录不能再更改。请先由教育局重新打开。"


@pytest.fixture
def submitted(db, org, factory, monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)
    install_ledger(monkeypatch)
    school = org.schools[0]
    dishes = served(db, school, OCT, "lunch", "米饭")
    worker = services.save_worker(db, school_id=school.id, name="王大厨")
    manager = factory.user("canteen_manager", school=school)
    subsidy.submit_month(db, school_id=school.id, year=2026, month=10, user_id=manager.id,
                         today=TODAY)
    db.commit()
    return {"school": school, "dish": dishes[0], "worker": worker}


def test_every_safety_screen_says_the_month_is_submitted(client, login, db, submitted):
    login("canteen_manager")
    base = f"/canteen/{submitted['school'].id}/{OCT.isoformat()}"
    posts = {
        f"{base}/lunch/samples": {"dish_id": str(submitted["dish"].id), "grams": "130",
                                  "taken_at": "11:50", "taken_by": "张丽"},
        f"{base}/lunch/accompany": {"leader": "赵校长", "quality": "good", "hygiene": "good",
                                    "dining_order": "good", "service": "good"},
        f"{base}/health": {"checked_by": "管理员",
                           f"temperature-{submitted['worker'].id}": "36.5",
                           f"fit-{submitted['worker'].id}": "1"},
        f"{base}/disinfection": {"meal": "lunch", "method": "cabinet", "started_at": "12:40",
                                 "minutes": "30", "person": "周阿姨"},
    }
    models = (Sample, AccompaniedMeal, HealthCheck, Disinfection)
    before = counts(db, *models)
    for url, data in posts.items():
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, url
        assert page.count(WHY) == 1, url
    assert counts(db, *models) == before


def test_the_counts_screen_says_it_once(client, login, db, submitted):
    login("canteen_manager")
    response = client.post(f"/canteen/{submitted['school'].id}/{OCT.isoformat()}/breakfast/counts",
                           data={"grade_1": "9", "grade_1_plan": "9", "grade_4": "8",
                                 "grade_4_plan": "8", "teachers": "1"})
    assert response.status_code == 400
    assert response.get_data(as_text=True).count(WHY) == 1
