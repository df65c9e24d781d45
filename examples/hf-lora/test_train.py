"""train.py end to end on a tiny Phi model built offline, run as a worker runs it (CPU, seconds per run)."""
from __future__ import annotations

import math
import re
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from hpsearch import checkpoint_step, latest_checkpoint

from conftest import Run, start

# 96 reviews in batches of 8: 12 optimiser steps an epoch
STEPS_PER_EPOCH = 12
TRAIN_PARAMS = {"learning_rate": 1e-2, "num_train_epochs": 1, "max_length": 48, "lora_r": 4}


def request(tmp_path: Path, name: str, params: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"params": params, "seed": 11, "search_id": "s", "trial_id": name, "ordinal": 0, "attempt": 1,
            "checkpoint_dir": str(tmp_path / name / "checkpoints"), **fields}


@pytest.fixture(scope="module")
def trained(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    """A train stage with two hard restarts of the cosine schedule."""
    tmp_path = tmp_path_factory.mktemp("train-stage")
    model_dir = tmp_path / "model"
    params = {**TRAIN_PARAMS, "lr_scheduler_type": "cosine_with_restarts", "num_cycles": 2}
    run = start(tiny_model, tmp_path, request(tmp_path, "train", params, protocol=2, stage="train", model_dir=str(model_dir))).finish()
    assert run.process.returncode == 0
    return run, model_dir


def test_the_train_stage_reports_each_step_evaluates_checkpoints_and_saves_the_adapter(trained: tuple[Run, Path]) -> None:
    run, model_dir = trained
    losses = [m for m in run.progress if "loss" in m]
    assert [m["step"] for m in losses] == list(range(1, STEPS_PER_EPOCH + 1))
    assert losses[0]["epoch"] == pytest.approx(1 / STEPS_PER_EPOCH)
    assert all(math.isfinite(m["loss"]) and "grad_norm" in m for m in losses)
    [evaluation] = [m for m in run.progress if "eval_loss" in m]
    assert (evaluation["step"], evaluation["epoch"]) == (STEPS_PER_EPOCH, 1.0)
    assert {"checkpoint": f"checkpoint-{STEPS_PER_EPOCH}"} in run.messages
    assert run.final == {"train_loss": pytest.approx(sum(m["loss"] for m in losses) / len(losses)),
                         "eval_loss": evaluation["eval_loss"], "on_gpu": 0}
    assert (model_dir / "adapter_config.json").is_file() and (model_dir / "adapter_model.safetensors").is_file()


def test_cosine_with_restarts_and_two_cycles_raises_the_learning_rate_again_mid_run(trained: tuple[Run, Path]) -> None:
    rates = [m["learning_rate"] for m in trained[0].progress if "learning_rate" in m]
    assert rates[0] == pytest.approx(1e-2)
    rises = [step for step in range(1, len(rates)) if rates[step] > rates[step - 1]]
    # the restart: once, half-way
    assert len(rises) == 1 and abs(rises[0] - STEPS_PER_EPOCH / 2) <= 1
    assert rates[rises[0]] == pytest.approx(1e-2, rel=0.01)  # near the peak: the restart falls between two steps


def test_evaluate_stage_samples_with_the_trials_temperature_from_one_trained_adapter(
        trained: tuple[Run, Path], tiny_model: Path, tmp_path: Path) -> None:
    train_run, model_dir = trained

    def evaluate(name: str, temperature: float, top_p: float) -> dict[str, Any]:
        params = {**TRAIN_PARAMS, "temperature": temperature, "top_p": top_p}
        run = start(tiny_model, tmp_path, request(tmp_path, name, params, protocol=2, stage="evaluate", model_dir=str(model_dir),
                                                  train_metrics=train_run.final)).finish()
        assert run.process.returncode == 0
        assert run.progress == []
        return run.final

    greedy = evaluate("t0", 0, 1)
    hot = evaluate("t1.5", 1.5, 1.0)
    assert evaluate("t1.5-again", 1.5, 1.0) == hot  # seeded
    assert greedy["eval_accuracy"] == greedy["greedy_accuracy"]
    assert hot["greedy_accuracy"] == greedy["greedy_accuracy"]
    assert hot["eval_invalid"] > greedy["eval_invalid"]
    assert hot["eval_accuracy"] != greedy["eval_accuracy"]
    # the worker adds the training's metrics (train_metrics) to the trial's
    assert set(greedy) == {"eval_accuracy", "greedy_accuracy", "eval_invalid", "eval_label_loss", "eval_on_gpu"}
    assert greedy["eval_on_gpu"] == 0


def test_a_run_killed_after_a_checkpoint_resumes_and_ends_as_an_uninterrupted_one(tiny_model: Path, tmp_path: Path) -> None:
    """A version 1 request, as the worker writes it today: stage trial."""
    params = {**TRAIN_PARAMS, "temperature": 1.0, "top_p": 0.9}
    uninterrupted = start(tiny_model, tmp_path, request(tmp_path, "uninterrupted", params), "--save-steps", "4").finish()
    assert uninterrupted.process.returncode == 0

    killed = start(tiny_model, tmp_path, request(tmp_path, "resumed", params), "--save-steps", "4")
    for message in killed.lines():
        if message.get("step", 0) >= 6 and {"checkpoint": "checkpoint-4"} in killed.messages:
            os.kill(killed.process.pid, signal.SIGKILL)
            break
    killed.process.wait(timeout=60)
    assert killed.process.returncode == -signal.SIGKILL

    assert not any("eval" in m for m in killed.messages)
    # checkpoint-4, or checkpoint-8 where the kill came a little late
    checkpoint = latest_checkpoint(tmp_path / "resumed" / "checkpoints")
    resumed_at = checkpoint_step(checkpoint) if checkpoint else None
    assert resumed_at in (4, 8)

    resumed = start(tiny_model, tmp_path, request(tmp_path, "resumed", params, attempt=2), "--save-steps", "4").finish()
    assert resumed.process.returncode == 0
    assert resumed.progress[0]["step"] == resumed_at + 1
    assert resumed.final == {**uninterrupted.final, "resumed_from_step": resumed_at}
    assert [m for m in resumed.progress if "loss" in m] == [m for m in uninterrupted.progress if "loss" in m][resumed_at:]


def test_learning_rate_10_diverges(tiny_model: Path, tmp_path: Path) -> None:
    # In float32 under gradient clipping lr 1.0 only stalls the loss (about 6.4 from 7.4); at 10 it is NaN by step 4.
    params = {"learning_rate": 10.0, "num_train_epochs": 1, "max_length": 48}
    run = start(tiny_model, tmp_path, request(tmp_path, "diverged", params), "--max-train-samples", "200").finish()
    [diverged] = [m for m in run.messages if m.get("status") == "diverged"]
    assert re.match("loss became|gradient norm exploded", diverged["reason"])
    assert run.process.returncode == 3
    assert not any("eval" in m for m in run.messages)
