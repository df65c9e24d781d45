#!/usr/bin/env python3
"""LoRA fine-tune of a local causal LM on NSMC (Korean movie-review sentiment), as an hpsearch command trainer.

    python3 examples/hf-lora/train.py --model-path /models/base-model --train data/nsmc/train.tsv --test data/nsmc/test.tsv

A worker runs it with HPSEARCH_PARAMS_FILE (docs/trainer-protocol.md). Each review becomes the prompt
"Review: {document}\\nSentiment:" followed by its label word. Stages: `train` fine-tunes the base model
with LoRA (QLoRA on CUDA) and saves the adapter into model_dir; `evaluate` loads base model and adapter
and samples the label word after each test prompt with the trial's temperature and top_p; `trial` does
both in one run. Arguments, parameters, model directory and data files are checked before torch is imported.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import hpsearch

from knobs import Knobs
from nsmc import read_nsmc

MAX_SAMPLES = 10_000_000
MAX_BATCH = 4096


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-path", default=os.environ.get("HPSEARCH_MODEL_PATH"),
                        help="local directory of the base model and its tokenizer (default: $HPSEARCH_MODEL_PATH); nothing is downloaded")
    parser.add_argument("--train", required=True, help="NSMC training file: id<TAB>document<TAB>label (.gz read as is)")
    parser.add_argument("--test", required=True, help="NSMC test file, same format")
    parser.add_argument("--max-train-samples", type=int, help="train on the first N reviews (default: all)")
    parser.add_argument("--max-eval-samples", type=int, default=500, help="test reviews for eval_loss after each epoch (default 500)")
    parser.add_argument("--max-test-samples", type=int, help="test reviews the evaluate stage samples labels for (default: all)")
    parser.add_argument("--save-steps", type=int, default=0, help="save a checkpoint every N optimiser steps (default 0: every epoch)")
    parser.add_argument("--eval-batch-size", type=int, default=32)
    parser.add_argument("--lora-target-modules", default="all-linear",
                        help="peft target_modules: all-linear, or comma-separated module names such as q_proj,v_proj")
    parser.add_argument("--no-4bit", dest="quantize", action="store_false", help="on CUDA, train on a float16 base model instead of QLoRA's 4 bits")
    args = parser.parse_args(argv)
    for name, low, high in (("max_train_samples", 1, MAX_SAMPLES), ("max_eval_samples", 1, MAX_SAMPLES), ("max_test_samples", 1, MAX_SAMPLES),
                            ("save_steps", 0, MAX_SAMPLES), ("eval_batch_size", 1, MAX_BATCH)):
        value = getattr(args, name)
        if value is not None and not low <= value <= high:
            parser.error(f"--{name.replace('_', '-')} must be in [{low}, {high}], got {value}")
    if not args.model_path:
        parser.error("no model: pass --model-path or set HPSEARCH_MODEL_PATH to a local model directory")
    if not args.lora_target_modules.replace(",", "").replace("_", "").replace("-", "").replace(".", "").isalnum():
        parser.error(f"--lora-target-modules must be all-linear or module names, got {args.lora_target_modules!r}")
    return args


def check_model_dir(path: str) -> None:
    if not (Path(path) / "config.json").is_file():
        raise ValueError(f"no model at {path} (no config.json there). Weights are read from local files only, never "
                         "downloaded: copy the model directory (config, weights, tokenizer) to this host first")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        trial = hpsearch.current_trial()
        knobs = Knobs.from_params(trial.params)
        check_model_dir(args.model_path)
        train_rows = read_nsmc(args.train, args.max_train_samples) if trial.stage != "evaluate" else []
        eval_rows = read_nsmc(args.test, args.max_eval_samples) if trial.stage != "evaluate" else []
        test_rows = read_nsmc(args.test, args.max_test_samples) if trial.stage != "train" else []
    except (OSError, ValueError) as error:
        sys.exit(f"train.py: {error}")

    import stages  # torch, transformers, peft: seconds, and only worth it once the inputs are known good

    return stages.run(trial, args, knobs, train_rows, eval_rows, test_rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
