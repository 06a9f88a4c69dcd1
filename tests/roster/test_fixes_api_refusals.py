"""The roster API's reconciliation refuses in the API's one shape (`errors` an object of
field -> message, as documented in /api/v1/openapi.json), and a `mapping` nested too deeply
for the JSON parser is refused as not JSON rather than a server error."""
from __future__ import annotations

import io

import pytest
from flask_babel import refresh

from suite import accounts

pytestmark = pytest.mark.usefixtures("en")
URL = "/api/v1/roster/reconciliations"
LISTED = "姓名,身份证号\n张三,110101200001010011\n".encode("utf-8-sig")


@pytest.fixture
def headers(db, factory, org):
    raw = accounts.create_token(db, factory.user("bureau"))
    db.commit()
    return {"Authorization": f"Bearer {raw}"}


def test_api_reconciliation_refusal_is_an_object_of_messages(client, headers):
    response = client.post(URL, headers=headers, data={})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid request"
    assert body["errors"] == {"": "Upload the outside list."}
    response = client.post(URL, headers=headers, data={"left": "list", "right": "list"})
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"": "Choose what to compare."}


def test_api_reconciliation_refuses_every_mapping_problem_in_one_message(client, headers):
    response = client.post(URL, headers=headers, data={
        "file": (io.BytesIO(LISTED), "list.csv"), "mapping": '{"name": "名字", "x": "y"}'})
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert list(errors) == [""] and "Unknown field in the mapping: x." in errors[""]


def test_api_reconciliation_mapping_nested_too_deeply_is_not_json(client, headers):
    response = client.post(URL, headers=headers, data={
        "file": (io.BytesIO(LISTED), "list.csv"), "mapping": "[" * 5000})
    assert response.status_code == 400
    assert response.get_json()["errors"] == {
        "mapping": "must be a JSON object of field names and columns"}


def test_api_refusals_are_in_chinese_by_default(client, headers, app):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    refresh()
    response = client.post(URL, headers=headers, data={
        "file": (io.BytesIO(LISTED), "list.csv"), "mapping": "{"})
    assert response.get_json()["errors"] == {"mapping": "必须是字段名与列名对应的 JSON 对象"}
    response = client.post("/api/v1/roster/imports", headers=headers, data={})
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"file": "必须填写"}
    response = client.get("/api/v1/roster/students?school=x", headers=headers)
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"school": "必须是记录的编号（数字）"}
