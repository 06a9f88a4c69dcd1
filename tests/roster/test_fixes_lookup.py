"""Family lookup limits: counted and checked in one statement, so concurrent requests cannot
pass the limit (issue 9, item 15); limited per address and per ID number from that address,
never per ID number alone, with a way forward for the family (item 19)."""
from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import create_engine, select

from roster.models import LookupCounter, Student
from roster.synth import make_id
from suite import create_app
from tests.live import new_database, serve

REQUESTS, LIMIT = 30, 10


def _post(url: str, data: dict, start: threading.Barrier) -> int:
    body = urllib.parse.urlencode(data).encode()
    start.wait(timeout=30)
    try:
        with urllib.request.urlopen(url, body, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_concurrent_lookups_from_one_address_get_exactly_the_limit(tmp_path, monkeypatch):
    url = new_database(tmp_path)
    monkeypatch.setenv("SUITE_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "live-secret", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "LOOKUP_LIMIT_IP": LIMIT,
                      "ENABLED_PLUGINS": ["roster"]})
    start = threading.Barrier(REQUESTS)
    forms = [{"id_number": make_id("350881", date(2015, 5, 5), "F", n), "name": "某某"}
             for n in range(REQUESTS)]  # different numbers: only the address limit applies
    began = time.monotonic()
    with serve(app) as base, ThreadPoolExecutor(REQUESTS) as pool:
        statuses = list(pool.map(lambda f: _post(base + "/roster/lookup", f, start), forms))
    assert time.monotonic() - began < 60
    assert sorted(statuses) == [200] * LIMIT + [429] * (REQUESTS - LIMIT)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(select(LookupCounter.n).where(
            LookupCounter.key == "ip:127.0.0.1")) == REQUESTS
    engine.dispose()


@pytest.fixture
def app_config():
    return {"AID_OFFICE_PHONE": "0599-1234567"}


@pytest.fixture
def child(db, org):
    id_number = make_id("350881", date(2015, 3, 4), "F", 7)
    student = Student(student_no="G" + id_number, name="陈小红", sex="F", grade=5,
                      id_number=id_number, school_id=org.schools[0].id)
    db.add(student)
    db.commit()
    return student


def ask(client, id_number, name, ip):
    return client.post("/roster/lookup", data={"id_number": id_number, "name": name},
                       environ_base={"REMOTE_ADDR": ip})


def test_wrong_names_from_elsewhere_do_not_block_the_family(client, child):
    for n in range(6):  # more than the number's limit, from a stranger's address
        ask(client, child.id_number, f"张{n}", "10.6.6.6")
    answer = ask(client, child.id_number, "陈小红", "10.1.1.1").get_data(as_text=True)
    assert answer.count("陈小红") >= 1 and "查询次数过多" not in answer


def test_one_number_from_one_address_is_limited_with_a_way_forward(client, child, app):
    for n in range(5):
        assert ask(client, child.id_number, f"张{n}", "10.6.6.6").status_code == 200
    limited = ask(client, child.id_number, "陈小红", "10.6.6.6")
    page = limited.get_data(as_text=True)
    assert limited.status_code == 429 and "陈小红" not in page
    assert "该网络地址的查询次数过多" in page
    assert "0599-1234567" in page and "县教育局学生资助管理中心" in page
    other = make_id("350881", date(2014, 1, 2), "M", 3)
    assert ask(client, other, "某某", "10.6.6.6").status_code == 200  # 6 of 10 for the address


def test_without_a_phone_the_family_is_told_whom_to_ask(client, child, app):
    app.config["AID_OFFICE_PHONE"] = ""
    app.config["LOOKUP_LIMIT_IP"] = 1
    ask(client, child.id_number, "张三", "10.7.7.7")
    page = ask(client, child.id_number, "陈小红", "10.7.7.7").get_data(as_text=True)
    assert "班主任" in page and "学生资助管理中心" in page and "0599" not in page
