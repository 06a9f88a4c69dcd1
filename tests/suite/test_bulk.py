"""The cycle collector is paused only while a bulk read or import runs, and is restored as it
was, whatever happens inside (a refused file, nesting, a collector already off)."""
from __future__ import annotations

import gc

import pytest

from suite.bulk import collector_paused
from suite.tabular import TableFileError, read_table


def test_the_collector_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_a_refused_file_leaves_the_collector_running(app):
    with app.test_request_context(), pytest.raises(TableFileError):
        read_table(b"\x00\x01 not a table", "x.xlsx")
    assert gc.isenabled()
    with app.test_request_context():
        assert read_table("姓名\n张三\n".encode(), "x.csv").rows == [{"姓名": "张三"}]
    assert gc.isenabled()
