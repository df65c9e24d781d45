"""HuggingFace Trainer glue for a Trial. Importing this module imports transformers and torch.

    trial = hpsearch.current_trial()
    args = training_arguments(trial, trial.checkpoint_dir, optim="paged_adamw_32bit", fp16=True, save_strategy="epoch")
    trainer = Trainer(model=..., args=args, callbacks=[HpsearchCallback(trial)], ...)
    trainer.train(resume_from_checkpoint=resume_from(trial))
"""
from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments

from .checkpoints import checkpoint_step, latest_checkpoint
from .parameters import ARGUMENT_PARAMETERS, SCHEDULER_PARAMETERS, integer
from .trial import Trial, divergence_reason

# What a host without CUDA trains with: bitsandbytes' paged and 8-bit optimisers need CUDA.
CPU_OPTIMIZER = "adamw_torch"
# Trainer's end-of-training log (train_runtime, train_loss, ...) is a summary, not progress at a step.
SUMMARY_LOG_KEY = "train_runtime"
# A finite gradient norm this many times the run's first one: the weights are running away. Gradient
# clipping keeps the loss of such a run finite for a long time (it is how a learning rate of 1.0 shows in
# float32); an infinite norm alone is not divergence, since fp16 loss scaling skips such steps by design.
GRADIENT_EXPLOSION_FACTOR = 1e6


def training_arguments(trial: Trial, output_dir: str | Path, **settings: Any) -> TrainingArguments:
    """TrainingArguments for this trial.

    `settings` are the script's own TrainingArguments; a knob the trial's parameters set (TRAINING_PARAMETERS)
    wins over the same one there. The device is chosen here: on a host without CUDA training runs on the CPU
    with adamw_torch in float32 whatever was asked, says so on stderr, and the final metrics get on_gpu 0.
    """
    arguments: dict[str, Any] = {
        "seed": trial.seed,
        "report_to": "none",
        "disable_tqdm": True,  # stderr stays readable: a failed trial's error is its tail
        "logging_strategy": "steps",
        "logging_steps": 1,
        # by default Trainer logs the running mean in place of a NaN or infinite loss: divergence would never show
        "logging_nan_inf_filter": False,
        **settings,
        "output_dir": str(output_dir),
    }
    for name, check in ARGUMENT_PARAMETERS.items():
        if name in trial.params:
            arguments[name] = check(name, trial.params[name])
    schedule = arguments.get("lr_scheduler_type", "linear")
    scheduler_kwargs = dict(arguments.get("lr_scheduler_kwargs") or {})
    for name, (check, schedules) in SCHEDULER_PARAMETERS.items():
        if name not in trial.params:
            continue
        value = check(name, trial.params[name])
        if schedule not in schedules:
            _say(f"{name} applies to {' and '.join(schedules)} only; ignored with lr_scheduler_type {schedule}")
        elif name == "num_cycles" and schedule == "cosine_with_restarts":
            scheduler_kwargs[name] = integer(1)(name, trial.params[name])
        else:
            scheduler_kwargs[name] = value
    if scheduler_kwargs:
        arguments["lr_scheduler_kwargs"] = scheduler_kwargs

    if torch.cuda.is_available():
        trial.add_final_metrics(on_gpu=1)
    else:
        asked = {key: arguments[key] for key in ("optim", "fp16", "bf16") if arguments.get(key) not in (None, False, CPU_OPTIMIZER)}
        if asked:
            _say(f"no CUDA device: training on the CPU with {CPU_OPTIMIZER} in float32 instead of {asked}")
        arguments.update(optim=CPU_OPTIMIZER, fp16=False, bf16=False, use_cpu=True)
        trial.add_final_metrics(on_gpu=0)
    return TrainingArguments(**arguments)


def resume_from(trial: Trial) -> str | None:
    """The newest complete checkpoint in the trial's checkpoint_dir (a retry's, or one restored from the
    artifact store), for trainer.train(resume_from_checkpoint=...); its step goes into the final metrics
    as resumed_from_step. None on a fresh start."""
    checkpoint = latest_checkpoint(trial.checkpoint_dir)
    if checkpoint is None:
        return None
    step = checkpoint_step(checkpoint)
    trial.add_final_metrics(resumed_from_step=step or 0)
    _say(f"attempt {trial.attempt}: resuming from {checkpoint}")
    return str(checkpoint)


class HpsearchCallback(TrainerCallback):
    """Forwards Trainer's logs and evaluations to the trial, announces checkpoints, and stops training on
    SIGTERM (after saving a checkpoint at the step in flight) or on a divergent loss (without saving)."""

    def __init__(self, trial: Trial) -> None:
        self.trial = trial
        self.diverged = False
        self.stopped = False

    def on_log(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
               logs: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        if not logs or SUMMARY_LOG_KEY in logs:
            return
        # evaluations come through on_evaluate as well: they are forwarded there
        values = {key: value for key, value in _numbers(logs).items() if not key.startswith("eval_")}
        if values:
            self.trial.report(state.global_step, state.epoch, **values)
        loss = values.get("loss")
        reason = (None if loss is None else divergence_reason(loss)) or _gradient_explosion(state.log_history)
        if reason and not self.diverged:
            self.diverged = True
            self.trial.diverged(reason)
            control.should_training_stop = True
            control.should_save = False
            control.should_evaluate = False

    def on_evaluate(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                    metrics: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        values = _numbers(metrics or {})
        if values:
            self.trial.report(state.global_step, state.epoch, **values)

    def on_save(self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any) -> None:
        name = f"checkpoint-{state.global_step}"
        if args.output_dir and Path(args.output_dir).resolve() == self.trial.checkpoint_dir.resolve() and (self.trial.checkpoint_dir / name).is_dir():
            self.trial.checkpoint_saved(name)

    def on_step_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any) -> None:
        if self.trial.should_stop() and not self.diverged and not self.stopped:
            self.stopped = True
            control.should_save = True
            control.should_training_stop = True

    def on_epoch_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any) -> None:
        # a stopped or diverged run leaves its epoch early: no second save or evaluation at the same step
        if self.stopped or self.diverged:
            control.should_save = False
            control.should_evaluate = False


def _gradient_explosion(log_history: list[dict[str, float]]) -> str | None:
    """Why the newest logged gradient norm means divergence, or None (Trainer appends a log before on_log)."""
    norms = [entry["grad_norm"] for entry in log_history if 0 < entry.get("grad_norm", math.nan) < math.inf]
    if len(norms) < 2 or not norms[-1] > GRADIENT_EXPLOSION_FACTOR * norms[0] or log_history[-1].get("grad_norm") != norms[-1]:
        return None
    return f"gradient norm exploded to {norms[-1]:.3g}, {norms[-1] / norms[0]:.3g} times the first"


def _numbers(values: Mapping[str, Any]) -> dict[str, float]:
    return {key: float(value) for key, value in values.items()
            if key != "epoch" and isinstance(value, (int, float)) and not isinstance(value, bool)}


def _say(line: str) -> None:
    print(f"hpsearch: {line}", file=sys.stderr, flush=True)
