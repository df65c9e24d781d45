"""The hpsearch command-trainer protocol for the NSMC LoRA trainer, with no dependencies.

train.py (the real fine-tune) and standin.py (a fake model for tests) share this module, so that
everything the service sees can be tested without torch:

- the request: the JSON file named by HPSEARCH_PARAMS_FILE, and the trial's hyperparameters in it;
- stdout: one JSON object per line (progress, divergence, final eval);
- the divergence rule, the SIGTERM flag, and where to resume from in HPSEARCH_CHECKPOINT_DIR;
- label sampling with temperature and top_p, as the service's onnxruntime evaluator does it.

Python 3.10 or later (the GPU worker image has 3.10).
"""
import dataclasses
import json
import math
import os
import re
import signal
import sys

# Temperatures at or below this are greedy decoding (src/trainers/nsmc/onnx-evaluate.ts uses the same bound).
GREEDY_TEMPERATURE = 1e-6

# Exit statuses: stopped because it was asked to (128 + SIGTERM); gave up on divergence (after saying so).
STOPPED_EXIT_CODE = 143
DIVERGED_EXIT_CODE = 3


@dataclasses.dataclass(frozen=True)
class Request:
    params: dict
    seed: int
    checkpoint_dir: str
    attempt: int


def read_request() -> Request:
    """Reads the parameters file the worker wrote for this attempt."""
    path = os.environ.get("HPSEARCH_PARAMS_FILE")
    if not path:
        raise ValueError("HPSEARCH_PARAMS_FILE is not set: run this through an hpsearch worker, or point it at a JSON file like "
                         '{"params": {...}, "seed": 1, "checkpoint_dir": "/tmp/ckpt"}')
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    checkpoint_dir = os.environ.get("HPSEARCH_CHECKPOINT_DIR") or raw.get("checkpoint_dir")
    if not checkpoint_dir:
        raise ValueError("no checkpoint directory: set HPSEARCH_CHECKPOINT_DIR or checkpoint_dir in the parameters file")
    return Request(
        params=dict(raw.get("params", {})),
        seed=int(raw.get("seed", 0)),
        checkpoint_dir=checkpoint_dir,
        attempt=int(raw.get("attempt", 1)),
    )


SCHEDULER_TYPES = ("linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup")


@dataclasses.dataclass(frozen=True)
class HyperParams:
    """The knobs a search may set, named as in HuggingFace TrainingArguments, peft LoraConfig and generation config.

    Defaults are TrainingArguments' except learning_rate (2e-4, usual for LoRA); the LoRA ones are common QLoRA settings.
    """
    learning_rate: float = 2e-4
    gradient_accumulation_steps: int = 1
    num_train_epochs: int = 3
    lr_scheduler_type: str = "linear"
    per_device_train_batch_size: int = 8
    weight_decay: float = 0.0
    warmup_steps: int = 0
    lora_r: int = 8
    lora_alpha: int = 16
    lora_dropout: float = 0.05
    max_length: int = 256
    # Evaluation: how the label word is drawn from the model's next-token distribution.
    temperature: float = 0.0
    top_p: float = 1.0

    @classmethod
    def from_params(cls, params: dict) -> "HyperParams":
        """Validates trial parameters; unknown names and values of the wrong type are errors."""
        fields = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(params) - set(fields))
        if unknown:
            raise ValueError(f"unknown parameter(s): {', '.join(unknown)} (accepted: {', '.join(fields)})")
        values = {name: _coerce(name, value, fields[name].type) for name, value in params.items()}
        hp = cls(**values)
        hp._check()
        return hp

    def _check(self) -> None:
        problems = [
            message
            for ok, message in [
                (self.learning_rate > 0, "learning_rate must be > 0"),
                (self.gradient_accumulation_steps >= 1, "gradient_accumulation_steps must be >= 1"),
                (self.num_train_epochs >= 1, "num_train_epochs must be >= 1"),
                (self.lr_scheduler_type in SCHEDULER_TYPES, f"lr_scheduler_type must be one of {', '.join(SCHEDULER_TYPES)}"),
                (self.per_device_train_batch_size >= 1, "per_device_train_batch_size must be >= 1"),
                (self.weight_decay >= 0, "weight_decay must be >= 0"),
                (self.warmup_steps >= 0, "warmup_steps must be >= 0"),
                (self.lora_r >= 1, "lora_r must be >= 1"),
                (self.lora_alpha >= 1, "lora_alpha must be >= 1"),
                (0 <= self.lora_dropout < 1, "lora_dropout must be in [0, 1)"),
                (self.max_length >= 8, "max_length must be >= 8"),
                (self.temperature >= 0, "temperature must be >= 0"),
                (0 < self.top_p <= 1, "top_p must be in (0, 1]"),
            ]
            if not ok
        ]
        if problems:
            raise ValueError("; ".join(problems))


def _coerce(name: str, value, kind: type):
    if kind is str:
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if kind is int:
        if value != int(value):
            raise ValueError(f"{name} must be an integer, got {value!r}")
        return int(value)
    return float(value)


def emit(message: dict) -> None:
    """One protocol line on stdout. NaN and infinities are written as the bare tokens the service accepts."""
    sys.stdout.write(json.dumps(message, allow_nan=True) + "\n")
    sys.stdout.flush()


def emit_progress(step: int, epoch: float, loss: float, learning_rate: float) -> None:
    emit({"step": step, "epoch": epoch, "loss": loss, "learning_rate": learning_rate})


def emit_diverged(reason: str) -> None:
    emit({"status": "diverged", "reason": reason})


def emit_eval(metrics: dict) -> None:
    emit({"eval": metrics})


def divergence_reason(loss: float):
    """Why a training loss means the run diverged, or None.

    NaN or infinite: the weights are gone. Exactly 0.0: what fp16 overflow looks like in HuggingFace
    Trainer logs (a real cross-entropy is never exactly 0; train.py logs the loss unrounded so that a
    tiny, healthy loss is not mistaken for it). The service also ends a trial whose loss explodes past
    10x the first; that needs the run's history, so it stays there.
    """
    if math.isnan(loss) or math.isinf(loss):
        return f"loss became {loss}"
    if loss == 0.0:
        return "loss collapsed to exactly 0 (fp16 overflow)"
    return None


class StopFlag:
    """Set by SIGTERM (the worker cancelling the trial) or SIGINT; the training loop checks it between steps.

    The handler only sets the flag: writing to stderr from it could re-enter a write in progress.
    """

    def __init__(self) -> None:
        self.requested = False

    def install(self) -> "StopFlag":
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._handle)
        return self

    def _handle(self, _signum, _frame) -> None:
        self.requested = True


def stopped() -> int:
    """Says on stderr that the run stopped on request, and returns the exit status for it."""
    print("stopped on SIGTERM/SIGINT", file=sys.stderr, flush=True)
    return STOPPED_EXIT_CODE


CHECKPOINT_PATTERN = re.compile(r"^checkpoint-(\d+)$")
# HuggingFace Trainer writes trainer_state.json after the weights, optimizer, scheduler and RNG
# states of a checkpoint, so a checkpoint with a readable one is complete.
CHECKPOINT_STATE_FILE = "trainer_state.json"


def latest_checkpoint(checkpoint_dir: str):
    """The complete checkpoint-<step> directory with the highest step, or None.

    A directory cut short by SIGKILL has no readable trainer_state.json and is skipped.
    """
    if not os.path.isdir(checkpoint_dir):
        return None
    candidates = []
    for name in os.listdir(checkpoint_dir):
        match = CHECKPOINT_PATTERN.match(name)
        path = os.path.join(checkpoint_dir, name)
        if match and os.path.isdir(path):
            candidates.append((int(match.group(1)), path))
    for _, path in sorted(candidates, reverse=True):
        try:
            with open(os.path.join(path, CHECKPOINT_STATE_FILE), encoding="utf-8") as f:
                json.load(f)
        except (OSError, ValueError):
            continue
        return path
    return None


def softmax(logits) -> list:
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


def sample_label(probabilities, temperature: float, top_p: float, rng) -> int:
    """Draws a label index from a distribution over the label words, as HF generate() samples a token.

    Temperature first (p^(1/T), renormalised: the same as softmax(logits / T)), then nucleus filtering
    (labels in decreasing probability while the mass before them is < top_p; at least one), then one
    uniform draw from `rng` (a random.Random). Temperature <= GREEDY_TEMPERATURE is greedy and draws
    nothing, so greedy evaluation leaves the generator untouched. Mirrors sampleLabel in
    src/trainers/nsmc/onnx-evaluate.ts.
    """
    if temperature < 0 or not 0 < top_p <= 1:
        raise ValueError(f"need temperature >= 0 and 0 < top_p <= 1, got {temperature}, {top_p}")
    best = max(range(len(probabilities)), key=lambda c: probabilities[c])  # the first of equal maxima
    if temperature <= GREEDY_TEMPERATURE:
        return best
    top = probabilities[best]
    # Scaled by the largest probability first, so that small temperatures cannot overflow.
    weights = [(p / top) ** (1 / temperature) for p in probabilities]
    total = sum(weights)
    kept = []
    mass_before = 0.0
    for c in sorted(range(len(weights)), key=lambda c: -weights[c]):  # stable: ties keep label order
        if kept and mass_before >= top_p:
            break
        kept.append(c)
        mass_before += weights[c] / total
    u = rng.random() * sum(weights[c] for c in kept)
    for c in kept:
        u -= weights[c]
        if u < 0:
            return c
    return kept[-1]
