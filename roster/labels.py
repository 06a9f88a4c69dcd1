"""Display labels of the roster's codes, defined once for pages, exports and services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# what is wrong with a typed ID number (idcard.id_problem), as a refusal of that cell
ID_NUMBER_PROBLEMS = {
    "length": _l("must have 18 characters"),
    "characters": _l("may hold only digits and a final X"),
    "date": _l("holds no real birth date"),
    "check": _l("has a wrong check digit: check every digit"),
    "area": _l("does not start with a real area code"),
}
# school stages of the household ledger and of the aid policies (models.STAGES)
STAGE_LABELS = {
    "preschool": _l("Preschool education"), "compulsory": _l("Compulsory education"),
    "senior_high": _l("Senior high school"), "vocational": _l("Secondary vocational school"),
    "higher": _l("Higher education"),
}
# the grades an aid programme is limited to (models.PROGRAM_STAGES)
PROGRAM_STAGE_LABELS = {"": _l("Any grade"), "primary": _l("Primary school (grades 1-6)"),
                        "junior": _l("Junior secondary (grades 7-9)")}
HOUSEHOLD_KIND_LABELS = {"poverty_alleviated": _l("Household lifted out of poverty"),
                         "monitored": _l("Household under monitoring against poverty")}
LOCATION_LABELS = {"county": _l("In the county"), "city": _l("Elsewhere in the city"),
                   "outside": _l("Outside the city")}
CONCLUSION_LABELS = {"confirmed": _l("Situation confirmed"), "level_changed": _l("Level changed"),
                     "aid_withdrawn": _l("Aid withdrawn")}
STATUS_LABELS = {"enrolled": _l("Enrolled"), "transferred": _l("Transferred"),
                 "graduated": _l("Graduated"), "left": _l("Left school")}
# the registration system's codes (models_registration); document types as in its export
DOCUMENT_TYPE_LABELS = {
    "1": _l("Resident identity card"), "2": _l("Military officer's card"),
    "3": _l("Soldier's card"), "4": _l("Civilian cadre's card"),
    "5": _l("Retired military personnel's card"),
    "6": _l("Hong Kong SAR passport or identity document"),
    "7": _l("Macao SAR passport or identity document"),
    "8": _l("Mainland travel permit for Taiwan residents"),
    "9": _l("Foreign permanent residence card"), "A": _l("Passport"),
    "B": _l("Household register"), "Z": _l("Other document"),
}
LEFT_BEHIND_LABELS = {"": _l("Not known"), "no": _l("Not left behind"),
                      "yes": _l("Left behind (parents not said)"),
                      "single": _l("One parent away from home"),
                      "both": _l("Both parents away from home")}
HOUSEHOLD_TYPE_LABELS = {"": "", "agricultural": _l("Agricultural"),
                         "non_agricultural": _l("Non-agricultural")}
SCHOOL_STAGE_LABELS = {"": "", "primary": _l("Primary school"),
                       "junior": _l("Junior secondary school")}
