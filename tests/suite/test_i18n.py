"""Chinese by default, English by a remembered switch, and a complete catalogue."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "suite/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def test_chinese_is_the_default(client):
    page = client.get("/login", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "登录" in page and "Log in" not in page


def test_switch_to_english_is_remembered(client, login, db):
    user = login("bureau")
    response = client.post("/language", data={"locale": "en", "next": "/schools"})
    assert response.status_code == 302 and response.headers["Location"] == "/schools"
    assert "locale=en" in response.headers["Set-Cookie"]
    assert "Schools" in client.get("/schools").get_data(as_text=True)
    db.refresh(user)
    assert user.locale == "en"
    client.post("/logout")
    client.delete_cookie("locale")
    login_page = client.post("/login", data={"username": user.username,
                                             "password": "correct-horse-9"})
    assert login_page.status_code == 302
    assert "Log out" in client.get("/").get_data(as_text=True)


def test_unknown_language_is_refused(client):
    assert client.post("/language", data={"locale": "xx"}).status_code == 400


def test_error_pages_speak_the_users_language(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "页面不存在，或您无权查看。" in response.get_data(as_text=True)
    client.set_cookie("locale", "en")
    page = client.get("/no-such-page").get_data(as_text=True)
    assert "The page does not exist, or you may not see it." in page


def _extracted_ids() -> set[str]:
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    found = set()
    for sub in ("suite", "templates", "nutrition", "menus", "procurement", "canteen", "roster",
                "subsidy"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / sub, method_map, keywords={"_": None, "_l": None, "N_": None, "gettext": None,
                                                  "lazy_gettext": None, "ngettext": (1, 2)}):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_user_facing_string_has_a_chinese_translation():
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                  if m.id and (m.string if isinstance(m.string, str) else m.string[0])}
    missing = sorted(_extracted_ids() - translated)
    assert missing == [], "run `make messages` and translate: " + repr(missing[:20])
