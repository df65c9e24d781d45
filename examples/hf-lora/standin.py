#!/usr/bin/env python3
"""A stand-in for train.py with no dependencies: the same protocol flow around a fake model.

It takes train.py's hyperparameters (plus `sleep_seconds` per optimizer step, for tests), then, as
train.py does through HuggingFace Trainer:
- trains by mini-batch gradient descent with gradient accumulation, the HF learning-rate schedules
  (warmup_steps, lr_scheduler_type) and decoupled weight decay, printing a progress line per optimizer
  step with HF's fractional epoch;
- saves checkpoint-<step>/ into HPSEARCH_CHECKPOINT_DIR at the end of each epoch (weights first,
  trainer_state.json last, only the newest kept) and resumes from the newest complete one;
- on SIGTERM, stops after the current step without saving;
- evaluates by drawing each label word from the model's label distribution with temperature and
  top_p (protocol.sample_label, seeded by the trial's seed) and prints eval_accuracy, eval_loss and
  greedy_accuracy.

The fake model: reviews are reduced to one number of evidence e (label 1: around +1, label 0: around
-1, overlapping), and the model is one weight w with P(positive) = sigmoid(w * e). Learning rates
above 0.1 make the weight overflow after the first step, so the loss turns NaN: a diverged trial.
The LoRA knobs and max_length are validated and otherwise ignored.
"""
import json
import math
import os
import random
import shutil
import sys
import time

import protocol

TRAIN_EXAMPLES = 48
EVAL_EXAMPLES = 400
# The fake dataset is fixed, like data files; the trial seed only drives shuffling and sampling.
DATA_SEED = 20240
# Gradients are scaled so that learning rates usual for LoRA (1e-4 .. 1e-2) visibly train the weight.
GRADIENT_GAIN = 1000.0
DIVERGENT_LEARNING_RATE = 0.1
MODEL_FILE = "model.json"


def fake_dataset(count: int, rng: random.Random) -> list:
    """(evidence, label) pairs."""
    examples = []
    for _ in range(count):
        label = rng.randrange(2)
        examples.append(((2 * label - 1) + rng.gauss(0, 1.2), label))
    return examples


def label_probabilities(w: float, evidence: float) -> list:
    """[P(negative), P(positive)]: the model's next-token distribution restricted to the two label words."""
    return protocol.softmax([-w * evidence / 2, w * evidence / 2])


def cross_entropy(w: float, evidence: float, label: int) -> float:
    margin = w * evidence * (2 * label - 1)
    return math.log1p(math.exp(-margin)) if margin > -30 else -margin


def gradient(w: float, evidence: float, label: int) -> float:
    sign = 2 * label - 1
    return -sign * evidence / (1 + math.exp(min(700.0, w * evidence * sign)))


def lr_multiplier(hp: protocol.HyperParams, step: int, total_steps: int) -> float:
    """HuggingFace get_scheduler's multiplier for optimizer step `step` (0-based), default num_cycles/power."""
    warmup = hp.warmup_steps
    kind = hp.lr_scheduler_type
    if kind == "constant":
        return 1.0
    if step < warmup:
        return step / max(1, warmup)
    if kind == "constant_with_warmup":
        return 1.0
    progress = (step - warmup) / max(1, total_steps - warmup)
    if kind == "linear":
        return max(0.0, 1 - progress)
    if kind in ("cosine", "cosine_with_restarts"):  # with one cycle a restart never happens
        return 0.5 * (1 + math.cos(math.pi * progress))
    lr_end = 1e-7  # polynomial, power 1
    return ((hp.learning_rate - lr_end) * max(0.0, 1 - progress) + lr_end) / hp.learning_rate


def save_checkpoint(checkpoint_dir: str, step: int, epoch: int, w: float) -> None:
    path = os.path.join(checkpoint_dir, f"checkpoint-{step}")
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, MODEL_FILE), "w", encoding="utf-8") as f:
        json.dump({"w": w}, f)
    with open(os.path.join(path, protocol.CHECKPOINT_STATE_FILE), "w", encoding="utf-8") as f:
        json.dump({"global_step": step, "epoch": epoch}, f)
    for name in os.listdir(checkpoint_dir):
        if protocol.CHECKPOINT_PATTERN.match(name) and name != f"checkpoint-{step}":
            shutil.rmtree(os.path.join(checkpoint_dir, name), ignore_errors=True)


def evaluate(w: float, hp: protocol.HyperParams, seed: int) -> dict:
    examples = fake_dataset(EVAL_EXAMPLES, random.Random(DATA_SEED + 1))
    rng = random.Random(seed)
    sampled = greedy = 0
    loss = 0.0
    for evidence, label in examples:
        probabilities = label_probabilities(w, evidence)
        sampled += protocol.sample_label(probabilities, hp.temperature, hp.top_p, rng) == label
        greedy += protocol.sample_label(probabilities, 0.0, 1.0, rng) == label
        loss += cross_entropy(w, evidence, label)
    return {"eval_accuracy": sampled / len(examples), "eval_loss": loss / len(examples), "greedy_accuracy": greedy / len(examples)}


def main() -> int:
    stop = protocol.StopFlag().install()
    try:
        request = protocol.read_request()
        params = dict(request.params)
        sleep_seconds = float(params.pop("sleep_seconds", 0))
        hp = protocol.HyperParams.from_params(params)
    except (OSError, ValueError) as error:
        sys.exit(f"standin.py: {error}")

    train = fake_dataset(TRAIN_EXAMPLES, random.Random(DATA_SEED))
    batch = hp.per_device_train_batch_size
    micro_batches = math.ceil(len(train) / batch)
    steps_per_epoch = math.ceil(micro_batches / hp.gradient_accumulation_steps)
    total_steps = steps_per_epoch * hp.num_train_epochs

    w, step, epochs_done = 0.0, 0, 0
    resume = protocol.latest_checkpoint(request.checkpoint_dir)
    if resume:
        with open(os.path.join(resume, MODEL_FILE), encoding="utf-8") as f:
            w = json.load(f)["w"]
        with open(os.path.join(resume, protocol.CHECKPOINT_STATE_FILE), encoding="utf-8") as f:
            state = json.load(f)
        step, epochs_done = state["global_step"], state["epoch"]
        print(f"attempt {request.attempt}: resuming from {resume} (epoch {epochs_done}, step {step})", file=sys.stderr, flush=True)

    for epoch in range(epochs_done, hp.num_train_epochs):
        order = list(range(len(train)))
        random.Random(request.seed * 1000 + epoch).shuffle(order)  # the same shuffle on a resumed attempt
        for first in range(0, micro_batches, hp.gradient_accumulation_steps):
            group = range(first, min(first + hp.gradient_accumulation_steps, micro_batches))
            examples = [train[i] for m in group for i in order[m * batch:(m + 1) * batch]]
            loss = sum(cross_entropy(w, e, y) for e, y in examples) / len(examples)
            grad = sum(gradient(w, e, y) for e, y in examples) / len(examples)
            learning_rate = hp.learning_rate * lr_multiplier(hp, step, total_steps)
            w -= learning_rate * (GRADIENT_GAIN * grad + hp.weight_decay * w)
            if hp.learning_rate > DIVERGENT_LEARNING_RATE:
                w = math.nan
            step += 1
            protocol.emit_progress(step, epoch + (group[-1] + 1) / micro_batches, loss, learning_rate)
            reason = protocol.divergence_reason(loss)
            if reason:
                protocol.emit_diverged(reason)
                return protocol.DIVERGED_EXIT_CODE
            time.sleep(sleep_seconds)
            if stop.requested:
                return protocol.stopped()
        save_checkpoint(request.checkpoint_dir, step, epoch + 1, w)

    protocol.emit_eval(evaluate(w, hp, request.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
