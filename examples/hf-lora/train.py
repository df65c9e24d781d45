#!/usr/bin/env python3
"""LoRA fine-tune of a local causal LM on NSMC (Korean movie-review sentiment), as an hpsearch command trainer.

    python3 examples/hf-lora/train.py --model-path /models/<model> --train data/nsmc/train.tsv --test data/nsmc/test.tsv

The worker runs it with HPSEARCH_PARAMS_FILE and HPSEARCH_CHECKPOINT_DIR set (see README.md next to this
file). Each review becomes the prompt "Review: {document}\\nSentiment:" followed by its label word; the
model learns the label word, and is evaluated by drawing the label word from its next-token
distribution restricted to the label words, with the trial's temperature and top_p.

This file checks the configuration (parameters, model directory, data files) before torch is imported,
so that a misconfigured worker fails within a second with a clear message; finetune.py does the work.
"""
import argparse
import csv
import gzip
import os
import sys

import protocol


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-path", default=os.environ.get("HPSEARCH_MODEL_PATH"),
                        help="local directory of the base model and its tokenizer (default: $HPSEARCH_MODEL_PATH); nothing is downloaded")
    parser.add_argument("--train", required=True, help="NSMC training file: TSV with header id, document, label (.gz read transparently)")
    parser.add_argument("--test", required=True, help="NSMC test file, same format")
    parser.add_argument("--label-words", default="부정,긍정",
                        help="words for label 0 and label 1, comma-separated; each follows 'Sentiment:' after a space (default: 부정,긍정)")
    parser.add_argument("--lora-target-modules", default="all-linear",
                        help="peft target_modules: all-linear, or comma-separated module names such as q_proj,v_proj")
    parser.add_argument("--logging-steps", type=int, default=1, help="optimizer steps per progress line")
    parser.add_argument("--eval-batch-size", type=int, default=32)
    parser.add_argument("--skip-onnx", action="store_true", help="do not export the ONNX label head (it is as large as the model)")
    return parser.parse_args(argv)


def read_nsmc(path: str) -> list:
    """(document, label) pairs of an NSMC file; rows with an empty document are skipped.

    Quoting is off: the corpus wraps some reviews in runs of '"' that are part of the text.
    """
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != ["id", "document", "label"]:
            raise ValueError(f"{path}: expected the header id<TAB>document<TAB>label, got {header!r}")
        rows = []
        for row in reader:
            if not row:
                continue
            if len(row) != 3 or row[2] not in ("0", "1"):
                raise ValueError(f"{path}:{reader.line_num}: expected id<TAB>document<TAB>0|1, got {row!r}")
            if row[1].strip():
                rows.append((row[1], int(row[2])))
    if not rows:
        raise ValueError(f"{path}: no reviews")
    return rows


def check_model_dir(path) -> None:
    if not path:
        raise ValueError("no model: pass --model-path or set HPSEARCH_MODEL_PATH to a local model directory")
    if not os.path.isfile(os.path.join(path, "config.json")):
        raise ValueError(f"no model at {path} (no config.json there). Weights are read from local files only, never "
                         "downloaded: copy the model directory (config, weights, tokenizer) to this host first")


def main(argv) -> int:
    args = parse_args(argv)
    try:
        request = protocol.read_request()
        hp = protocol.HyperParams.from_params(request.params)
        words = [" " + word.strip() for word in args.label_words.split(",")]
        if len(words) != 2 or not all(word.strip() for word in words):
            raise ValueError(f"--label-words needs two words (label 0, label 1), got {args.label_words!r}")
        if args.logging_steps < 1 or args.eval_batch_size < 1:
            raise ValueError("--logging-steps and --eval-batch-size must be >= 1")
        check_model_dir(args.model_path)
        train_rows, test_rows = read_nsmc(args.train), read_nsmc(args.test)
    except (OSError, ValueError) as error:
        sys.exit(f"train.py: {error}")

    stop = protocol.StopFlag().install()
    try:
        import finetune  # imports torch, transformers, peft: seconds, and only worth it once the inputs are known good
    except ImportError as error:
        sys.exit(f"train.py: {error}. Install the GPU stack: pip install -r examples/hf-lora/requirements.txt")
    return finetune.run(args, request, hp, words, train_rows, test_rows, stop)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
