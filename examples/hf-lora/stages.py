"""The stages of train.py: train, evaluate, or both in one run (trial)."""
from __future__ import annotations

import argparse
import sys
from typing import Any

import hpsearch
from hpsearch import Trial

from finetune import train
from knobs import Knobs
from label_eval import evaluate
from model import load_adapted_model, load_tokenizer, on_gpu
from nsmc import Review, label_targets


def run(trial: Trial, args: argparse.Namespace, knobs: Knobs, train_rows: list[Review], eval_rows: list[Review],
        test_rows: list[Review]) -> int:
    tokenizer = load_tokenizer(args.model_path)
    try:
        targets = label_targets(tokenizer)
    except ValueError as error:
        sys.exit(f"train.py: {error}")
    if knobs.max_length - max(len(target) for target in targets) < 8:
        sys.exit(f"train.py: max_length {knobs.max_length} leaves no room for the prompt")

    metrics: dict[str, float] = {}
    model: Any = None
    if trial.stage in ("train", "trial"):
        outcome = train(trial, args, knobs, tokenizer, targets, train_rows, eval_rows)
        if outcome.diverged:
            return hpsearch.DIVERGED_EXIT_STATUS
        if outcome.stopped:
            return stopped()
        model, metrics = outcome.model, outcome.metrics
        if trial.model_dir is not None:
            outcome.model.save_pretrained(trial.model_dir)
    if trial.stage in ("evaluate", "trial"):
        if model is None:
            assert trial.model_dir is not None  # the request requires one for this stage
            model = load_adapted_model(args.model_path, trial.model_dir, args.quantize)
        evaluation = evaluate(trial, args, knobs, model, tokenizer, targets, test_rows)
        if evaluation is None:
            return stopped()
        metrics = {**metrics, **evaluation, "eval_on_gpu": int(on_gpu())}
    trial.finish(metrics)
    return 0


def stopped() -> int:
    print("train.py: stopped on SIGTERM", file=sys.stderr, flush=True)
    return hpsearch.STOPPED_EXIT_STATUS
