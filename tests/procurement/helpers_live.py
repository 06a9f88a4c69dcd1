"""A real threaded server on a database of its own with a county, a supplier and a canteen
manager's API token, for races against the procurement API (procurement and subsidy tests)."""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import date

from canteen import services as canteen
from nutrition.services import get_food, sync_builtin_foods
from procurement import services
from suite import accounts, create_app
from suite.audit import acting_as

from ..factories import Factory
from ..live import new_database, serve

TODAY = date(2026, 11, 23)


@contextmanager
def live_server(tmp_path_factory):
    """{"app", "base", "token", "school", "supplier"} of a server running meanwhile."""
    url = new_database(tmp_path_factory.mktemp("races"))
    os.environ["SUITE_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "race-secret"})
    with app.app_context(), acting_as(None, "test"):
        session = app.extensions["suite_db"].session()
        sync_builtin_foods(session)
        factory = Factory(session, app)
        org = factory.org(today=TODAY)
        supplier = services.save_supplier(session, {
            "name": "县粮油公司", "credit_code": "91350100M000100Y43",
            "licence_no": "JY13501000001", "licence_expiry": date(2027, 6, 30),
            "approved": True})
        manager = factory.user("canteen_manager", school=org.schools[0])
        token = accounts.create_token(session, manager)
        session.commit()
        ids = {"school": org.schools[0].id, "supplier": supplier.id}
        app.extensions["suite_db"].session.remove()
    with serve(app) as base:
        yield {"app": app, "base": base, "token": token, **ids}


def session_of(live):
    return live["app"].extensions["suite_db"].factory()


def post(live, path, body):
    """(status, JSON body) of a POST to the procurement API with the manager's token."""
    request = urllib.request.Request(
        live["base"] + "/api/v1/procurement" + path, data=json.dumps(body).encode(),
        method="POST", headers={"Authorization": f"Bearer {live['token']}",
                                "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def deliver(live, code, kg, price, day):
    """(delivery id, food id) of `kg` of the food delivered on `day` at `price` a kg."""
    with live["app"].app_context(), acting_as(None, "test"):
        session = session_of(live)
        from suite.models import School
        delivery = services.create_delivery(
            session, school=session.get(School, live["school"]), supplier_id=live["supplier"],
            delivery_date=day, invoice_no=f"R-{code}-{day:%m%d}", checker="王老师",
            lines=[services.LineIn(code, kg, "kg", price)], today=TODAY)
        session.commit()
        food = get_food(session, code)
        session.close()
        return delivery.id, food.id


def count_meal(live, day, meal="lunch"):
    """The meal counted at the live server's school (one boy and one girl of grade 1)."""
    with live["app"].app_context(), acting_as(None, "test"):
        session = session_of(live)
        canteen.save_counts(session, school_id=live["school"], day=day, meal=meal,
                            grades={1: (1, 1)}, teachers=0, today=TODAY)
        session.commit()
        session.close()
