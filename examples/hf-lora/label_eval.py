"""The evaluate stage: the label word after each test prompt, drawn with generate() at the trial's
temperature and top_p (greedy at temperature 0), scored against the review's label."""
from __future__ import annotations

import argparse
from typing import Any

import torch
from hpsearch import Trial

from knobs import Knobs
from nsmc import Review, encode_prompts


@torch.no_grad()
def evaluate(trial: Trial, args: argparse.Namespace, knobs: Knobs, model: Any, tokenizer: Any, targets: list[list[int]],
             rows: list[Review]) -> dict[str, float] | None:
    """eval_accuracy: the sampled first token is the label word's; greedy_accuracy: the most probable one is;
    eval_invalid: the sampled token starts neither label word; eval_label_loss: cross-entropy of the label
    restricted to the two label words' first tokens. None when stopped."""
    model.eval()
    device = next(model.parameters()).device
    label_tokens = torch.tensor([target[0] for target in targets], device=device)
    prompts = encode_prompts(tokenizer, rows, knobs.max_length - max(len(target) for target in targets))
    sampling = ({"do_sample": True, "temperature": knobs.temperature, "top_p": knobs.top_p, "top_k": 0}
                if knobs.temperature > 0 else {"do_sample": False})
    torch.manual_seed(trial.evaluation_seed)  # the same draws on every run of the same evaluation; a repeat draws anew
    sampled = greedy = invalid = 0
    label_loss = 0.0
    for start in range(0, len(prompts), args.eval_batch_size):
        if trial.should_stop():
            return None
        batch = tokenizer.pad({"input_ids": prompts[start:start + args.eval_batch_size]}, padding_side="left", return_tensors="pt").to(device)
        truth = torch.tensor([label for _, label in rows[start:start + args.eval_batch_size]], device=device)
        out = model.generate(**batch, max_new_tokens=1, output_logits=True, return_dict_in_generate=True,
                             pad_token_id=tokenizer.pad_token_id, **sampling)
        drawn = out.sequences[:, -1]
        logits = out.logits[0].float()
        sampled += int((drawn == label_tokens[truth]).sum())
        invalid += int((~torch.isin(drawn, label_tokens)).sum())
        greedy += int((logits.argmax(dim=-1) == label_tokens[truth]).sum())
        label_loss += float(torch.nn.functional.cross_entropy(logits[:, label_tokens], truth, reduction="sum"))
    count = len(prompts)
    return {"eval_accuracy": sampled / count, "greedy_accuracy": greedy / count, "eval_invalid": invalid / count,
            "eval_label_loss": label_loss / count}
