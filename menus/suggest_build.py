"""Rows of the menu solver's programme: structure and variety (always hard), then per mix of
eaters the engine's week and day rules and the cost limit (soft, with a slack each, when a
week that meets them all does not exist). Pure: NumPy and SciPy only."""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from nutrition.services import GROUP_INDEX, NUTRIENT_INDEX

from .suggest_model import (COND_SODIUM, DARK, EDIBLE, LIVER, RAW, ROLES, Problem, Rows,
                            allowed, broad_presence, counted_foods, dish_matrix,
                            food_features, ingredient_limit, repeat_limits)

E, FAT, CARB = NUTRIENT_INDEX["energy_kcal"], NUTRIENT_INDEX["fat_g"], \
    NUTRIENT_INDEX["carbohydrate_g"]
DAIRY, OIL, SALT = GROUP_INDEX["dairy"], GROUP_INDEX["vegetable_oil"], GROUP_INDEX["salt"]
VEG, FRUIT, SOY = GROUP_INDEX["vegetables"], GROUP_INDEX["fruit"], GROUP_INDEX["soy_nuts"]
TINY = 1e-3  # grams: "more than nothing" for the rules of kinds


@dataclass
class Model:
    problem: Problem
    pairs: np.ndarray          # (n_x, 2): candidate index, slot index
    rows: Rows
    n_cols: int
    costs: list                # per mix: cost per pair (CNY per pupil)
    soft: list                 # row indices that carry a slack when relaxed
    score: list                # per mix: the nutrient score's y columns (objective "nutrients")
    stock: list                # (column, CNY per pupil per day of all its stock used)
    upper: np.ndarray          # every column's upper bound (x: 1, or the days in a week)
    week_days: int             # the days the week serves (the aggregate's one day is all)


def week_of(problem: Problem) -> Problem:
    """The aggregate week: one day standing for all (each meal's dishes counted over the
    week, each day's rule summed over the days). Every week of the problem is a week of the
    aggregate at the same cost and score, so its optimum bounds the problem's."""
    limits = problem.limits
    total = None if any(x is None for x in limits) else sum(limits, Decimal(0))
    return replace(problem, days=problem.days[:1], limits=[total], draft=frozenset(),
                   forced_changes=0, forced_in_slot={})


class Builder:
    def __init__(self, problem: Problem, table, aggregate: bool = False):
        self.week, self.table = problem, table
        self.reps = len(problem.days) if aggregate else 1   # days one model day stands for
        self.p = week_of(problem) if aggregate else problem
        self.pairs = np.array(allowed(self.p), dtype=np.int64).reshape(-1, 2)
        self.n = len(self.pairs)
        self.rows = Rows()
        self.soft: list[int] = []
        self.extra = 0                         # continuous columns after x
        self.upper = [np.full(self.n, float(self.reps))]
        self.score: list = []
        self.day_of = np.array([self.p.slots[s][0] for s in self.pairs[:, 1]], dtype=np.int64)
        self.feats = food_features(table)

    def column(self, count: int, upper: float = 1.0) -> np.ndarray:
        start = self.n + self.extra
        self.extra += count
        self.upper.append(np.full(count, upper))
        return np.arange(start, start + count)

    def bound(self, cols, vals, lo=None, hi=None, label=None, scale=None, soft=True):
        """One row per side, each scaled by its own bound so a slack reads as a fraction."""
        for side, rhs in (("low", lo), ("high", hi)):
            if rhs is None or not np.isfinite(rhs):
                continue
            s = scale or abs(rhs) or 1.0
            if side == "low":
                self.rows.add(cols, vals, rhs, np.inf, (label, side), scale=s)
            else:
                self.rows.add(cols, vals, -np.inf, rhs, (label, side), scale=s)
            if soft:
                self.soft.append(len(self.rows.parts) - 1)

    def build(self) -> Model:
        self.structure()
        self.variety()
        costs, stock = [], []
        for m, (mix, rules) in enumerate(zip(self.p.mixes, self.p.rules)):
            grams, cost = dish_matrix(self.table, self.p.candidates, mix)
            feats = np.asarray((grams @ self.feats))
            self.week_rows(m, feats[self.pairs[:, 0]], rules)
            self.day_rows(m, feats[self.pairs[:, 0]], rules, cost[self.pairs[:, 0]])
            costs.append(cost[self.pairs[:, 0]])
            if self.p.objective == "nutrients":
                self.score.append(self.score_rows(m, feats[self.pairs[:, 0]], rules))
            if m == 0:
                self.meal_groups(broad_presence(grams, self.table), rules)
                if rules.whole_day:
                    self.kinds(grams, rules)
                stock = self.stock_rows(grams, sum(c for _b, _s, c in mix))
        if not self.p.draft:
            self.order_days(costs[0])
        return Model(self.p, self.pairs, self.rows, self.n + self.extra, costs, self.soft,
                     self.score, stock, np.concatenate(self.upper), len(self.week.days))

    def stock_rows(self, grams, heads) -> list:
        """Per food in stock that a dish uses: u in [0, 1], the share of its stock the week
        uses, with grams on hand × u ≤ the week's grams of it (every pupil, every serving)."""
        out = []
        for code, (grams_on_hand, ledger_per_kg) in sorted(self.p.stock.items()):
            on_hand, per_kg = float(grams_on_hand), float(ledger_per_kg)
            f = self.table.index.get(code)
            if f is None or on_hand <= 0 or per_kg <= 0:
                continue
            use = grams[:, [f]].toarray().ravel()[self.pairs[:, 0]] * heads
            cols = np.flatnonzero(use > 0)
            if not len(cols):
                continue
            u = self.column(1)
            self.rows.add(np.r_[u, cols], np.r_[on_hand, -use[cols]], -np.inf, 0.0,
                          ("stock", code), on_hand)
            out.append((int(u[0]), on_hand * per_kg / 1000 / heads / len(self.week.days)))
        return out

    def order_days(self, cost):
        """Days with the same limit are interchangeable: any week can be reordered so their
        cost never falls, which spares the solver every permutation of one answer."""
        limits = self.p.limits
        for t in range(len(self.p.days) - 1):
            if limits[t] != limits[t + 1]:
                continue
            a, b = np.flatnonzero(self.day_of == t), np.flatnonzero(self.day_of == t + 1)
            self.rows.add(np.r_[a, b], np.r_[cost[a], -cost[b]], -np.inf, 0.0, ("order", t))

    def structure(self):
        roles = np.array([ROLES.index(c.role) for c in self.p.candidates])[self.pairs[:, 0]]
        for s, (_t, meal) in enumerate(self.p.slots):
            for r, role in enumerate(ROLES):
                lo, hi = self.p.structure[meal].get(role, (0, 0))
                cols = np.flatnonzero((self.pairs[:, 1] == s) & (roles == r))
                lo, hi = self._with_draft(cols, lo * self.reps, hi * self.reps)
                if len(cols) or lo:
                    self.rows.add(cols, np.ones(len(cols)), lo, hi, ("structure", role, s), 1.0)

    def _with_draft(self, cols, lo, hi):
        """A repair never has to fix what the rules do not demand: the draft's count of a
        role in a slot, or of a dish in the week, stays allowed."""
        if not self.p.draft:
            return lo, hi
        have = sum(1 for c in cols if tuple(self.pairs[c]) in self.p.draft)
        return min(lo, have), max(hi, have)

    def variety(self):
        limits = repeat_limits(self.week)
        for d, cand in enumerate(self.p.candidates):
            cols = np.flatnonzero(self.pairs[:, 0] == d)
            if len(cols) > 1 or self.reps > limits[cand.role]:
                lo, hi = self._with_draft(cols, 0, limits[cand.role])
                self.rows.add(cols, np.ones(len(cols)), 0, hi, ("repeat", cand.name), 1.0)
        by_main: dict = {}
        for d, cand in enumerate(self.p.candidates):
            if cand.role == "main" and cand.main is not None:
                by_main.setdefault(cand.main, []).append(d)
        limit = ingredient_limit(self.week)
        for main, dishes in by_main.items():
            cols = np.flatnonzero(np.isin(self.pairs[:, 0], dishes))
            if len(cols) * self.reps > limit:
                lo, hi = self._with_draft(cols, 0, limit)
                self.rows.add(cols, np.ones(len(cols)), 0, hi, ("ingredient", main), 1.0)

    def week_rows(self, m, f, rules):
        cols, days, mg = np.arange(self.n), len(self.week.days), self.p.margin
        for name, j in NUTRIENT_INDEX.items():
            lo, hi = rules.nutrient_low[j], rules.nutrient_high[j]
            if np.isnan(lo):
                continue
            self.bound(cols, f[:, j] / days, lo * (1 + mg), hi * (1 - mg), ("nutrient", name, m))
        scale = 100 * rules.nutrient_low[E] / 0.9 if np.isfinite(rules.nutrient_low[E]) else 1e3
        for part, j in (("fat", FAT), ("carbohydrate", CARB)):
            factor = 900 if part == "fat" else 400
            lo, hi = rules.energy_share[part]
            self.bound(cols, factor * f[:, j] - hi * f[:, E], hi=-mg * scale,
                       label=("energy_share", part, m, "high"), scale=scale)
            self.bound(cols, factor * f[:, j] - lo * f[:, E], lo=mg * scale,
                       label=("energy_share", part, m, "low"), scale=scale)
        base = EDIBLE if rules.group_basis == "edible" else RAW
        for g in np.flatnonzero(~np.isnan(rules.group_low)):
            self.bound(cols, f[:, base + g] / days, rules.group_low[g] * (1 + mg),
                       rules.group_high[g] * (1 - mg), ("food_group", int(g), m))
        lo, hi = rules.liver_week
        self.bound(cols, f[:, LIVER], lo * (1 + mg), hi * (1 - mg), ("liver", "", m))

    def score_rows(self, m, f, rules) -> np.ndarray:
        """The nutrient score as linear terms: y_j in [0, 1] with y_j ≤ week average_j /
        target_j, so maximising Σ y_j reaches the mean of min(1, average / target). Hard rows:
        y_j = 0 is always feasible, they never make a week impossible."""
        y = self.column(len(rules.scored))
        days = len(self.week.days)
        for col, j in zip(y, rules.scored):
            ratio = f[:, j] / days / rules.nutrient_target[j]
            self.rows.add(np.r_[col, np.arange(self.n)], np.r_[1.0, -ratio], -np.inf, 0.0,
                          ("score", j, m))
        return y

    def day_rows(self, m, f, rules, cost):
        mg, b = self.p.margin, self.day_bound
        salt = f[:, RAW + SALT] + f[:, COND_SODIUM] / rules.sodium_per_salt_g
        for t in range(len(self.p.days)):
            cols = np.flatnonzero(self.day_of == t)
            lo, hi = rules.milk_day
            b(cols, f[cols, RAW + DAIRY], lo * (1 + mg), hi * (1 - mg), ("milk", t, m))
            b(cols, f[cols, RAW + OIL], hi=rules.oil_day_max * (1 - mg), label=("oil", t, m))
            b(cols, salt[cols], hi=rules.salt_day_max * (1 - mg), label=("salt", t, m))
            limit = self.p.limits[t]
            if limit is not None:  # the aggregate's limit is the week's: not summed again
                self.bound(cols, cost[cols], hi=float(limit) * (1 - 1e-9), label=("cost", t, m))
                if self.reps > 1:  # no day could serve a dish dearer than its limit
                    dearest = float(max(self.week.limits)) * (1 - 1e-9)
                    self.upper[0][cols[cost[cols] > dearest]] = 0.0
            if rules.whole_day:
                veg = f[cols, EDIBLE + VEG]
                b(cols, f[cols, DARK] - rules.dark_share_min * veg, lo=TINY,
                  label=("dark_vegetable_share", t, m), scale=10.0)
                if rules.fruit_daily:
                    b(cols, f[cols, RAW + FRUIT], lo=1.0, label=("fruit", t, m))
                if rules.soy_daily:
                    b(cols, f[cols, RAW + SOY], lo=1.0, label=("soy", t, m))

    def day_bound(self, cols, vals, lo=None, hi=None, label=None, scale=None):
        """A day's rule; in the aggregate, summed over the days, and where every dish adds
        to it, made as tight as the days allow: a dish over a day's most is left out, and
        toward a day's least a dish counts for at most that least (what one day lacks, no
        other day's surplus can make up)."""
        k = self.reps
        if k == 1 or vals.min(initial=0.0) < 0:
            self.bound(cols, vals, None if lo is None else k * lo,
                       None if hi is None else k * hi, label, None if scale is None
                       else k * scale)
            return
        if hi is not None and np.isfinite(hi):
            self.upper[0][cols[vals > hi]] = 0.0
            self.bound(cols, vals, hi=k * hi, label=label)
        if lo is not None and np.isfinite(lo):
            self.bound(cols, np.minimum(vals, lo) if lo > 0 else vals, lo=k * lo, label=label)

    def meal_groups(self, presence, rules):
        slots = self.p.slots
        z = self.column(len(slots) * presence.shape[1], self.reps).reshape(len(slots), -1)
        for s in range(len(slots)):
            in_slot = np.flatnonzero(self.pairs[:, 1] == s)
            for k in range(presence.shape[1]):
                has = in_slot[presence[self.pairs[in_slot, 0], k]]
                self.rows.add(np.r_[z[s, k], has], np.r_[1.0, -np.ones(len(has))],
                              -np.inf, 0.0, ("link",), 1.0)
            self.bound(z[s], np.ones(len(z[s])), lo=self.reps * rules.meal_groups_min,
                       label=("meal_groups", s))

    def kinds(self, grams, rules):
        """Whole days: distinct foods per day and week, vegetable kinds per day, with
        continuous indicators (exact because x is integral)."""
        counted = counted_foods(self.table)
        used = np.flatnonzero(np.asarray((grams > 0).sum(axis=0)).ravel() > 0)
        used = used[counted[used]]
        contains = (grams[:, used] > 0).toarray()          # dish × used food
        veg = self.table.group[used] == VEG
        days = len(self.p.days)
        y = self.column(days * len(used), self.reps).reshape(days, -1)
        w = self.column(len(used))
        for t in range(days):
            in_day = np.flatnonzero(self.day_of == t)
            for k in range(len(used)):
                has = in_day[contains[self.pairs[in_day, 0], k]]
                self.rows.add(np.r_[y[t, k], has], np.r_[1.0, -np.ones(len(has))],
                              -np.inf, 0.0, ("link",), 1.0)
            self.bound(y[t], np.ones(len(used)), lo=self.reps * rules.foods_per_day_min,
                       label=("foods_per_day", t))
            self.bound(y[t, veg], np.ones(int(veg.sum())),
                       lo=self.reps * rules.vegetable_kinds_min, label=("vegetable_kinds", t))
        for k in range(len(used)):
            self.rows.add(np.r_[w[k], y[:, k]], np.r_[1.0, -np.ones(days)], -np.inf, 0.0,
                          ("link",), 1.0)
        self.bound(w, np.ones(len(used)), lo=rules.foods_per_week_min, label=("foods_per_week",))
