"""Checks of trial parameters, by kind, and the TrainingArguments knobs hpsearch.hf maps (no dependencies)."""
from __future__ import annotations

from collections.abc import Callable, Mapping

from .request import ParamValue

Check = Callable[[str, ParamValue], object]

LR_SCHEDULER_TYPES = ("linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup")


def number(name: str, value: ParamValue) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return float(value)


def integer(minimum: int) -> Callable[[str, ParamValue], int]:
    def check(name: str, value: ParamValue) -> int:
        as_number = number(name, value)
        if as_number != int(as_number) or as_number < minimum:
            raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
        return int(as_number)
    return check


def in_range(low: float, high: float, *, low_open: bool = False, high_open: bool = False) -> Callable[[str, ParamValue], float]:
    """A number within [low, high]; an open end excludes its bound."""
    def check(name: str, value: ParamValue) -> float:
        as_number = number(name, value)
        above = as_number > low if low_open else as_number >= low
        below = as_number < high if high_open else as_number <= high
        if not (above and below):
            interval = f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
            raise ValueError(f"{name} must be in {interval}, got {value!r}")
        return as_number
    return check


def flag(name: str, value: ParamValue) -> bool:
    if value in (True, False, 0, 1):
        return bool(value)
    raise ValueError(f"{name} must be true or false, got {value!r}")


def choice(*choices: str) -> Callable[[str, ParamValue], str]:
    def check(name: str, value: ParamValue) -> str:
        if value not in choices:
            raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
        return str(value)
    return check


def name(label: str, value: ParamValue) -> str:
    if not isinstance(value, str) or not value.replace("_", "").isalnum():
        raise ValueError(f"{label} must be a name (letters, digits, _), got {value!r}")
    return value


positive = in_range(0.0, float("inf"), low_open=True, high_open=True)
non_negative = in_range(0.0, float("inf"), high_open=True)

# Trial parameters that hpsearch.hf.training_arguments() sets on TrainingArguments of the same name.
ARGUMENT_PARAMETERS: Mapping[str, Check] = {
    "learning_rate": positive,
    "gradient_accumulation_steps": integer(1),
    "num_train_epochs": positive,
    "lr_scheduler_type": choice(*LR_SCHEDULER_TYPES),
    "warmup_steps": integer(0),
    "warmup_ratio": in_range(0.0, 1.0, high_open=True),
    "weight_decay": non_negative,
    "per_device_train_batch_size": integer(1),
    "optim": name,
    "fp16": flag,
    "bf16": flag,
}
# Trial parameters that go into lr_scheduler_kwargs, with the schedules that take them. cosine takes a
# fraction of a cycle (default 0.5), cosine_with_restarts a whole number of hard restarts (default 1).
SCHEDULER_PARAMETERS: Mapping[str, tuple[Check, tuple[str, ...]]] = {
    "num_cycles": (positive, ("cosine", "cosine_with_restarts")),
    "power": (positive, ("polynomial",)),
}
TRAINING_PARAMETERS = frozenset(ARGUMENT_PARAMETERS) | frozenset(SCHEDULER_PARAMETERS)
