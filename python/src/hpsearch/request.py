"""The request file a worker writes for each run of a command trainer (docs/trainer-protocol.md)."""
from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, cast

Stage = Literal["trial", "train", "evaluate"]
ParamValue = str | int | float | bool

SUPPORTED_PROTOCOLS = (1, 2)
STAGES: tuple[Stage, ...] = ("trial", "train", "evaluate")
# A request holds parameters, ids and a few metrics: far below this.
MAX_REQUEST_BYTES = 4 * 1024 * 1024
MAX_PARAMS = 1024


class RequestError(ValueError):
    """The request file is missing or is not one this package understands."""


@dataclasses.dataclass(frozen=True)
class Request:
    protocol: int
    stage: Stage
    params: Mapping[str, ParamValue]
    seed: int
    evaluation_seed: int
    attempt: int
    checkpoint_dir: Path
    model_dir: Path | None
    train_metrics: Mapping[str, float]
    search_id: str | None
    trial_id: str | None
    ordinal: int | None


def read_request(environ: Mapping[str, str] = os.environ) -> Request:
    """Reads and checks the file named by HPSEARCH_PARAMS_FILE; the environment fills what a version 1 file lacks."""
    path = environ.get("HPSEARCH_PARAMS_FILE")
    if not path:
        raise RequestError("HPSEARCH_PARAMS_FILE is not set: run this through an hpsearch worker, or point it at a JSON file "
                           'such as {"protocol": 2, "stage": "trial", "params": {}, "seed": 0, "checkpoint_dir": "/tmp/ckpt"}')
    try:
        with open(path, "rb") as f:
            raw_bytes = f.read(MAX_REQUEST_BYTES + 1)
    except OSError as error:
        raise RequestError(f"cannot read the request file {path}: {error}") from error
    if len(raw_bytes) > MAX_REQUEST_BYTES:
        raise RequestError(f"{path}: the request file is larger than {MAX_REQUEST_BYTES} bytes")
    try:
        raw = json.loads(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise RequestError(f"{path}: not a JSON file: {error}") from error
    if not isinstance(raw, dict):
        raise RequestError(f"{path}: expected a JSON object, got {type(raw).__name__}")
    return parse_request(cast(dict[str, object], raw), environ)


def parse_request(raw: Mapping[str, object], environ: Mapping[str, str] = os.environ) -> Request:
    protocol = _integer(raw, "protocol", default=1)
    if protocol not in SUPPORTED_PROTOCOLS:
        raise RequestError(f"protocol {protocol} is not one this package speaks ({', '.join(map(str, SUPPORTED_PROTOCOLS))}): upgrade it")
    stage = raw.get("stage", "trial") if protocol >= 2 else "trial"
    if stage not in STAGES:
        raise RequestError(f"stage must be one of {', '.join(STAGES)}, got {stage!r}")
    checkpoint_dir = _string(raw, "checkpoint_dir") or environ.get("HPSEARCH_CHECKPOINT_DIR")
    if not checkpoint_dir:
        raise RequestError("no checkpoint directory: the request has no checkpoint_dir and HPSEARCH_CHECKPOINT_DIR is not set")
    model_dir = _string(raw, "model_dir") or environ.get("HPSEARCH_MODEL_DIR") or None
    if stage != "trial" and not model_dir:
        raise RequestError(f"stage {stage} needs a model_dir")
    seed = _integer(raw, "seed", default=0)
    attempt = _integer(raw, "attempt", default=1)
    if attempt < 1:
        raise RequestError(f"attempt must be >= 1, got {attempt}")
    return Request(
        protocol=protocol,
        stage=cast(Stage, stage),
        params=_params(raw.get("params", {})),
        seed=seed,
        evaluation_seed=_integer(raw, "evaluation_seed", default=seed),
        attempt=attempt,
        checkpoint_dir=Path(checkpoint_dir),
        model_dir=Path(model_dir) if model_dir else None,
        train_metrics=_metrics(raw.get("train_metrics", {})),
        search_id=_string(raw, "search_id"),
        trial_id=_string(raw, "trial_id"),
        ordinal=_optional_integer(raw, "ordinal"),
    )


def _integer(raw: Mapping[str, object], key: str, default: int) -> int:
    value = _optional_integer(raw, key)
    return default if value is None else value


def _optional_integer(raw: Mapping[str, object], key: str) -> int | None:
    value = raw.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise RequestError(f"{key} must be an integer, got {value!r}")
    return value


def _string(raw: Mapping[str, object], key: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise RequestError(f"{key} must be a string, got {value!r}")
    return value


def _params(value: object) -> dict[str, ParamValue]:
    if not isinstance(value, dict):
        raise RequestError(f"params must be an object, got {value!r}")
    if len(value) > MAX_PARAMS:
        raise RequestError(f"params has {len(value)} entries, more than {MAX_PARAMS}")
    for name, param in value.items():
        if not isinstance(param, (str, int, float, bool)):
            raise RequestError(f"params.{name} must be a string, number or boolean, got {param!r}")
    return dict(value)


def _metrics(value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        raise RequestError(f"train_metrics must be an object, got {value!r}")
    metrics: dict[str, float] = {}
    for name, metric in value.items():
        if isinstance(metric, bool) or not isinstance(metric, (int, float)):
            raise RequestError(f"train_metrics.{name} must be a number, got {metric!r}")
        metrics[name] = float(metric)
    return metrics
