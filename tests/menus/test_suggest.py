"""建议 and 采用 on a real database: a library of priced dishes, a school's week suggested
within the subsidy, accepted into the draft as one audited change, and the planner then
passes it; a stale or foreign proposal is refused and changes nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from menus import services
from menus.models import MenuItem
from menus.suggest_template import school_scores
from procurement import services as procurement
from suite.models import AuditEntry

from .helpers import WEEK, item_rows
from .helpers_suggest import PRICES

pytestmark = pytest.mark.usefixtures("en")


def test_a_suggested_week_is_accepted_and_then_passes_the_planner(db, org, priced_library,
                                                                 make_week):
    menu = make_week(org.schools[0])
    proposal = services.propose(db, menu, time_limit=20)
    assert proposal.solution.status in ("optimal", "feasible")
    assert {day for day, *_ in proposal.items} == {WEEK.replace(day=WEEK.day + i)
                                                   for i in range(5)}
    before = db.scalar(select(func.count()).select_from(AuditEntry))
    services.accept(db, menu, [(d, m, k) for d, m, k, _n in proposal.items],
                    proposal.fingerprint)
    db.commit()
    plan = services.week_plan(db, services.load_menu(db, menu.id))
    assert services.failures(plan) == []
    assert all(d["cost"].amount <= Decimal("5.00") for d in plan["days"])
    assert plan["average_cost"] == proposal.plan["average_cost"]
    assert db.scalar(select(func.count()).select_from(AuditEntry)) >= before + len(proposal.items)


def test_a_stale_proposal_is_refused_and_changes_nothing(db, org, priced_library, make_week,
                                                        dishes):
    menu = make_week(org.schools[0])
    proposal = services.propose(db, menu, time_limit=20)
    services.add_item(db, menu, day=WEEK, meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    before = item_rows(db, menu.id)
    with pytest.raises(services.MenuError) as caught:
        services.accept(db, menu, [(d, m, k) for d, m, k, _n in proposal.items],
                        proposal.fingerprint)
    assert list(caught.value.errors.values()) == [
        "The draft changed after this proposal was made: make a new one."]
    db.rollback()
    assert item_rows(db, menu.id) == before


def test_a_proposal_naming_a_day_the_menu_does_not_serve_is_refused(db, org, priced_library,
                                                                   make_week):
    menu = make_week(org.schools[0])
    with pytest.raises(services.MenuError) as caught:
        services.accept(db, menu, [(date(2026, 11, 21), "lunch", priced_library[0].id)],
                        services.fingerprint(menu))
    assert list(caught.value.errors.values()) == [
        "The proposal does not fit this menu: make a new one."]
    assert db.scalar(select(func.count()).select_from(MenuItem)) == 0


def test_the_planner_pages_suggest_and_accept(db, org, priced_library, make_week, client,
                                               login, app):
    app.config["SUGGEST_TIME_LIMIT"] = 20.0  # the planner's 5 s is for an idle server
    login("nutritionist")
    menu = make_week(org.schools[0])
    page = client.post(f"/menus/weeks/{menu.id}/suggest", data={"mode": "suggest"})
    assert page.status_code == 200, page.data[:300]
    text = page.get_data(as_text=True)
    assert "Suggested week" in text and "Accept into the draft" in text
    items = text.split('name="items" type="hidden" value="')[1].split('"')[0]
    fingerprint = text.split('name="fingerprint" type="hidden" value="')[1].split('"')[0]
    done = client.post(f"/menus/weeks/{menu.id}/accept",
                       data={"items": items, "fingerprint": fingerprint})
    assert done.status_code == 302
    assert len(item_rows(db, menu.id)) == items.count(";") + 1
    again = client.post(f"/menus/weeks/{menu.id}/accept",
                        data={"items": items, "fingerprint": fingerprint},
                        follow_redirects=True)
    assert "The draft changed after this proposal was made: make a new one." in \
        again.get_data(as_text=True)


def test_a_bad_budget_is_refused_in_words(db, org, make_week, client, login):
    login("nutritionist")
    menu = make_week(org.schools[0])
    page = client.post(f"/menus/weeks/{menu.id}/suggest", data={"budget": "abc"},
                       follow_redirects=True)
    assert "The budget is an amount of yuan above zero, e.g. 4.50." in page.get_data(as_text=True)


def test_the_api_suggests_without_saving_and_accepts(db, org, priced_library, make_week,
                                                     client, token):
    headers = token("nutritionist")
    menu = make_week(org.schools[0])
    reply = client.post(f"/api/v1/menus/weeks/{menu.id}/suggest", json={"time_limit": 20},
                        headers=headers)
    assert reply.status_code == 200, reply.json
    body = reply.json
    assert body["status"] in ("optimal", "feasible") and body["failures"] == []
    assert all(d["cost_per_serving"] <= d["limit"] for d in body["days"])
    assert item_rows(db, menu.id) == []  # a proposal is never saved
    done = client.post(f"/api/v1/menus/weeks/{menu.id}/accept", headers=headers,
                       json={"items": body["items"], "fingerprint": body["fingerprint"]})
    assert done.status_code == 200 and done.json["items"] == len(body["items"])
    stale = client.post(f"/api/v1/menus/weeks/{menu.id}/accept", headers=headers,
                        json={"items": body["items"], "fingerprint": body["fingerprint"]})
    assert stale.status_code == 409


def test_stock_on_hand_is_preferred_and_valued_at_its_ledger_cost(db, org, priced_library,
                                                                  make_week, client, token,
                                                                  login, app):
    """The fixture's delivery left 1 kg of every food in stock at its price."""
    menu = make_week(org.schools[0])
    on_hand = {r["name"]: r for r in procurement.on_hand(db, org.schools[0].id)}
    assert {r["grams"] for r in on_hand.values()} == {Decimal("1000.0")}
    reply = client.post(f"/api/v1/menus/weeks/{menu.id}/suggest", headers=token("nutritionist"),
                        json={"time_limit": 20, "prefer_stock": True})
    body = reply.json
    assert body["status"] in ("optimal", "feasible") and body["failures"] == []
    assert all(Decimal(d["cost_per_serving"]) <= Decimal(d["limit"]) for d in body["days"])
    assert body["stock_used"] and body["bound"] is None and body["lp_bound"] is None
    assert body["gap"] is None and body["message"] in (
        "The week that meets every check and spends least beyond the food on hand (proven "
        "optimal).", "A week that meets every check and uses food on hand; the time ran out "
        "before it was proven to spend least beyond it.")
    for used in body["stock_used"]:
        grams, code = Decimal(used["grams"]), on_hand[used["food"]]["code"]
        assert Decimal(0) < grams <= Decimal("1000.0")
        assert Decimal(used["value"]) == (grams * Decimal(PRICES[code]) / 1000).quantize(
            Decimal("0.01"))
    assert item_rows(db, menu.id) == []
    app.config["SUGGEST_TIME_LIMIT"] = 20.0
    login("nutritionist")
    page = client.post(f"/menus/weeks/{menu.id}/suggest",
                       data={"mode": "suggest", "prefer_stock": "y"}).get_data(as_text=True)
    assert "Uses food on hand worth " in page and " yuan at its ledger cost (" in page
    assert item_rows(db, menu.id) == []


ROLES_ARE = "Roles are a list of: staple, main, vegetable, soup, fruit, milk, other."


@pytest.mark.parametrize("body, field, message", [
    ({"budget": "-1"}, "budget", "The budget is an amount of yuan above zero, e.g. 4.50."),
    ({"time_limit": 0}, "time_limit", "The time limit is a number of seconds from 1 to 30."),
    ({"time_limit": True}, "time_limit", "The time limit is a number of seconds from 1 to 30."),
    ({"dishes": [2 ** 63]}, "dishes", "Dishes are a list of dish ids."),
    ({"prefer_stock": "yes"}, "prefer_stock", "“prefer_stock” is true or false."),
    ({"roles": "main"}, "roles", ROLES_ARE),
    ({"roles": ["pork"]}, "roles", ROLES_ARE),
    ({"roles": [1, "main"]}, "roles", ROLES_ARE),
])
def test_the_api_refuses_bad_options_in_words(db, org, make_week, client, token, body, field,
                                              message):
    menu = make_week(org.schools[0])
    reply = client.post(f"/api/v1/menus/weeks/{menu.id}/suggest", json=body,
                        headers=token("nutritionist"))
    assert reply.status_code == 400 and reply.json["errors"] == {field: message}


def test_the_api_refuses_to_repair_an_empty_draft_in_words(db, org, make_week, client, token):
    menu = make_week(org.schools[0])
    reply = client.post(f"/api/v1/menus/weeks/{menu.id}/repair", json={},
                        headers=token("nutritionist"))
    assert reply.status_code == 409
    assert reply.json["errors"] == {
        "menu": "The draft has no dishes to correct: suggest a week instead."}


def test_a_canteen_manager_cannot_suggest_for_another_school(db, org, make_week, client, token):
    menu = make_week(org.schools[1])
    headers = token("canteen_manager", school=org.schools[0])
    for path in ("suggest", "repair", "accept"):
        reply = client.post(f"/api/v1/menus/weeks/{menu.id}/{path}", json={}, headers=headers)
        assert reply.status_code == 404


def test_the_cli_prints_a_suggestion_and_saves_nothing(db, org, priced_library, runner):
    result = runner.invoke(args=["menus", "suggest", "--school", org.schools[0].code,
                                 "--week", "2026-11-18", "--time-limit", "20"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("status ")
    assert "average cost" in result.output and "failures 0" in result.output
    assert db.scalar(select(func.count()).select_from(MenuItem)) == 0


def test_a_halal_school_is_never_offered_pork(db, org, priced_library, make_week):
    services.set_school_rule(db, org.schools[0].id, halal=True, avoid=[], note="回族学生",
                             user_id=None)
    db.commit()
    menu = make_week(org.schools[0])
    proposal = services.propose(db, menu, time_limit=10)
    pork = {d.id for d in priced_library if "pork" in d.tags}
    assert pork and len(proposal.excluded["restricted"]) == len(pork)
    assert proposal.items and not {k for _d, _m, k, _n in proposal.items} & pork
    if proposal.solution.status == "relaxed":  # the only liver in this library is pork liver
        assert any("liver" in r.lower() for r in services.explain(proposal))


def test_a_county_template_passes_for_every_school_that_adopts_it(db, org, priced_library,
                                                                 make_week):
    template = make_week(None, name="县模板")
    result = services.propose_template(db, template, time_limit=20)
    assert (result.schools, result.mixes) == (2, 2)
    proposal = result.suggestion
    if proposal.solution.status in ("optimal", "feasible"):
        assert result.failing == [] and result.binding in {s.name for s in org.schools[:2]}
        assert result.score_low <= proposal.score and result.score_low <= result.score_mean
        assert result.score_low_school in {s.name for s in org.schools[:2]}
    else:
        assert proposal.solution.status == "relaxed" and services.explain(proposal)


def test_a_templates_scores_count_each_school_once():
    plans = {0: {"nutrient_score": 90.0}, 1: {"nutrient_score": 80.0},
             2: {"nutrient_score": None}}
    low, school, mean = school_scores(plans, [["甲校", "乙校"], ["丙校"], ["丁校"]])
    assert (low, school) == (80.0, "丙校") and mean == pytest.approx((2 * 90 + 80) / 3)
    assert school_scores({}, []) == (None, None, None)


def test_the_cli_refuses_a_week_outside_the_term_in_words(db, org, runner):
    result = runner.invoke(args=["menus", "suggest", "--school", org.schools[0].code,
                                 "--week", "2027-03-03"])
    assert result.exit_code == 1
    assert "The week of 2027-03-01 is outside every term." in result.output
    assert db.scalar(select(func.count()).select_from(MenuItem)) == 0


def test_when_every_solver_slot_is_taken_the_user_is_told_at_once(db, org, make_week, client,
                                                                   token, login, app):
    """Another worker holds the only slot: the API answers 503 with Retry-After and the planner
    says so in words; neither waits for the solver, and nothing is saved."""
    from suite.slots import slot
    app.config["SOLVER_SLOTS"] = 1
    menu = make_week(org.schools[0])
    headers = token("nutritionist")
    busy = "Other proposals are being worked out on the server right now: try again in a " \
           "few seconds."
    with app.test_request_context(), slot("menu-solver"):
        reply = client.post(f"/api/v1/menus/weeks/{menu.id}/suggest", json={}, headers=headers)
        assert reply.status_code == 503 and reply.headers["Retry-After"] == "5"
        assert reply.json["errors"] == {"": busy}
        login("nutritionist")
        page = client.post(f"/menus/weeks/{menu.id}/suggest", data={"mode": "suggest"},
                           follow_redirects=True)
        assert busy in page.get_data(as_text=True)
    assert item_rows(db, menu.id) == []
    # the slot is free again: the solver runs (and refuses an empty library in words)
    reply = client.post(f"/api/v1/menus/weeks/{menu.id}/suggest", json={}, headers=headers)
    assert reply.status_code != 503
