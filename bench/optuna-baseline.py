"""Optuna's samplers on problems of bench/search-quality.ts, as a baseline for tpe.

Single objective: TPESampler on Branin@30 and Hartmann6@80. The problems are those of bench/simulation/problems.ts
(same bounds, same minima) and so is the regret: that of the best trial by objective (both are noiseless, so the
best value less the minimum). Seeds 0..n-1, one TPESampler(seed=seed) each with Optuna's defaults (multivariate
with constant liar in Optuna 5), trials one at a time.

Two objectives: TPESampler (its defaults, which for several objectives are the independent TPE) and NSGAIISampler
on ZDT1 and ZDT2 in 6-D, 100 trials, the hypervolume against (1.1, 1.1) at 25, 50 and 100 trials computed as
src/search/multi-objective/hypervolume.ts does in 2-D (the problems are noiseless, so every trial's vector is its
true one). Prints markdown tables of the median and interquartile range over seeds.

    npm run bench:optuna -- [--seeds 20] [--problems branin,hartmann6,zdt1,zdt2]
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


def zdt(h: Callable[[float], float]) -> Callable[[optuna.Trial], tuple[float, float]]:
    """ZDT over [0, 1]^6 as bench/simulation/problems.ts has it: f1 = x1, g = 1 + 9·mean(x2..x6), f2 = g·h(f1/g)."""

    def objectives(trial: optuna.Trial) -> tuple[float, float]:
        x = [trial.suggest_float(f"x{i + 1}", 0, 1) for i in range(6)]
        g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
        return x[0], g * h(x[0] / g)

    return objectives


@dataclass(frozen=True)
class ParetoProblem:
    name: str
    objectives: Callable[[optuna.Trial], tuple[float, float]]


PARETO_PROBLEMS = [
    ParetoProblem("zdt1", zdt(lambda r: 1 - math.sqrt(r))),
    ParetoProblem("zdt2", zdt(lambda r: 1 - r * r)),
]
PARETO_REFERENCE = (1.1, 1.1)
PARETO_COUNTS = (25, 50, 100)
PARETO_SAMPLERS: dict[str, Callable[[int], optuna.samplers.BaseSampler]] = {
    "TPESampler": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "NSGAIISampler": lambda seed: optuna.samplers.NSGAIISampler(seed=seed),
}


def hypervolume(points: list[tuple[float, float]], reference: tuple[float, float]) -> float:
    """The 2-D sweep of src/search/multi-objective/hypervolume.ts, operation for operation, so the two agree exactly."""
    inside = sorted(p for p in points if p[0] < reference[0] and p[1] < reference[1])
    total = 0.0
    ceiling = reference[1]
    for x, y in inside:
        if y >= ceiling:
            continue
        total += (reference[0] - x) * (ceiling - y)
        ceiling = y
    return total


def hypervolume_curve(problem: ParetoProblem, sampler: str, seed: int) -> list[float]:
    study = optuna.create_study(directions=["minimize", "minimize"], sampler=PARETO_SAMPLERS[sampler](seed))
    study.optimize(problem.objectives, n_trials=PARETO_COUNTS[-1])
    vectors = [(t.values[0], t.values[1]) for t in study.trials]
    return [hypervolume(vectors[:count], PARETO_REFERENCE) for count in PARETO_COUNTS]


def summary(values: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return f"{number(median)} ({number(q1)}–{number(q3)})"


def number(x: float) -> str:
    """As formatNumber of bench/search-quality.ts: 0 as is, three decimals in [0.01, 1000), else exponential."""
    if x == 0:
        return "0"
    return f"{x:.3f}" if 0.01 <= abs(x) < 1000 else f"{x:.1e}".replace("e-0", "e-").replace("e+0", "e+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--problems", default="branin,hartmann6,zdt1,zdt2")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    chosen = set(str(args.problems).split(","))
    seeds = range(args.seeds)
    single = [problem for problem in PROBLEMS if problem.name in chosen]
    if single:
        sampler = f"Optuna {optuna.__version__} TPESampler (defaults)"
        print(f"### {sampler}: simple regret, median (IQR) over {args.seeds} seeds\n")
        print("| problem | regret |\n|---|---|")
        for problem in single:
            print(f"| {problem.name}@{problem.budget} | {summary([regret(problem, seed) for seed in seeds])} |")
        print()
    for problem in PARETO_PROBLEMS:
        if problem.name not in chosen:
            continue
        print(
            f"### {problem.name} (minimize, minimize), Optuna {optuna.__version__} (defaults): hypervolume against "
            f"({', '.join(map(str, PARETO_REFERENCE))}), median (IQR) over {args.seeds} seeds\n"
        )
        print(f"| sampler | {' | '.join(f'HV @{c}' for c in PARETO_COUNTS)} |\n|{'---|' * (len(PARETO_COUNTS) + 1)}")
        for sampler in PARETO_SAMPLERS:
            curves = [hypervolume_curve(problem, sampler, seed) for seed in seeds]
            print(f"| {sampler} | {' | '.join(summary([c[at] for c in curves]) for at in range(len(PARETO_COUNTS)))} |")
        print()


if __name__ == "__main__":
    main()
