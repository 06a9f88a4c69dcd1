"""Food-safety screens: who may read and write, another school's ids, bad days and meals,
CSRF, the exact messages of a refusal, and Chinese pages without English words."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from flask_babel import refresh

from canteen import services
from canteen.models import (AccompaniedMeal, Disinfection, HealthCheck, ResidueTest, Sample,
                            Worker)

from ..factories import TODAY
from .helpers_safety import at, counts, english_words, errors_on, served

D = TODAY.isoformat()
MODELS = (Sample, AccompaniedMeal, Worker, HealthCheck, ResidueTest, Disinfection)


def urls(school_id: int, day: str = D, meal: str = "lunch") -> list[str]:
    base = f"/canteen/{school_id}"
    return [f"{base}/{day}/{meal}/samples", f"{base}/{day}/{meal}/accompany",
            f"{base}/workers", f"{base}/{day}/health", f"{base}/{day}/residue",
            f"{base}/{day}/disinfection"]


@pytest.fixture
def day_logs(db, org, deliver, monkeypatch):
    """A lunch with two dishes, one sample, an accompanying record, a worker checked, a
    vegetable delivery tested and a disinfection; the clock at 13:00 that day."""
    monkeypatch.setattr("suite.clock.utcnow", lambda: at(TODAY, "13:00"))
    school = org.schools[0]
    dishes = served(db, school, TODAY, "lunch", "番茄炒蛋", "米饭")
    services.record_sample(db, school_id=school.id, day=TODAY, meal="lunch",
                           dish_id=dishes[0].id, grams="150", taken_at=at(TODAY, "11:50"),
                           taken_by="李师傅", min_grams=125, today=TODAY)
    services.save_accompanied_meal(db, school_id=school.id, day=TODAY, meal="lunch",
                                   leader="赵校长", quality="excellent", hygiene="good",
                                   dining_order="fair", service="poor", today=TODAY)
    worker = services.save_worker(db, school_id=school.id, name="王大厨")
    services.record_health_checks(db, school_id=school.id, day=TODAY, checked_by="管理员",
                                  checks=[{"worker_id": worker.id, "temperature_c": "36.6"}],
                                  today=TODAY)
    delivery = deliver([("大白菜", "20", "kg", "1.85")], day=TODAY)
    services.record_residue_test(db, school_id=school.id, delivery_line_id=delivery.lines[0].id,
                                 sample="大白菜", inhibition_rate="12", tested_by="李老师",
                                 day=TODAY, today=TODAY)
    services.record_disinfection(db, school_id=school.id, day=TODAY, meal="lunch",
                                 method="cabinet", started_at=at(TODAY, "12:40"), minutes="30",
                                 person="周阿姨", today=TODAY)
    db.commit()
    return {"dishes": dishes, "worker": worker, "line": delivery.lines[0]}


def test_another_school_bad_days_and_meals_are_404(client, login, org, day_logs):
    login("canteen_manager")
    bad_days = [u for u in urls(org.schools[0].id, day="2026-13-01") if "2026-13-01" in u]
    for url in urls(org.schools[1].id) + bad_days + urls(org.schools[0].id, meal="supper")[:2] \
            + urls(10**12):
        assert client.get(url).status_code == 404, url
    for url in urls(org.schools[1].id):
        assert client.post(url, data={}).status_code == 404, url
    sample = services.samples_for(client.application.extensions["suite_db"].factory(),
                                  org.schools[0].id, TODAY, "lunch")[0]
    login("canteen_manager", school=org.schools[1])
    before = counts(client.application.extensions["suite_db"].factory(), *MODELS)
    assert client.post(f"/canteen/samples/{sample.id}/dispose",
                       data={"disposed_by": "x"}).status_code == 404
    assert client.post("/canteen/samples/999999/dispose").status_code == 404
    assert counts(client.application.extensions["suite_db"].factory(), *MODELS) == before


def test_bureau_reads_every_school_but_writes_nothing(client, login, org, db, day_logs):
    login("bureau")
    before = counts(db, *MODELS)
    for url in urls(org.schools[0].id):
        response = client.get(url)
        assert response.status_code == 200, url
        main = response.text[response.text.index("<main"):]
        assert 'method="post"' not in main, url
        assert client.post(url, data={"name": "x"}).status_code == 403, url
    assert counts(db, *MODELS) == before
    client.post("/logout")
    assert client.get(urls(org.schools[0].id)[0]).status_code == 302  # to the login page


def test_posts_need_the_csrf_token(make_app, login, org, db, day_logs, client):
    login("canteen_manager")
    app = make_app(WTF_CSRF_ENABLED=True)
    csrf_client = app.test_client()
    csrf_client.set_cookie("session", client.get_cookie("session").value)
    page = csrf_client.get(urls(org.schools[0].id)[0])
    assert page.status_code == 200 and 'name="csrf_token"' in page.text
    before = counts(db, *MODELS)
    for url in urls(org.schools[0].id):
        assert csrf_client.post(url, data={"name": "新人", "leader": "x"}).status_code == 400
    assert counts(db, *MODELS) == before


def test_pages_in_chinese_show_no_english(client, login, org, day_logs):
    login("canteen_manager")
    for url in urls(org.schools[0].id):
        page = client.get(url).text
        assert english_words(page) == set(), url
    page = client.get(urls(org.schools[0].id)[0]).text
    assert "番茄炒蛋" in page and "米饭" in page
    accompany = client.get(urls(org.schools[0].id)[1]).text
    assert all(word in accompany for word in ("优", "良", "中", "差"))
    refused = client.post(urls(org.schools[0].id)[0], data={
        "dish_id": str(day_logs["dishes"][1].id), "grams": "100", "taken_at": "11:55",
        "taken_by": "李师傅"})
    assert refused.status_code == 400 and english_words(refused.text) == set()


def _en(app):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    refresh()


def test_screens_save_and_show_exact_messages(app, client, login, org, db, day_logs):
    _en(app)
    login("canteen_manager")
    school, dishes, worker = org.schools[0], day_logs["dishes"], day_logs["worker"]
    samples_url, accompany_url, workers_url, health_url, residue_url, dis_url = urls(school.id)
    page = client.get(samples_url).text
    assert 'name="grams" inputmode="decimal" value="125"' in page  # prefilled at the minimum
    refused = client.post(samples_url, data={"dish_id": str(dishes[1].id), "grams": "120",
                                             "taken_at": "14:00", "taken_by": ""})
    assert refused.status_code == 400 and errors_on(refused.text) == [
        "A sample must weigh at least 125 g.", "The time cannot be in the future.",
        "Enter who took the sample."]
    saved = client.post(samples_url, data={"dish_id": str(dishes[1].id), "grams": "130",
                                           "taken_at": "11:55", "taken_by": "李师傅"})
    assert saved.status_code == 302 and saved.headers["Location"] == samples_url
    assert [(s.dish_name, s.grams) for s in services.samples_for(db, school.id, TODAY,
                                                                 "lunch")] == [
        ("番茄炒蛋", Decimal("150.0")), ("米饭", Decimal("130.0"))]
    sample = services.samples_for(db, school.id, TODAY, "lunch")[0]
    early = client.post(f"/canteen/samples/{sample.id}/dispose", follow_redirects=True,
                        data={"disposed_at": f"{D}T12:30", "disposed_by": "王师傅"})
    assert "The sample must be kept until 2026-11-25 11:50 (48 hours)." in early.text
    db.expire_all()
    assert db.get(type(sample), sample.id).disposed_at is None

    refused = client.post(accompany_url, data={"leader": "", "quality": "good"})
    assert refused.status_code == 400 and errors_on(refused.text) == [
        "Enter the school leader who ate.", "Choose a rating.", "Choose a rating.",
        "Choose a rating."]
    assert client.post(accompany_url, data={
        "leader": "钱校长", "quality": "good", "hygiene": "good", "dining_order": "good",
        "service": "excellent"}).status_code == 302
    row = services.accompanied_meal(db, school.id, TODAY, "lunch")
    db.refresh(row)
    assert (row.leader, row.quality, row.service) == ("钱校长", "good", "excellent")

    refused = client.post(health_url, data={f"present-{worker.id}": "y",
                                            f"temperature-{worker.id}": "37.8",
                                            f"hands-{worker.id}": "y", f"fit-{worker.id}": "y",
                                            "checked_by": "管理员"})
    assert refused.status_code == 400 and errors_on(refused.text) == [
        "王大厨 has a fever, symptoms or unhealthy hands: send them home, not fit to work."]
    assert client.post(health_url, data={f"present-{worker.id}": "y",
                                         f"temperature-{worker.id}": "37.8",
                                         f"hands-{worker.id}": "y", f"fit-{worker.id}": "n",
                                         "checked_by": "管理员"}).status_code == 302
    check = services.health_checks(db, school.id, TODAY)[worker.id]
    db.refresh(check)
    assert (check.temperature_c, check.fit) == (Decimal("37.8"), False)

    assert client.post(workers_url, data={"name": "新帮厨", "active": "y"}).status_code == 302
    assert [w.name for w in services.workers(db, school.id)] == ["新帮厨", "王大厨"]
    # a date out of range and an empty name: both said at once, nothing saved
    refused = client.post(workers_url, data={"name": " ", "active": "y",
                                             "health_certificate_expiry": "9999-12-31"})
    assert refused.status_code == 400 and errors_on(refused.text) == [
        "Enter the worker's name.", "Enter a date between 1900 and 2099."]
    refused = client.post(workers_url, data={"name": "张三",
                                             "health_certificate_expiry": "明年"})
    assert errors_on(refused.text) == ["Enter the date as 2026-11-02."]
    assert [w.name for w in services.workers(db, school.id)] == ["新帮厨", "王大厨"]

    refused = client.post(residue_url, data={"delivery_line_id": str(day_logs["line"].id),
                                             "sample": "大白菜", "inhibition_rate": "101",
                                             "tested_by": "李老师"})
    assert refused.status_code == 400 and errors_on(refused.text) == [
        "The inhibition rate must be a percentage from 0 to 100."]
    assert client.post(residue_url, data={"delivery_line_id": str(day_logs["line"].id),
                                          "sample": "大白菜", "inhibition_rate": "55.5",
                                          "tested_by": "李老师"}).status_code == 302
    page = client.get(residue_url).text
    assert "Fail · 55.5%" in page and "Pesticide residue test failed" in page

    refused = client.post(dis_url, data={"meal": "lunch", "method": "", "started_at": "12:00",
                                         "minutes": "20", "person": "周阿姨"})
    assert refused.status_code == 400 and errors_on(refused.text) == ["Choose a method."]
    assert client.post(dis_url, data={"meal": "dinner", "method": "steam",
                                      "started_at": "12:10", "minutes": "15",
                                      "person": "周阿姨"}).status_code == 302
    assert [(d.meal, d.method) for d in services.disinfections(db, school.id, TODAY)] == [
        ("dinner", "steam"), ("lunch", "cabinet")]
    assert TODAY - timedelta(days=0) == TODAY
