"""The monthly return (学生营养改善计划实施情况月报) as an xlsx: the provinces' columns, one row
per school and the totals row (the sum of the rows); a second sheet says how each column is
worked out from the suite's records (money in yuan, exact to the fen)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from suite.forms import SCHOOL_KIND_LABELS
from suite.tabular import write_xlsx

# (key, header): the provinces' names, fixed (the Chinese catalogue gives them word for word)
COLUMNS = [
    ("county", _l("County name")), ("school", _l("School short name")),
    ("kind", _l("School category")), ("urban", _l("Urban school")),
    ("canteen", _l("Has a canteen")), ("mode", _l("Meal supply mode")),
    ("students", _l("Students of the whole school")),
    ("year_spend", _l("Funds put in since January")),
    ("spend", _l("Funds put in this month")),
    ("meals", _l("Pupils benefiting this month (meals)")),
    ("pupils", _l("Pupils actually benefiting this month")),
    ("average", _l("Average pupils benefiting")),
]
GROUP_HEADERS = {"left_behind": _l("Rural left-behind children"),
                 "poor": _l("Non-boarding poor pupils")}
SPLIT = ("year_spend", "spend", "meals", "pupils")
MEAL_FORMS = {"lunch": _l("Lunch"), "milk_egg": _l("Eggs and milk"), "other": _l("Other")}
SUPPLY = {"canteen": _l("Canteen supply"), "company": _l("Bought from a company"),
          "family": _l("Family hosting (return)")}
NOTES = [  # (key, how it is worked out)
    ("county", _l("The county of the school.")),
    ("school", _l("The school's name as the suite keeps it.")),
    ("kind", _l("The school's category in the school settings.")),
    ("urban", _l("Yes for a school not marked rural in the school settings.")),
    ("canteen", _l("Yes when the school feeds its pupils from its own canteen (supply mode: "
                   "school canteen); company- and family-supplied schools: no.")),
    ("mode", _l("Eggs and milk when every food issued in the month was eggs or milk, else "
                "lunch when a lunch was counted, else other; then how the meals are supplied "
                "(the school's supply mode).")),
    ("students", _l("Students on the roster on %(day)s (the school's enrolment figures when "
                    "the roster holds nobody of the school).")),
    ("year_spend", _l("Food spend for students from 1 January to the month's end in the "
                      "subsidy ledger: food issued to the meals, or supplied servings × "
                      "contract price, less the teachers' and staff share and that of pupils "
                      "outside the nutrition plan. It is the money "
                      "that became food for the pupils, not the entitlement (student-days × "
                      "rate), which the ledger shows beside it with the balance.")),
    ("spend", _l("The same for the month.")),
    ("meals", _l("Plan students served, summed over every meal counted in the month "
                 "(person-times).")),
    ("pupils", _l("Plan students on the roster on %(day)s, when the school served meals in "
                  "the month (otherwise 0): meal counts are head counts without names.")),
    ("average", _l("From 1 January to the month's end: plan students served over every meal "
                   "÷ days with meals, to 0.01; the totals row is the sum over schools, as in "
                   "county annual tables: Σ(meals served in the year ÷ days with meals).")),
    ("left_behind", _l("Plan students on the roster on %(day)s with the aid category of "
                       "left-behind children in force. Meal counts and money carry no names: "
                       "the meals and the money are the school's figure × their share of the "
                       "school's plan students on the roster that day (meals half up to a "
                       "whole number, money half up to the fen; the money since January with "
                       "the month's share); pupils are their count.")),
    ("poor", _l("Non-boarders among the plan students on the roster on %(day)s with any "
                "other aid category in force (family in financial difficulty); split as for "
                "left-behind children.")),
    ("total", _l("The totals row is the sum of the school rows, column by column; money in "
                 "yuan.")),
]


def headers() -> list[str]:
    """The header row: each split column followed by its two groups."""
    out = []
    for key, label in COLUMNS:
        out.append(str(label))
        if key in SPLIT:
            out += [_("%(column)s (%(group)s)", column=str(label), group=str(g))
                    for g in GROUP_HEADERS.values()]
    return out


def _values(row: dict, total: bool = False) -> list:
    out = []
    for key, _label in COLUMNS:
        if total and key in ("kind", "urban", "canteen", "mode"):
            out.append(None)
        elif key == "kind":
            out.append(str(SCHOOL_KIND_LABELS.get(row["kind"], row["kind"])))
        elif key == "urban":
            out.append(_("Yes") if row[key] else _("No"))
        elif key == "canteen":
            out.append(_("There is one") if row[key] else _("There is none"))
        elif key == "mode":
            out.append("，".join(str(x) for x in (MEAL_FORMS.get(row["meal_form"]),
                                                  SUPPLY.get(row["supply_mode"])) if x))
        else:
            out.append(row[key])
        if key in SPLIT:
            out += [row[f"{key}_{group}"] for group in GROUP_HEADERS]
    return out


def return_rows(data: dict) -> tuple[list[str], list[list]]:
    """The header and the rows: one per school, then the totals row."""
    rows = [_values(r) for r in data["schools"]]
    total = {**data["totals"], "county": data["county"], "school": _("Total")}
    return headers(), rows + [_values(total, total=True)]


def return_xlsx(data: dict) -> bytes:
    """The return's spreadsheet: the month's sheet and the notes sheet (说明)."""
    header, rows = return_rows(data)
    day = data["day"].isoformat()
    labels = dict(COLUMNS) | GROUP_HEADERS | {"total": _l("Total")}
    notes = [[str(labels[key]), str(text) % {"day": day}] for key, text in NOTES]
    month = f"{data['year']:04d}-{data['month']:02d}"
    return write_xlsx([(_("Monthly return %(month)s", month=month), header, rows),
                       (_("Notes on the return"), [_("Column"), _("How it is worked out")], notes)])
