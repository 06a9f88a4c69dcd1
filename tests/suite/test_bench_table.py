"""The benchmarks' figures and their table (bench/common.py, bench/__main__.py): PASS or MISS
against the given limits, the ratio to the baseline, a crashed module's row. No benchmark
runs here."""
from __future__ import annotations

import bench.__main__ as runner
from bench.common import COLUMNS, Figure, crashed, table


def test_pass_needs_every_given_limit():
    assert Figure("a", 0.5, "b", 0.25, limit=1.0, ratio_limit=3).passed is True
    assert Figure("a", 0.5, "b", 0.1, limit=1.0, ratio_limit=3).passed is False  # ratio 5
    assert Figure("a", 1.5, "b", 1.0, limit=1.0, ratio_limit=3).passed is False  # too slow
    assert Figure("a", 0.5, "b", 0.25, ratio_limit=2).passed is True
    assert Figure("a", 0.5, limit=0.5).passed is True  # the limit itself is met


def test_ratio_and_a_figure_without_limits():
    figure = Figure("a", 0.3, "b", 0.1)
    assert abs(figure.ratio - 3.0) < 1e-9
    assert figure.passed is None and figure.status == "-"
    assert Figure("a", 0.3).ratio is None
    assert Figure("a", 0.3, "b", 0.0).ratio is None  # no division by a zero baseline
    assert Figure("a", 0.3, ratio_limit=2).passed is False  # no baseline: the ratio is unmet


def test_other_units_and_lower_limits():
    memory = Figure("peak", 812.4, unit="MB", limit=2048)
    assert memory.passed and memory.show(memory.measured) == "812 MB"
    cut = Figure("cut", 9.2, unit="%", limit=13, at_least=True)
    assert cut.passed is False and cut.target() == "≥ 13 %"
    assert Figure("errors", 0, unit="errors", limit=0).passed is True
    assert Figure("gap", None, unit="%", limit=1).status == "MISS"  # not measured


def test_times_are_shown_in_ms_below_a_second():
    figure = Figure("a", 0.0085, "b", 2.5, limit=0.02, ratio_limit=3)
    assert figure.show(figure.measured) == "8.5 ms" and figure.show(figure.baseline) == "2.50 s"
    assert figure.target() == "≤ 20 ms, ratio ≤ 3"


def test_a_crashed_module_is_a_miss_row():
    row = crashed("menus_week", ValueError("no such table\nmore detail"))
    assert row.name == "menus_week: failed: ValueError: no such table"
    assert row.passed is False and row.status == "MISS"


def test_table_is_aligned_with_one_row_per_figure():
    text = table([Figure("short", 0.5, "bare SQL", 0.25, limit=1.0, ratio_limit=3),
                  Figure("a much longer name", 3.0, unit="MB", limit=2),
                  crashed("x", RuntimeError("boom"))])
    lines = text.splitlines()
    assert len(lines) == 5 and len({len(line) for line in lines}) == 1
    assert [c.strip() for c in lines[0].strip("|").split("|")] == list(COLUMNS)
    cells = [c.strip() for c in lines[2].strip("|").split("|")]
    assert cells[:7] == ["short", "500.0 ms", "bare SQL", "250.0 ms", "2.00", "≤ 1 s, ratio ≤ 3",
                         "PASS"]
    assert "MISS" in lines[3] and "x: failed: RuntimeError: boom" in lines[4]


class Fine:
    @staticmethod
    def main():
        return [Figure("fine", 0.1, limit=1.0), Figure("slow", 2.0, limit=1.0)]


class Broken:
    @staticmethod
    def main():
        raise RuntimeError("broken bench")


def test_runner_keeps_going_past_a_crashed_module(monkeypatch, capsys):
    modules = {"bench.nutrition_week": Broken, "bench.menus_week": Fine}
    monkeypatch.setattr(runner.importlib, "import_module", modules.__getitem__)
    assert runner.main(["nutrition_week", "menus_week"]) == 1
    out, err = capsys.readouterr()
    assert "broken bench" in err  # the traceback is printed
    rows = out.split("| figure")[1].splitlines()[2:]  # the table comes last
    assert [r.split("|")[7].strip() for r in rows] == ["MISS", "PASS", "MISS"]
    assert "nutrition_week: failed: RuntimeError: broken bench" in rows[0]


def test_miss_rows_alone_exit_zero(monkeypatch, capsys):
    monkeypatch.setattr(runner.importlib, "import_module", {"bench.menus_week": Fine}.__getitem__)
    assert runner.main(["menus_week"]) == 0
    assert "MISS" in capsys.readouterr().out


def test_unknown_module_names_are_refused(capsys):
    assert runner.main(["no_such_bench"]) == 2
    assert "no_such_bench" in capsys.readouterr().err


class SharedCounty:
    """Stands for bench.county_data once a benchmark built the county."""
    @staticmethod
    def built():
        return True

    @staticmethod
    def figure():
        return Figure("building the county once", 12.5)


def test_the_shared_county_build_is_the_first_row(monkeypatch, capsys):
    monkeypatch.setattr(runner.importlib, "import_module", {"bench.menus_week": Fine}.__getitem__)
    monkeypatch.setitem(runner.sys.modules, "bench.county_data", SharedCounty)
    assert runner.main(["menus_week"]) == 0
    rows = capsys.readouterr().out.split("| figure")[1].splitlines()[2:]
    assert [r.split("|")[1].strip() for r in rows] == ["building the county once", "fine",
                                                       "slow"]
    assert rows[0].split("|")[2].strip() == "12.50 s"


def test_no_build_row_when_no_benchmark_built_the_county(monkeypatch, capsys):
    monkeypatch.setattr(runner.importlib, "import_module", {"bench.menus_week": Fine}.__getitem__)
    monkeypatch.delitem(runner.sys.modules, "bench.county_data", raising=False)
    runner.main(["menus_week"])
    assert "building the county" not in capsys.readouterr().out


def test_a_benchmarks_peak_memory_leaves_out_what_earlier_ones_held():
    from bench.common import memory_mb, peak_memory_mb, reset_peak_memory
    block = b"x" * (300 * 2**20)  # touched pages: 300 MB resident at once, then freed
    assert memory_mb() > 300
    del block
    before = peak_memory_mb()
    reset_peak_memory()
    after = peak_memory_mb()
    assert before - after > 250 and abs(after - memory_mb()) < 50
