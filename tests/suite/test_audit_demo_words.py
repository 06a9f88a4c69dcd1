"""The demo county's whole audit log in Chinese: every record type's entries read in words, with
no code, English word or Python value (issue 16: "the audit log included")."""
from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from suite.models import AuditEntry

PASSWORD = "demo-password-1"
# Latin text a Chinese reader may see: user names, numbers of tickets, licences and schools
# (any word with a digit), units, file names and kinds, and the food table's own names
# ("羊肉（代表值，fat 7g）")
ALLOWED = re.compile(r"^(?:.*\d.*|admin|bureau|nutritionist|g|kg|mg|kcal|ml|C|PDF|pdf|xlsx|png|"
                     r"csv|outside-list|fat|WS|T)$")
PEOPLE = ("创建人", "修改人", "提交人", "关闭人", "发布人", "审核人", "说明人", "记录人")


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "zh_Hans_CN"}


def _words(html: str) -> set[str]:
    start = html.find('<table class="audit">')
    table = html[start:html.index("</table>", start)] if start >= 0 else ""
    text = unescape(re.sub(r"<[^>]+>", " ", table))
    return {w for w in re.findall(r"[A-Za-z0-9_\-]*[A-Za-z_][A-Za-z0-9_\-]*", text)
            if not ALLOWED.match(w)}


def test_every_record_type_of_the_demo_reads_in_chinese(client, db, demo_county):
    demo_county(schools=3, today=date(2026, 11, 23), password=PASSWORD)
    db.commit()
    assert client.post("/login", data={"username": "admin",
                                       "password": PASSWORD}).status_code == 302
    kinds = db.scalars(select(AuditEntry.record_type).distinct()).all()
    assert len(kinds) > 30
    found, numbered, people = {}, [], 0
    for kind in kinds:
        html = client.get(f"/audit?record_type={kind}").get_data(as_text=True)
        if words := _words(html):
            found[kind] = sorted(words)[:10]
        # people are named, not numbered (created_by, closed_by … hold a user's id)
        for label, value in re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", html):
            if label in PEOPLE:
                people += 1
                if re.search(r"(?:^|→ )\d+$", value.strip()):
                    numbered.append((kind, label, value))
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert people and numbered == []
