"""One run of a command trainer as the trainer sees it: its request, and the messages it writes on stdout."""
from __future__ import annotations

import json
import math
import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from types import FrameType
from typing import TextIO

from .request import ParamValue, Request, Stage, read_request

Metric = int | float

# Exit statuses after a stop on SIGTERM (128 + 15, as if the signal had ended the process) and after diverged().
STOPPED_EXIT_STATUS = 143
DIVERGED_EXIT_STATUS = 3


class Trial:
    """Speaks docs/trainer-protocol.md for one run: progress, checkpoints, divergence, final metrics, SIGTERM."""

    def __init__(self, request: Request, out: TextIO | None = None) -> None:
        self.request = request
        self._out = out
        self._stop_requested = False
        self._final_extras: dict[str, Metric] = {}

    # The request, under the protocol's names.
    @property
    def stage(self) -> Stage:
        return self.request.stage

    @property
    def params(self) -> Mapping[str, ParamValue]:
        return self.request.params

    @property
    def seed(self) -> int:
        return self.request.seed

    @property
    def evaluation_seed(self) -> int:
        """The seed of this evaluation's sampling: the trial's seed on its first evaluation, another on each repeat."""
        return self.request.evaluation_seed

    @property
    def attempt(self) -> int:
        return self.request.attempt

    @property
    def checkpoint_dir(self) -> Path:
        return self.request.checkpoint_dir

    @property
    def model_dir(self) -> Path | None:
        return self.request.model_dir

    @property
    def train_metrics(self) -> Mapping[str, float]:
        return self.request.train_metrics

    @property
    def trial_id(self) -> str | None:
        return self.request.trial_id

    @property
    def search_id(self) -> str | None:
        return self.request.search_id

    def install_stop_handler(self) -> Trial:
        """SIGTERM (cancellation, pruning) and SIGINT set the flag should_stop() reads, nothing more: a handler
        that wrote or raised could break a write or a checkpoint in progress."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_stop_signal)
        return self

    def _on_stop_signal(self, _signum: int, _frame: FrameType | None) -> None:
        self._stop_requested = True

    def should_stop(self) -> bool:
        return self._stop_requested

    def report(self, step: int, epoch: float | None = None, **metrics: Metric) -> None:
        """Progress at an optimiser step: `{"step": 12, "epoch": 0.5, "loss": 0.41, ...}`."""
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise ValueError(f"step must be an integer >= 0, got {step!r}")
        message: dict[str, object] = {"step": step}
        if epoch is not None:
            message["epoch"] = float(epoch)
        message.update(_checked_metrics(metrics))
        self._emit(message)

    def checkpoint_saved(self, name: str) -> None:
        """Says that checkpoint_dir/<name> is complete, so the worker may keep it for a retry elsewhere."""
        if not name or Path(name).name != name or name in (".", ".."):
            raise ValueError(f"a checkpoint is named by a directory in checkpoint_dir, got {name!r}")
        if not (self.checkpoint_dir / name).is_dir():
            raise ValueError(f"no checkpoint {name} in {self.checkpoint_dir}")
        self._emit({"checkpoint": name})

    def diverged(self, reason: str) -> None:
        """Gives up on the run: the trial ends diverged. Exit with DIVERGED_EXIT_STATUS afterwards."""
        self._emit({"status": "diverged", "reason": reason})

    def add_final_metrics(self, **metrics: Metric) -> None:
        """Metrics that finish() adds to the final line, such as resumed_from_step or on_gpu."""
        self._final_extras.update(_checked_metrics(metrics))

    def finish(self, metrics: Mapping[str, Metric]) -> None:
        """The stage's final metrics, `{"eval": {...}}`; the last message of a successful run."""
        self._emit({"eval": {**_checked_metrics(metrics), **self._final_extras}})

    def _emit(self, message: Mapping[str, object]) -> None:
        out = self._out or sys.stdout
        # NaN and infinities as the bare tokens the protocol allows
        out.write(json.dumps(message, allow_nan=True) + "\n")
        out.flush()


def _checked_metrics(metrics: Mapping[str, object]) -> dict[str, Metric]:
    checked: dict[str, Metric] = {}
    for name, value in metrics.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"metric {name} must be a number, got {value!r}")
        checked[name] = value
    return checked


def divergence_reason(loss: float) -> str | None:
    """Why a training loss means the run diverged, or None.

    NaN or infinite: the weights are gone. Exactly 0.0: what fp16 overflow looks like in HuggingFace
    Trainer logs; a real cross-entropy is never exactly 0.
    """
    if math.isnan(loss) or math.isinf(loss):
        return f"loss became {loss}"
    if loss == 0.0:
        return "loss collapsed to exactly 0 (fp16 overflow)"
    return None


_current: Trial | None = None


def current_trial() -> Trial:
    """This process's trial, read from HPSEARCH_PARAMS_FILE on the first call, with the SIGTERM handler installed."""
    global _current
    if _current is None:
        _current = Trial(read_request()).install_stop_handler()
    return _current
