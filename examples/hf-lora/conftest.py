"""Fixtures of the example's tests: a tiny model built offline, and train.py run as a worker runs it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# Small enough for the whole suite to stay within minutes on two cores.
DATA_FLAGS = ["--train", str(REPO / "data/nsmc/train.tsv"), "--test", str(REPO / "data/nsmc/test.tsv"),
              "--max-train-samples", "96", "--max-eval-samples", "16", "--max-test-samples", "32", "--eval-batch-size", "16"]
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("transformers")
    out = tmp_path_factory.mktemp("tiny-phi")
    subprocess.run([sys.executable, str(HERE / "build_tiny_model.py"), str(out)], check=True, env={**os.environ, **OFFLINE})
    return out


class Run:
    """train.py started as the worker starts a command trainer: request file, environment, stdout lines."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.messages: list[dict[str, Any]] = []

    def lines(self) -> Iterator[dict[str, Any]]:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                self.messages.append(message)
                yield message

    def finish(self) -> Run:
        for _ in self.lines():
            pass
        self.process.wait(timeout=600)
        return self

    @property
    def progress(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if "step" in m]

    @property
    def final(self) -> dict[str, Any]:
        [final] = [m["eval"] for m in self.messages if "eval" in m]
        return dict(final)


def start(model: Path, work_dir: Path, request: dict[str, Any], *flags: str) -> Run:
    """Writes the request as src/trainers/command/index.ts does (version 1 without "protocol") and starts train.py."""
    work_dir.mkdir(parents=True, exist_ok=True)
    request_file = work_dir / f"params-attempt-{request.get('attempt', 1)}.json"
    request_file.write_text(json.dumps(request), encoding="utf-8")
    env = {**os.environ, **OFFLINE, "HPSEARCH_PARAMS_FILE": str(request_file), "HPSEARCH_CHECKPOINT_DIR": request["checkpoint_dir"],
           "HPSEARCH_TRIAL_ID": request["trial_id"]}
    if "protocol" in request:
        env.update(HPSEARCH_PROTOCOL=str(request["protocol"]), HPSEARCH_STAGE=request["stage"], HPSEARCH_ATTEMPT=str(request["attempt"]))
        if "model_dir" in request:
            env["HPSEARCH_MODEL_DIR"] = request["model_dir"]
    command = [sys.executable, str(HERE / "train.py"), "--model-path", str(model), *DATA_FLAGS, *flags]
    return Run(subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=REPO))
