"""The parameters a search may set for train.py, checked before torch is imported."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from hpsearch import TRAINING_PARAMETERS
from hpsearch.parameters import Check, in_range, integer, positive
from hpsearch.request import ParamValue

# Train-stage knobs of the example itself; hpsearch.hf maps TRAINING_PARAMETERS onto TrainingArguments.
LORA_PARAMETERS: Mapping[str, Check] = {
    "lora_r": integer(1),
    "lora_alpha": positive,
    "lora_dropout": in_range(0.0, 1.0, high_open=True),
    "max_length": integer(16),  # prompt plus label tokens; a longer review loses its beginning
}
# Eval-stage knobs: how the label word is sampled.
SAMPLING_PARAMETERS: Mapping[str, Check] = {
    "temperature": in_range(0.0, 100.0),  # 0: greedy
    "top_p": in_range(0.0, 1.0, low_open=True),
}
TRAIN_STAGE = frozenset(TRAINING_PARAMETERS) | frozenset(LORA_PARAMETERS)
EVAL_STAGE = frozenset(SAMPLING_PARAMETERS)


@dataclasses.dataclass(frozen=True)
class Knobs:
    lora_r: int = 8
    lora_alpha: float = 16.0
    lora_dropout: float = 0.05
    max_length: int = 256
    temperature: float = 0.0
    top_p: float = 1.0

    @classmethod
    def from_params(cls, params: Mapping[str, ParamValue]) -> Knobs:
        """The example's own knobs; unknown names are errors (TrainingArguments ones are checked by hpsearch.hf)."""
        unknown = sorted(set(params) - TRAIN_STAGE - EVAL_STAGE)
        if unknown:
            raise ValueError(f"unknown parameter(s): {', '.join(unknown)} (accepted: {', '.join(sorted(TRAIN_STAGE | EVAL_STAGE))})")
        checks = {**LORA_PARAMETERS, **SAMPLING_PARAMETERS}
        return cls(**{name: checks[name](name, value) for name, value in params.items() if name in checks})  # type: ignore[arg-type]
