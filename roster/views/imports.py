"""The roster import page (with upload progress), its template, and the roster's export."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.audit import record_view
from suite.audit_words import REGISTRATION_EXPORTED, note_text
from suite.auth import has_permission, permission_required, visible_schools
from suite.db import get_session
from suite.models import School
from suite.tabular import TableFileError, write_xlsx

from .. import services
from ..services import HEADERS
from ..forms import ImportForm
from ..models import Student
from .import_mapping import keep_upload, mapping_page, needs_choice, read, run_import
from .download import xlsx
from .students import list_filters, student_query

TEXT_COLUMNS = (HEADERS["student_no"], HEADERS["id_number"], HEADERS["guardian_phone"],
                "身份证件号", "学籍辅号", "班内学号", "入学年月", "户口所在地行政区划", "户编号")


@permission_required("roster.import")
def import_template():
    """The students sheet with one valid example row (at the first school the user may see),
    and a sheet of instructions."""
    schools = visible_schools(get_session(), current_user)
    school = schools[0].code if schools else None
    return xlsx(write_xlsx([
        (_("Student list"), list(HEADERS.values()),
         [services.template_example(school or "S0001")]),
        (_("Instructions"), [_("Column"), _("What to enter")], services.template_notes())],
        text_columns=TEXT_COLUMNS), "roster-template.xlsx")


@permission_required("roster.import")
def import_page():
    """Upload; a file with columns the roster does not know (and no saved choice for its
    shape) goes to the mapping step first."""
    session = get_session()
    form, error = ImportForm(), None
    if form.validate_on_submit():
        upload = form.file.data
        data, filename = upload.read(), upload.filename or ""
        try:
            table = read(data, filename)
        except TableFileError as exc:
            error = str(exc)
        else:
            _county, saved, ask = needs_choice(session, table)
            if ask:
                token = keep_upload(data)
                return mapping_page(
                    table, token, filename, form.dry_run.data,
                    services.import_proposal(table.columns, saved))
            return run_import(session, table, filename, data,
                                             form.dry_run.data, saved)
    status = 400 if error or form.errors else 200
    return render_template("roster/import.html", form=form, result=None, error=error), status


@permission_required("roster.view")
def export_students():
    """The roster as the user may see it (filters as on the page), ID numbers masked; with
    ?layout=registration the registration system's own layout (see export_registration)."""
    session = get_session()
    rows = session.execute(student_query(session, list_filters()).order_by(
        School.code, Student.grade, Student.student_no)).all()
    if request.args.get("layout") == "registration":
        return export_registration(session, rows)
    ids = [s.id for s, _sc in rows]
    names = services.aid_in_force(session, ids, clock.today())
    guardians = services.guardians_of(session, ids)
    header = [_("School code"), _("School"), HEADERS["student_no"], HEADERS["name"],
              HEADERS["sex"], HEADERS["grade"], HEADERS["class_name"], HEADERS["id_number"],
              HEADERS["boarding"], _("Aid categories"), HEADERS["guardian_name"],
              HEADERS["guardian_phone"]] + services.registration_headers()
    data = [[sc.code, sc.name, services.mask_student_no(s.student_no), s.name,
             "男" if s.sex == "M" else "女", s.grade, s.class_name, services.mask_id(s.id_number),
             "是" if s.boarding else "否", "、".join(names.get(s.id, [])), s.guardian_name,
             services.mask_phone(s.guardian_phone)]
            + services.registration_cells(s, guardians.get(s.id, [])) for s, sc in rows]
    return xlsx(write_xlsx([(_("Roster"), header, data)], text_columns=TEXT_COLUMNS), "roster.xlsx")


def export_registration(session, rows):
    """The roster in the registration system's layout and codes, for a round trip: numbers in
    full (the system matches pupils by them), so only for those who import (the bureau),
    and audited like any full ID number shown."""
    if not has_permission(current_user, "roster.import"):
        abort(403)
    guardians = services.guardians_of(session, [s.id for s, _sc in rows])
    record_view(session, "roster_student", "registration-export",
                note=note_text(REGISTRATION_EXPORTED, len(rows)))
    session.commit()
    body = write_xlsx([("学生信息", services.registration_layout_headers(), [
        services.registration_layout_cells(s, sc, guardians.get(s.id, [])) for s, sc in rows])],
        text_columns=set(services.registration_layout_headers()))
    return xlsx(body, "roster-registration.xlsx")
