#!/usr/bin/env python3
"""A small trainer that speaks the hpsearch command-trainer protocol, with no dependencies.

Protocol: read the JSON file named by HPSEARCH_PARAMS_FILE ({"params": {...}, "seed": ..., "checkpoint_dir": ...}),
print one JSON object per line on stdout ({"step": n, "epoch": e, "loss": ..., "learning_rate": ...}),
finish with {"eval": {"eval_accuracy": ..., "eval_loss": ...}}, keep checkpoints in HPSEARCH_CHECKPOINT_DIR,
and stop cleanly on SIGTERM.

The "model" is a noisy quadratic in log10(learning_rate); learning rates above 1e-1 diverge (loss becomes NaN).
Extra knobs for tests: sleep_seconds (per step), dataloader_workers (child processes that live as long as training).
"""
import json
import math
import os
import random
import signal
import subprocess
import sys
import time

def main() -> int:
    with open(os.environ["HPSEARCH_PARAMS_FILE"]) as f:
        request = json.load(f)
    params = request["params"]
    checkpoint_dir = os.environ["HPSEARCH_CHECKPOINT_DIR"]
    lr = float(params.get("learning_rate", 1e-3))
    epochs = int(params.get("num_train_epochs", 2))
    steps_per_epoch = int(params.get("steps_per_epoch", 5))
    sleep_seconds = float(params.get("sleep_seconds", 0))
    workers = [subprocess.Popen(["sleep", "3600"]) for _ in range(int(params.get("dataloader_workers", 0)))]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    state_file = os.path.join(checkpoint_dir, "state.json")
    state = {"epoch": 0, "step": 0}
    if os.path.exists(state_file):
        with open(state_file) as f:
            state = json.load(f)
        print(f"resuming from epoch {state['epoch']}", file=sys.stderr)

    rng = random.Random(request["seed"])
    gap = math.log10(lr) + 3
    final_loss = 0.3 + 0.1 * gap * gap
    total = epochs * steps_per_epoch
    for epoch in range(state["epoch"] + 1, epochs + 1):
        for _ in range(steps_per_epoch):
            state["step"] += 1
            progress = state["step"] / total
            loss = float("nan") if lr > 0.1 and progress > 0.3 else 0.7 + (final_loss - 0.7) * progress
            print(json.dumps({"step": state["step"], "epoch": epoch, "loss": loss, "learning_rate": lr * (1 - progress)}), flush=True)
            time.sleep(sleep_seconds)
        state["epoch"] = epoch
        tmp = state_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(state, f)
        os.replace(tmp, state_file)

    accuracy = max(0.5, min(1.0, 0.9 - 0.05 * gap * gap + rng.gauss(0, 0.002)))
    print(json.dumps({"eval": {"eval_accuracy": accuracy, "eval_loss": final_loss}}), flush=True)
    for worker in workers:
        worker.terminate()
    return 0

if __name__ == "__main__":
    sys.exit(main())
