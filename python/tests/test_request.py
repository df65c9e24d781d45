import json
from pathlib import Path

import pytest

from hpsearch import Request, RequestError, read_request


def write(tmp_path: Path, body: object) -> dict[str, str]:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return {"HPSEARCH_PARAMS_FILE": str(path)}


def test_reads_a_protocol_2_request(tmp_path: Path) -> None:
    environ = write(tmp_path, {
        "protocol": 2, "stage": "evaluate", "params": {"temperature": 0.7, "lr_scheduler_type": "cosine", "fp16": True},
        "seed": 4, "evaluation_seed": 90, "search_id": "s", "trial_id": "t", "ordinal": 3, "attempt": 2,
        "checkpoint_dir": "/c", "model_dir": "/m", "train_metrics": {"eval_loss": 0.5, "on_gpu": 0},
    })
    assert read_request(environ) == Request(
        protocol=2, stage="evaluate", params={"temperature": 0.7, "lr_scheduler_type": "cosine", "fp16": True}, seed=4,
        evaluation_seed=90, attempt=2, checkpoint_dir=Path("/c"), model_dir=Path("/m"), train_metrics={"eval_loss": 0.5, "on_gpu": 0.0},
        search_id="s", trial_id="t", ordinal=3,
    )


def test_reads_a_version_1_request_as_the_worker_writes_it_today(tmp_path: Path) -> None:
    environ = write(tmp_path, {"params": {"learning_rate": 1e-4}, "seed": 11, "trial_id": "t", "search_id": "s",
                               "ordinal": 0, "attempt": 1, "checkpoint_dir": "/w/checkpoints"})
    request = read_request(environ)
    assert (request.protocol, request.stage, request.model_dir, request.train_metrics) == (1, "trial", None, {})
    assert request.checkpoint_dir == Path("/w/checkpoints")
    # without an evaluation seed, a run evaluates with the trial's seed, as before repeated evaluations
    assert request.evaluation_seed == 11
    # a version 1 file has no stages, whatever it says
    assert read_request(write(tmp_path, {"stage": "train", "checkpoint_dir": "/c"})).stage == "trial"


def test_the_environment_fills_what_the_file_lacks(tmp_path: Path) -> None:
    environ = {**write(tmp_path, {"protocol": 2, "stage": "train"}), "HPSEARCH_CHECKPOINT_DIR": "/c", "HPSEARCH_MODEL_DIR": "/m"}
    request = read_request(environ)
    assert (request.checkpoint_dir, request.model_dir, request.seed, request.attempt) == (Path("/c"), Path("/m"), 0, 1)


@pytest.mark.parametrize("body, message", [
    ({"protocol": 3, "checkpoint_dir": "/c"}, "protocol 3"),
    ({"protocol": 2, "stage": "export", "checkpoint_dir": "/c"}, "stage must be one of"),
    ({"protocol": 2, "stage": "train", "checkpoint_dir": "/c"}, "needs a model_dir"),
    ({"params": {}}, "no checkpoint directory"),
    ({"checkpoint_dir": "/c", "params": []}, "params must be an object"),
    ({"checkpoint_dir": "/c", "params": {"x": {"nested": 1}}}, "params.x must be"),
    ({"checkpoint_dir": "/c", "seed": 1.5}, "seed must be an integer"),
    ({"checkpoint_dir": "/c", "evaluation_seed": "x"}, "evaluation_seed must be an integer"),
    ({"checkpoint_dir": "/c", "attempt": True}, "attempt must be an integer"),
    ({"checkpoint_dir": "/c", "attempt": 0}, "attempt must be >= 1"),
    ({"checkpoint_dir": 7}, "checkpoint_dir must be a string"),
    ({"protocol": 2, "stage": "evaluate", "checkpoint_dir": "/c", "model_dir": "/m", "train_metrics": {"a": "x"}}, "train_metrics.a"),
    ([1, 2], "expected a JSON object"),
])
def test_rejects_what_it_cannot_understand(tmp_path: Path, body: object, message: str) -> None:
    with pytest.raises(RequestError, match=message):
        read_request(write(tmp_path, body))


def test_rejects_a_missing_variable_a_missing_file_broken_json_and_an_oversized_file(tmp_path: Path) -> None:
    with pytest.raises(RequestError, match="HPSEARCH_PARAMS_FILE is not set"):
        read_request({})
    with pytest.raises(RequestError, match="cannot read"):
        read_request({"HPSEARCH_PARAMS_FILE": str(tmp_path / "missing.json")})
    broken = tmp_path / "broken.json"
    broken.write_text('{"params": ', encoding="utf-8")
    with pytest.raises(RequestError, match="not a JSON file"):
        read_request({"HPSEARCH_PARAMS_FILE": str(broken)})
    large = tmp_path / "large.json"
    large.write_text('{"params": {"x": "' + "a" * (5 * 1024 * 1024) + '"}}', encoding="utf-8")
    with pytest.raises(RequestError, match="larger than"):
        read_request({"HPSEARCH_PARAMS_FILE": str(large)})
