"""The OpenAPI document at /api/v1/openapi.json names exactly the registered /api/v1 routes:
a route missing from it, or a documented route that does not exist, fails here."""
from __future__ import annotations

from suite import openapi


def test_document_and_routes_name_the_same_operations(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"] == "3.0.3"
    documented = openapi.document_operations(doc)
    routed = openapi.route_operations(app.url_map)
    assert sorted(routed - documented) == [], "routes missing from the document"
    assert sorted(documented - routed) == [], "documented operations with no route"


def test_every_operation_says_how_it_refuses(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            assert op["operationId"] and op["summary"], (path, method)
            assert any(code.startswith("2") for code in op["responses"]), (path, method)
            if path != "/api/v1/openapi.json":
                assert "401" in op["responses"], (path, method)
            params = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert params == set(openapi.re.findall(r"{([a-z_]+)}", path)), (path, method)


def test_the_document_needs_no_token_and_refers_only_to_its_own_schemas(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    text = str(doc)
    for name in set(openapi.re.findall(r"#/components/schemas/([A-Za-z]+)", text)):
        assert name in doc["components"]["schemas"], name
