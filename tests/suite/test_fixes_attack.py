"""What an attack on the running server found: values that reached the database or int()
unchecked. A superscript digit (², which str.isdigit() passes and int() refuses), an id past
the INTEGER range in a hidden field or a field's name, and a lone UTF-16 surrogate escaped in
JSON (\\ud800, which Python reads and no database stores) are refused without a 5xx, and
nothing is saved."""
from __future__ import annotations

import csv
import io
import re

from sqlalchemy import func, select

from roster.models import Student
from roster.synth import students
from suite import accounts
from suite.cells import ascii_digits
from suite.guards import bounded_id

SURROGATE = "请求中含有无法作为文字保存的转义字符（单独出现的半个 UTF-16 代理对）。"


def test_the_guards_read_only_ascii_ids_in_range():
    assert [bounded_id(v) for v in ("7", " 7 ", "2147483647", "2147483648", "²", "¹²", "-1",
                                    "", None, "9" * 30, "١٢")] == [
        7, 7, 2147483647, None, None, None, None, None, None, None, None]
    assert (ascii_digits("2026"), ascii_digits("²"), ascii_digits("①"), ascii_digits("")) == (
        True, False, False, False)


def test_a_lone_surrogate_in_json_is_a_400_and_nothing_is_saved(client, db, factory, org):
    from menus.models import Dish
    raw = accounts.create_token(db, factory.user("nutritionist"))
    db.commit()
    before = db.scalar(select(func.count()).select_from(Dish))
    response = client.post("/api/v1/menus/dishes", headers={"Authorization": f"Bearer {raw}"},
                           data='{"name": "\\ud800", "category": "staple", "ingredients": []}',
                           content_type="application/json")
    assert response.status_code == 400 and response.get_json()["detail"] == SURROGATE
    assert db.scalar(select(func.count()).select_from(Dish)) == before
    # a whole pair escaped is text (𝄞), and a backslash before the u is no escape
    for text in ('"\\ud834\\udd1e"', '"\\\\ud800"'):
        response = client.post("/api/v1/menus/dishes",
                               headers={"Authorization": f"Bearer {raw}"},
                               data='{"name": %s, "category": "cake"}' % text,
                               content_type="application/json")
        assert response.status_code == 400 and "detail" not in response.get_json()


def test_ids_past_the_range_and_odd_digits_in_forms_are_no_5xx(client, login, db, org):
    login("admin")
    for action in ("program", "activate", "deactivate"):
        for bad in ("2147483648", "9999999999", "²"):
            response = client.post("/roster/settings", data={"action": action, "id": bad})
            assert response.status_code < 500, (action, bad)
    login("canteen_manager", school=org.schools[0])
    school = org.schools[0].id
    for name in ("counted-99999999999", "counted-²"):
        response = client.post(f"/procurement/stocktake?school={school}", data={
            "take_date": "2026-11-20", "counted_by": "李四", name: "100"})
        assert response.status_code < 500, name
    for worker in ("²", "¹²", "99999999999"):
        response = client.post(f"/canteen/{school}/workers", data={
            "worker_id": worker, "name": "张三"})
        assert response.status_code < 500, worker


def test_id_0_is_no_record_not_the_new_form(client, login, db, org):
    """/schools/0/edit showed (and saved) the form of a new school."""
    from suite.models import School, SubsidyRate, Term
    login("admin")
    before = [db.scalar(select(func.count()).select_from(m)) for m in (School, Term, SubsidyRate)]
    for url in ("/schools/0/edit", "/terms/0/edit", "/rates/0/edit"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data={"name": "零号", "code": "S0999"}).status_code == 404, url
    assert [db.scalar(select(func.count()).select_from(m))
            for m in (School, Term, SubsidyRate)] == before


def test_pages_of_a_logged_in_user_are_never_stored(client, login, org):
    """A student's page (name, ID number) must not stay in a shared computer's cache or a
    proxy; public pages and static files keep their own caching."""
    assert "Cache-Control" not in client.get("/login").headers
    login("bureau")
    for url in ("/roster/students", "/"):
        assert client.get(url).headers["Cache-Control"] == "no-store, private", url
    assert "no-store" not in client.get("/static/css/suite.css").headers.get(
        "Cache-Control", "")


def test_an_offset_past_every_list_is_an_empty_page_not_the_first(client, db, factory, org,
                                                                  foods):
    raw = accounts.create_token(db, factory.user("bureau"))
    db.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    first = client.get("/api/v1/nutrition/foods?limit=2", headers=headers).get_json()
    assert first["total"] > 2 and len(first["foods"]) == 2
    for offset in ("1000000000000", "2147483648", "99999999999999999999"):
        page = client.get(f"/api/v1/nutrition/foods?limit=2&offset={offset}",
                          headers=headers).get_json()
        assert (page["total"], page["foods"]) == (first["total"], []), offset
    assert client.get("/api/v1/nutrition/foods?limit=2&offset=-3", headers=headers
                      ).get_json()["foods"] == first["foods"]
    response = client.get("/api/v1/roster/students?offset=1000000000000", headers=headers)
    assert response.status_code == 200 and response.get_json()["students"] == []


def test_text_fields_sent_as_true_or_numbers_are_refused_not_stored(client, db, factory, org,
                                                                    foods):
    """"name": true was saved as the dish 「True」, "checker": 99999999999999999999 as text."""
    from menus.models import Dish
    from procurement.models import Delivery
    raw = accounts.create_token(db, factory.user("nutritionist"))
    manager = accounts.create_token(db, factory.user("canteen_manager", school=org.schools[0]))
    db.commit()
    before = [db.scalar(select(func.count()).select_from(m)) for m in (Dish, Delivery)]
    response = client.post("/api/v1/menus/dishes", headers={"Authorization": f"Bearer {raw}"},
                           json={"name": True, "category": "staple",
                                 "ingredients": [{"food": 12, "grams": 100}]})
    assert response.status_code == 400 and response.get_json()["errors"] == {
        "name": "此项应为文字（用引号括起）。", "ingredients[0].food": "此项应为文字（用引号括起）。"}
    response = client.post("/api/v1/procurement/deliveries",
                           headers={"Authorization": f"Bearer {manager}"},
                           json={"supplier": 1, "date": "2026-11-20", "invoice_no": True,
                                 "checker": 99999999999999999999, "lines": []})
    assert response.status_code == 400 and set(response.get_json()["errors"]) == {
        "invoice_no", "checker"}
    assert [db.scalar(select(func.count()).select_from(m)) for m in (Dish, Delivery)] == before


def test_a_chunked_json_body_over_the_limit_is_a_413_not_a_cut_body(app, client, db, factory,
                                                                    org):
    """Without a length, the body was cut at the limit and read as bad JSON (400)."""
    raw = accounts.create_token(db, factory.user("canteen_manager", school=org.schools[0]))
    db.commit()
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    headers = {"Authorization": f"Bearer {raw}", "Transfer-Encoding": "chunked"}
    big = b'{"invoice_no": "' + b"x" * 20_000 + b'"}'
    chunked = {"wsgi.input_terminated": True}  # as gunicorn says of a chunked body
    response = client.post("/api/v1/procurement/deliveries", data=big, headers=headers,
                           content_type="application/json", environ_overrides=chunked)
    assert response.status_code == 413
    small = client.post("/api/v1/procurement/deliveries", data=b'{"invoice_no": "A1"}',
                        headers=headers, content_type="application/json",
                        environ_overrides=chunked)
    assert small.status_code == 400 and "lines" in small.get_json()["errors"]


def _chunked_roster_upload(client, rows: list[dict]):
    """The roster import posted as gunicorn passes on a chunked body: no length."""
    page = client.get("/roster/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    boundary = "chunked-upload"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"students.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode() + \
        out.getvalue().encode("utf-8-sig") + f"\r\n--{boundary}--\r\n".encode()
    return client.post("/roster/import", data=body, headers={"Transfer-Encoding": "chunked"},
                       content_type=f"multipart/form-data; boundary={boundary}",
                       environ_overrides={"wsgi.input_terminated": True})


def test_a_chunked_upload_over_the_limit_is_a_413_and_imports_nothing(app, client, login, db,
                                                                     org):
    """A spreadsheet sent without a length is refused at the limit with the "too large"
    page, not read cut short; the same file under a higher limit imports its students."""
    login("bureau")
    rows = students(150, [org.schools[0].code])
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = _chunked_roster_upload(client, rows)
    assert response.status_code == 413
    assert "上传的文件过大" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Student)) == 0
    app.config["MAX_CONTENT_LENGTH"] = 1_000_000
    assert _chunked_roster_upload(client, rows).status_code in (200, 302)
    assert db.scalar(select(func.count()).select_from(Student)) == 150


def test_the_review_of_the_attack_fixes(client, login, db, factory, org, foods):
    """What a review of the fixes above found: downloads were still cacheable, a raw (not
    escaped) surrogate got past, a 5000-digit offset crashed int(), id 0 opened new-record
    forms elsewhere, ² in an ID number crashed the public look-up, aliases and an issue's
    note could be numbers."""
    login("bureau")
    assert client.get("/roster/export.xlsx").headers["Cache-Control"] == "no-store, private"
    raw = accounts.create_token(db, factory.user("nutritionist"))
    db.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    body = '{"name": "\udc80x", "category": "staple"}'.encode("utf-8", "surrogatepass")
    response = client.post("/api/v1/menus/dishes", data=body, headers=headers,
                           content_type="application/json")
    assert response.status_code == 400 and response.get_json()["detail"] == SURROGATE
    page = client.get("/api/v1/nutrition/foods?offset=" + "9" * 5000, headers=headers)
    assert page.status_code == 200 and page.get_json()["foods"] == []
    response = client.post("/api/v1/menus/dishes", headers=headers, json={
        "name": "蒸红薯", "category": "staple", "aliases": [12, True]})
    assert response.status_code == 400 and set(response.get_json()["errors"]) == {"aliases"}
    login("nutritionist")
    assert client.get("/menus/dishes/0/edit").status_code == 404
    login("admin")
    assert client.get("/procurement/suppliers/0/edit").status_code == 404
    client.post("/logout")
    response = client.post("/roster/lookup", data={"id_number": "110101201001011²3X",
                                                   "name": "张三"})
    assert response.status_code < 500
