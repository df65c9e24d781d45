"""Finding the checkpoint to resume from in a checkpoint directory."""
from __future__ import annotations

import json
import re
from pathlib import Path

CHECKPOINT_NAME = re.compile(r"^checkpoint-(\d+)$")
# HuggingFace Trainer writes trainer_state.json after the weights, optimizer, scheduler and RNG states
# of a checkpoint, so a checkpoint whose trainer_state.json reads back is complete.
TRAINER_STATE_FILE = "trainer_state.json"


def checkpoint_step(checkpoint: str | Path) -> int | None:
    """The global step a complete checkpoint-<step> directory was saved at, or None when it is not complete."""
    path = Path(checkpoint)
    if not CHECKPOINT_NAME.match(path.name) or not path.is_dir():
        return None
    try:
        state = json.loads((path / TRAINER_STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    step = state.get("global_step") if isinstance(state, dict) else None
    return step if isinstance(step, int) and not isinstance(step, bool) else None


def latest_checkpoint(checkpoint_dir: str | Path) -> Path | None:
    """The complete checkpoint-<step> directory with the highest step, or None.

    One cut short by SIGKILL has no readable trainer_state.json and is passed over.
    """
    root = Path(checkpoint_dir)
    if not root.is_dir():
        return None
    found = [(step, path) for path in root.iterdir() if (step := checkpoint_step(path)) is not None]
    return max(found)[1] if found else None
