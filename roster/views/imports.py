"""The roster import page (with upload progress), its template, and the roster's export."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.auth import permission_required, visible_schools
from suite.db import get_session
from suite.models import School
from suite.tabular import TableFileError, read_table, write_xlsx

from .. import services
from ..services import HEADERS
from ..forms import ImportForm
from ..models import Student
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
    session = get_session()
    form, result, error = ImportForm(), None, None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        try:
            table = read_table(data, upload.filename or "")
        except TableFileError as exc:
            error = str(exc)
        else:
            result = services.import_students(
                session, table, filename=upload.filename or "", data=data, today=clock.today(),
                dry_run=form.dry_run.data, user_id=current_user.id)
            session.commit()  # the run is recorded, accepted or refused
            if result.ok and not form.dry_run.data:
                c = result.counts
                flash(_("Imported: %(new)d new, %(updated)d updated, %(moved)d transferred, "
                        "%(same)d unchanged.", new=c["new"], updated=c["updated"],
                        moved=c["transferred"], same=c["unchanged"]), "success")
                return redirect(url_for("roster.students"))
    status = 400 if error or form.errors or (result is not None and not result.ok) else 200
    return render_template("roster/import.html", form=form, result=result, error=error), status


@permission_required("roster.view")
def export_students():
    """The roster as the user may see it (filters as on the page), ID numbers masked."""
    session = get_session()
    rows = session.execute(student_query(session, list_filters()).order_by(
        School.code, Student.grade, Student.student_no)).all()
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
    return xlsx(write_xlsx([("roster", header, data)], text_columns=TEXT_COLUMNS), "roster.xlsx")
