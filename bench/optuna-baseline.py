"""Optuna's TPESampler on the Branin@30 and Hartmann6@80 problems of bench/search-quality.ts, as a baseline for tpe.

The problems are those of bench/simulation/problems.ts (same bounds, same minima) and so is the regret: that of
the best trial by objective (both are noiseless, so the best value less the minimum). Seeds 0..n-1, one
TPESampler(seed=seed) each with Optuna's defaults (multivariate with constant liar in Optuna 5), trials one at a time.
Prints a markdown table of the median and interquartile range over seeds.

    npm run bench:optuna -- [--seeds 20] [--problems branin,hartmann6]
"""

from __future__ import annotations

import argparse
import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass

import optuna


def branin(x1: float, x2: float) -> float:
    b = 5.1 / (4 * math.pi**2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


HARTMANN_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
HARTMANN_P = [
    [v * 1e-4 for v in row]
    for row in [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
]
HARTMANN_ALPHA = [1, 1.2, 3, 3.2]


def hartmann6(x: list[float]) -> float:
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


@dataclass(frozen=True)
class Problem:
    name: str
    budget: int
    minimum: float
    objective: Callable[[optuna.Trial], float]


PROBLEMS = [
    Problem("branin", 30, 0.397887, lambda t: branin(t.suggest_float("x1", -5, 10), t.suggest_float("x2", 0, 15))),
    Problem("hartmann6", 80, -3.32237, lambda t: hartmann6([t.suggest_float(f"x{i + 1}", 0, 1) for i in range(6)])),
]


def regret(problem: Problem, seed: int) -> float:
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(problem.objective, n_trials=problem.budget)
    return study.best_value - problem.minimum


def summary(values: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return f"{median:.3f} ({q1:.3f}–{q3:.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--problems", default="branin,hartmann6")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    chosen = set(str(args.problems).split(","))
    print(f"### Optuna {optuna.__version__} TPESampler (defaults): simple regret, median (IQR) over {args.seeds} seeds\n")
    print("| problem | regret |\n|---|---|")
    for problem in PROBLEMS:
        if problem.name in chosen:
            print(f"| {problem.name}@{problem.budget} | {summary([regret(problem, seed) for seed in range(args.seeds)])} |")


if __name__ == "__main__":
    main()
