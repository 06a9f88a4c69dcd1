"""Fixtures of the procurement tests; `supplier` and `deliver` are shared (tests/conftest.py)."""
from __future__ import annotations

import pytest

from suite import accounts


@pytest.fixture
def api(client, factory, db, org, foods):
    """api(role, school=None) -> call(method, url, **kwargs) with that user's token."""
    def _api(role, school=None):
        user = factory.user(role, school=school or (org.schools[0] if role == "canteen_manager"
                                                    else None))
        token = accounts.create_token(db, user)
        db.commit()

        def call(method, url, **kwargs):
            return client.open(url, method=method,
                               headers={"Authorization": f"Bearer {token}"}, **kwargs)
        return call
    return _api
