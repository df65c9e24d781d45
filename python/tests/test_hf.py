# mypy: disallow-untyped-calls=False
# (transformers' model and config constructors are untyped)
"""hpsearch.hf against the real transformers: a Trainer on a tiny random Phi model, on the CPU."""
import io
import json
import math
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

import torch  # noqa: E402
import transformers  # noqa: E402

from hpsearch import Trial, latest_checkpoint  # noqa: E402
from hpsearch.hf import HpsearchCallback, resume_from, training_arguments  # noqa: E402
from hpsearch.request import parse_request  # noqa: E402

os.environ["HF_HUB_OFFLINE"] = "1"
needs_cpu_host = pytest.mark.skipif(torch.cuda.is_available(), reason="checks the CPU fallback")


def make_trial(tmp_path: Path, params: dict[str, Any] | None = None) -> tuple[Trial, io.StringIO]:
    out = io.StringIO()
    request = parse_request({"protocol": 2, "stage": "trial", "params": params or {}, "seed": 5, "checkpoint_dir": str(tmp_path)})
    return Trial(request, out), out


def messages(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


@needs_cpu_host
def test_training_arguments_map_the_trial_and_fall_back_to_the_cpu(tmp_path: Path) -> None:
    trial, out = make_trial(tmp_path, {
        "learning_rate": 3e-4, "gradient_accumulation_steps": 4.0, "num_train_epochs": 2, "lr_scheduler_type": "cosine_with_restarts",
        "num_cycles": 2, "warmup_ratio": 0.1, "weight_decay": 0.01, "per_device_train_batch_size": 16, "optim": "paged_adamw_32bit",
        "fp16": True, "lora_r": 8,
    })
    args = training_arguments(trial, tmp_path, optim="adamw_8bit", save_strategy="epoch", learning_rate=1e-3)
    assert (args.learning_rate, args.gradient_accumulation_steps, args.num_train_epochs, args.lr_scheduler_type) == (3e-4, 4, 2, "cosine_with_restarts")
    assert args.lr_scheduler_kwargs == {"num_cycles": 2}
    assert (args.warmup_ratio, args.weight_decay, args.per_device_train_batch_size, args.seed) == (0.1, 0.01, 16, 5)
    assert (args.optim, args.fp16, args.bf16, args.use_cpu) == ("adamw_torch", False, False, True)
    assert (args.save_strategy, args.logging_steps, args.logging_nan_inf_filter, args.report_to) == ("epoch", 1, False, [])
    trial.finish({})
    assert messages(out) == [{"eval": {"on_gpu": 0}}]


def test_scheduler_knobs_go_where_the_schedule_takes_them(tmp_path: Path) -> None:
    cosine = training_arguments(make_trial(tmp_path, {"lr_scheduler_type": "cosine", "num_cycles": 1.5})[0], tmp_path)
    assert cosine.lr_scheduler_kwargs == {"num_cycles": 1.5}
    linear = training_arguments(make_trial(tmp_path, {"lr_scheduler_type": "linear", "num_cycles": 2})[0], tmp_path)
    assert linear.lr_scheduler_kwargs == {}
    with pytest.raises(ValueError, match="num_cycles must be an integer"):
        training_arguments(make_trial(tmp_path, {"lr_scheduler_type": "cosine_with_restarts", "num_cycles": 1.5})[0], tmp_path)


@pytest.mark.parametrize("params, message", [
    ({"learning_rate": 0}, "learning_rate must be in"),
    ({"learning_rate": "1e-4"}, "learning_rate must be a number"),
    ({"gradient_accumulation_steps": 0}, "gradient_accumulation_steps must be an integer >= 1"),
    ({"lr_scheduler_type": "exponential"}, "lr_scheduler_type must be one of"),
    ({"warmup_ratio": 1.0}, "warmup_ratio must be in"),
    ({"fp16": "yes"}, "fp16 must be true or false"),
    ({"optim": "adamw; rm -rf /"}, "optim must be a name"),
])
def test_training_arguments_reject_bad_values(tmp_path: Path, params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        training_arguments(make_trial(tmp_path, params)[0], tmp_path)


def test_resume_from_the_newest_complete_checkpoint_and_say_so_in_the_final_metrics(tmp_path: Path) -> None:
    trial, out = make_trial(tmp_path)
    assert resume_from(trial) is None
    for step in (4, 8):
        (tmp_path / f"checkpoint-{step}").mkdir()
        (tmp_path / f"checkpoint-{step}" / "trainer_state.json").write_text(json.dumps({"global_step": step}))
    (tmp_path / "checkpoint-12").mkdir()
    assert resume_from(trial) == str(tmp_path / "checkpoint-8")
    trial.finish({"eval_loss": 0.5})
    assert messages(out) == [{"eval": {"eval_loss": 0.5, "resumed_from_step": 8}}]


class TokenDataset(torch.utils.data.Dataset[dict[str, Any]]):
    """Random token sequences: a language-modelling task a tiny model learns a little of."""

    def __init__(self, count: int, length: int = 12, vocab: int = 64) -> None:
        generator = torch.Generator().manual_seed(0)
        self.rows = torch.randint(0, vocab, (count, length), generator=generator)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return {"input_ids": self.rows[index], "labels": self.rows[index]}


def tiny_model() -> Any:
    torch.manual_seed(0)
    config = transformers.PhiConfig(vocab_size=64, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                    num_attention_heads=2, max_position_embeddings=32)
    return transformers.PhiForCausalLM(config)


def run_trainer(trial: Trial, tmp_path: Path, callbacks: list[Any], **settings: Any) -> HpsearchCallback:
    callback = HpsearchCallback(trial)
    args = training_arguments(trial, trial.checkpoint_dir, per_device_train_batch_size=4, per_device_eval_batch_size=4,
                              **settings)
    trainer = transformers.Trainer(model=tiny_model(), args=args, train_dataset=TokenDataset(24), eval_dataset=TokenDataset(8),
                                   callbacks=[callback, *callbacks])
    trainer.remove_callback(transformers.PrinterCallback)
    trainer.train(resume_from_checkpoint=resume_from(trial))
    return callback


def test_the_callback_forwards_logs_evaluations_and_checkpoints(tmp_path: Path) -> None:
    trial, out = make_trial(tmp_path, {"num_train_epochs": 2, "learning_rate": 1e-3})
    run_trainer(trial, tmp_path, [], eval_strategy="epoch", save_strategy="epoch")
    lines = messages(out)
    progress = [line for line in lines if "loss" in line]
    # 24 rows in batches of 4: 6 optimiser steps an epoch, each logged with its fractional epoch
    assert [line["step"] for line in progress] == list(range(1, 13))
    assert progress[0]["epoch"] == pytest.approx(1 / 6)
    assert all({"loss", "learning_rate", "grad_norm"} <= line.keys() for line in progress)
    assert progress[0]["learning_rate"] == pytest.approx(1e-3)
    evaluations = [line for line in lines if "eval_loss" in line]
    assert [(line["step"], line["epoch"]) for line in evaluations] == [(6, 1.0), (12, 2.0)]
    assert all(math.isfinite(line["eval_loss"]) and "eval_runtime" in line for line in evaluations)
    assert [line for line in lines if "checkpoint" in line] == [{"checkpoint": "checkpoint-6"}, {"checkpoint": "checkpoint-12"}]
    assert not any("train_runtime" in line for line in lines)  # the end-of-training summary is no progress line


@pytest.fixture
def restored_signal_handlers() -> Iterator[None]:
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


class SigtermAt(transformers.TrainerCallback):
    def __init__(self, step: int) -> None:
        self.step = step

    def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if state.global_step == self.step - 1:
            os.kill(os.getpid(), signal.SIGTERM)


def test_sigterm_saves_the_step_in_flight_and_stops(tmp_path: Path, restored_signal_handlers: None) -> None:
    trial, out = make_trial(tmp_path, {"num_train_epochs": 2})
    trial.install_stop_handler()
    callback = run_trainer(trial, tmp_path, [SigtermAt(4)], eval_strategy="epoch", save_strategy="epoch")
    assert callback.stopped and not callback.diverged
    lines = messages(out)
    assert [line["step"] for line in lines if "loss" in line] == [1, 2, 3, 4]
    assert [line for line in lines if "checkpoint" in line] == [{"checkpoint": "checkpoint-4"}]
    assert not any("eval_loss" in line for line in lines)
    assert latest_checkpoint(tmp_path) == tmp_path / "checkpoint-4"

    # the next attempt resumes there
    retry, retry_out = make_trial(tmp_path, {"num_train_epochs": 2})
    run_trainer(retry, tmp_path, [], save_strategy="epoch")
    assert [line["step"] for line in messages(retry_out) if "loss" in line] == list(range(5, 13))
    retry.finish({})
    assert messages(retry_out)[-1] == {"eval": {"on_gpu": 0, "resumed_from_step": 4}}


class PoisonLoss(transformers.TrainerCallback):
    """Turns the weights into NaN after the second step, as a learning rate far too high does."""

    def on_step_end(self, args: Any, state: Any, control: Any, model: Any = None, **kwargs: Any) -> None:
        if state.global_step == 2:
            with torch.no_grad():
                model.lm_head.weight.fill_(float("nan"))


def test_a_nan_loss_ends_the_run_as_diverged_without_a_checkpoint(tmp_path: Path) -> None:
    trial, out = make_trial(tmp_path, {"num_train_epochs": 2})
    callback = run_trainer(trial, tmp_path, [PoisonLoss()], eval_strategy="epoch", save_strategy="epoch")
    assert callback.diverged
    lines = messages(out)
    assert [line["step"] for line in lines if "loss" in line] == [1, 2, 3]
    assert math.isnan(lines[2]["loss"])
    assert lines[3] == {"status": "diverged", "reason": "loss became nan"}
    assert len(lines) == 4
    assert latest_checkpoint(tmp_path) is None


def test_a_gradient_norm_a_million_times_the_first_ends_the_run_as_diverged(tmp_path: Path) -> None:
    trial, out = make_trial(tmp_path)
    callback = HpsearchCallback(trial)
    state, control = transformers.TrainerState(), transformers.TrainerControl()
    args = transformers.TrainingArguments(output_dir=str(tmp_path), report_to="none")
    for step, grad_norm in enumerate([2.0, float("inf"), 3e5, 2.5e6], start=1):
        logs = {"loss": 6.4, "grad_norm": grad_norm, "learning_rate": 1.0}
        state.global_step = step
        state.log_history.append(logs)
        callback.on_log(args, state, control, logs=logs)
        assert control.should_training_stop == (step == 4)
    assert callback.diverged
    assert messages(out)[-1] == {"status": "diverged", "reason": "gradient norm exploded to 2.5e+06, 1.25e+06 times the first"}
