from __future__ import annotations

import pytest

from nutrition.engine import FoodTable
from nutrition.food_rows import read_csv
from nutrition.standard import builtin_standards


@pytest.fixture(scope="session")
def table():
    return FoodTable(read_csv())


@pytest.fixture(scope="session")
def wst():
    return builtin_standards()["WS/T 554-2017"]
