import io
import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hpsearch import Trial, divergence_reason
from hpsearch.request import parse_request

SOURCE_ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}


def make_trial(tmp_path: Path) -> tuple[Trial, io.StringIO]:
    out = io.StringIO()
    return Trial(parse_request({"protocol": 2, "stage": "trial", "checkpoint_dir": str(tmp_path)}), out), out


def lines(out: io.StringIO) -> list[object]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_progress_checkpoint_divergence_and_final_lines(tmp_path: Path) -> None:
    trial, out = make_trial(tmp_path)
    (tmp_path / "checkpoint-5").mkdir()
    trial.report(3, 0.5, loss=0.41, learning_rate=2e-4)
    trial.report(4, grad_norm=1)
    trial.checkpoint_saved("checkpoint-5")
    trial.diverged("loss became nan")
    trial.add_final_metrics(resumed_from_step=5)
    trial.finish({"eval_accuracy": 0.8})
    assert lines(out) == [
        {"step": 3, "epoch": 0.5, "loss": 0.41, "learning_rate": 2e-4},
        {"step": 4, "grad_norm": 1},
        {"checkpoint": "checkpoint-5"},
        {"status": "diverged", "reason": "loss became nan"},
        {"eval": {"eval_accuracy": 0.8, "resumed_from_step": 5}},
    ]


def test_nan_and_infinity_are_written_as_bare_tokens(tmp_path: Path) -> None:
    trial, out = make_trial(tmp_path)
    trial.report(1, loss=math.nan, grad_norm=math.inf)
    assert out.getvalue() == '{"step": 1, "loss": NaN, "grad_norm": Infinity}\n'


@pytest.mark.parametrize("step", [-1, 1.5, True])
def test_a_step_is_an_integer_at_least_0(tmp_path: Path, step: int) -> None:
    trial, out = make_trial(tmp_path)
    with pytest.raises(ValueError, match="step must be"):
        trial.report(step, loss=1.0)
    assert out.getvalue() == ""


def test_metrics_are_numbers(tmp_path: Path) -> None:
    trial, _ = make_trial(tmp_path)
    with pytest.raises(ValueError, match="metric loss must be a number"):
        trial.report(1, loss="0.4")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="metric ok must be a number"):
        trial.finish({"ok": True})


@pytest.mark.parametrize("name", ["../elsewhere", "a/b", "", "..", "checkpoint-9"])
def test_a_checkpoint_is_a_directory_in_checkpoint_dir(tmp_path: Path, name: str) -> None:
    trial, out = make_trial(tmp_path)
    with pytest.raises(ValueError):
        trial.checkpoint_saved(name)
    assert out.getvalue() == ""


def test_divergent_losses() -> None:
    for loss in (math.nan, math.inf, -math.inf, 0.0):
        assert divergence_reason(loss), loss
    for loss in (1e-9, 0.69, 12.0):
        assert divergence_reason(loss) is None, loss


def test_sigterm_only_sets_the_flag_the_run_reads(tmp_path: Path) -> None:
    # in a child process, so that the handler does not outlive the test
    script = textwrap.dedent("""
        import os, signal, sys
        from hpsearch import Trial
        from hpsearch.request import parse_request
        trial = Trial(parse_request({"checkpoint_dir": sys.argv[1]})).install_stop_handler()
        before = trial.should_stop()
        os.kill(os.getpid(), signal.SIGTERM)
        print(before, trial.should_stop())
    """)
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True, env=SOURCE_ENV)
    assert result.stdout.split() == ["False", "True"]


def test_current_trial_reads_the_request_once(tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"protocol": 2, "stage": "trial", "params": {"lr": 1}, "seed": 3, "checkpoint_dir": str(tmp_path)}))
    script = "import hpsearch; a = hpsearch.current_trial(); print(a is hpsearch.current_trial(), a.seed, dict(a.params))"
    env = {**SOURCE_ENV, "HPSEARCH_PARAMS_FILE": str(request)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.strip() == "True 3 {'lr': 1}"
