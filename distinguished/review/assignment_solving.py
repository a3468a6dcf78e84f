"""Running HiGHS (``scipy.optimize.milp``) on the assignment's 0/1 programme: `MilpModel`, the
programme in the matrix form ``milp`` takes, and `solve`, which tries the LP relaxation first when
the matrix is a network matrix (an integral vertex is then optimal) and branches otherwise."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

_INTEGRALITY_TOL = 1e-6


@dataclass
class MilpModel:
    """The 0/1 programme of one solve: costs, constraint rows, variable bounds and integrality."""

    c: np.ndarray
    A: sparse.csr_array
    lb: np.ndarray
    ub: np.ndarray
    x_lb: np.ndarray
    x_ub: np.ndarray
    integrality: np.ndarray
    network: bool  # True when the matrix is a network matrix (LP relaxation integral)
    ones: int  # how many 0/1 variables are 1 in any solution (k·N); sizes the tie-breaking perturbation
    extra: dict[str, int] = field(default_factory=dict)  # name -> column of auxiliary variables


def solve(model: MilpModel, *, time_limit: float | None, lp_first: bool):
    """Returns ((kind, x, gap, message, lp_integral), seconds); kind is ok / infeasible / none."""
    options: dict = {"mip_rel_gap": 0.0}
    if time_limit is not None:
        options["time_limit"] = time_limit
    constraints = LinearConstraint(model.A, model.lb, model.ub)
    bounds = Bounds(model.x_lb, model.x_ub)
    seconds = 0.0
    if lp_first and model.network:
        # The objective is integral and very degenerate (0/1 costs, many ties): simplex crawls. A
        # seeded random perturbation of each cost by less than 1 / (2·k·N) breaks the ties; it adds
        # less than 0.5 to any solution, so an optimum of the perturbed LP is optimal for the
        # integral objective too. Presolve is skipped: it only costs time on this matrix.
        eps = np.random.default_rng(0).random(len(model.c)) / (2 * max(model.ones, 1))
        t0 = time.perf_counter()
        res = milp(
            model.c + eps,
            constraints=constraints,
            bounds=bounds,
            integrality=np.zeros_like(model.integrality),
            options={**options, "presolve": False},
        )
        seconds += time.perf_counter() - t0
        if res.status == 2:
            # The LP relaxation of a network matrix with integral bounds is infeasible exactly when
            # the 0/1 problem is.
            return ("infeasible", None, None, res.message, True), seconds
        if res.status == 0 and np.all(np.abs(res.x - np.round(res.x)) <= _INTEGRALITY_TOL):
            return ("ok", np.round(res.x), 0.0, res.message, True), seconds
    t0 = time.perf_counter()
    res = milp(
        model.c, constraints=constraints, bounds=bounds, integrality=model.integrality, options=options
    )
    seconds += time.perf_counter() - t0
    if res.status == 2:
        return ("infeasible", None, None, res.message, False), seconds
    if res.x is None:
        return ("none", None, None, res.message, False), seconds
    gap = 0.0 if res.status == 0 else float(res.mip_gap if res.mip_gap is not None else math.inf)
    return ("ok", np.round(res.x), gap, res.message, False), seconds
