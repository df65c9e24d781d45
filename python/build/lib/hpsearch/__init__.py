"""The trainer side of the hpsearch command-trainer protocol (docs/trainer-protocol.md).

    trial = hpsearch.current_trial()
    for step in ...:
        trial.report(step, epoch, loss=loss, learning_rate=lr)
        if trial.should_stop(): ...
    trial.finish({"eval_accuracy": accuracy})

hpsearch.hf has the HuggingFace Trainer glue; this package itself needs nothing but the standard library.
"""
from .checkpoints import checkpoint_step, latest_checkpoint
from .parameters import TRAINING_PARAMETERS
from .request import Request, RequestError, Stage, read_request
from .trial import DIVERGED_EXIT_STATUS, STOPPED_EXIT_STATUS, Trial, current_trial, divergence_reason

__all__ = [
    "DIVERGED_EXIT_STATUS",
    "STOPPED_EXIT_STATUS",
    "TRAINING_PARAMETERS",
    "Request",
    "RequestError",
    "Stage",
    "Trial",
    "checkpoint_step",
    "current_trial",
    "divergence_reason",
    "latest_checkpoint",
    "read_request",
]
