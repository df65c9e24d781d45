"""Optional (--export-onnx): the fine-tuned model as an ONNX label classifier, with the dynamo exporter.

Writes OUT/model.onnx, the tokenizer and OUT/label_head.json. The graph takes input_ids and attention_mask
(int64 [batch, sequence], prompts as nsmc.encode_prompts builds them, padded on the right) and returns
label_logits (float32 [batch, 2]: the next-token logits of each label word's first token after each
prompt's last token) and label_probs, the output names of the service's own NSMC graph.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch

from nsmc import LABEL_WORDS, PROMPT, encode_prompts

INPUTS = ["input_ids", "attention_mask"]
OUTPUTS = ["label_logits", "label_probs"]


class LabelHead(torch.nn.Module):
    def __init__(self, model: Any, label_token_ids: list[int]) -> None:
        super().__init__()
        self.model = model
        self.register_buffer("label_token_ids", torch.tensor(label_token_ids), persistent=False)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        logits = self.model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).logits
        last = attention_mask.sum(dim=1) - 1
        rows = torch.arange(input_ids.shape[0], device=input_ids.device)
        label_logits = logits[rows, last][:, self.label_token_ids].float()
        return label_logits, torch.softmax(label_logits, dim=-1)


@torch.no_grad()
def export_label_head(model: Any, tokenizer: Any, targets: list[list[int]], max_length: int, out_dir: Path) -> None:
    merged = model.merge_and_unload() if hasattr(model, "merge_and_unload") else model
    head = LabelHead(merged.eval(), [target[0] for target in targets]).to(merged.device)
    max_prompt_tokens = max_length - max(len(target) for target in targets)
    example = tokenizer.pad({"input_ids": encode_prompts(tokenizer, [("좋아요", 1), ("별로", 0)], max_prompt_tokens)},
                            padding_side="right", return_tensors="pt").to(merged.device)
    batch, sequence = torch.export.Dim("batch"), torch.export.Dim("sequence")
    out_dir.mkdir(parents=True, exist_ok=True)
    program = torch.onnx.export(head, (example["input_ids"], example["attention_mask"]), dynamo=True,
                                input_names=INPUTS, output_names=OUTPUTS,
                                dynamic_shapes={"input_ids": {0: batch, 1: sequence}, "attention_mask": {0: batch, 1: sequence}})
    program.save(str(out_dir / "model.onnx"), external_data=True)
    tokenizer.save_pretrained(out_dir)
    (out_dir / "label_head.json").write_text(json.dumps({
        "prompt": PROMPT, "label_words": list(LABEL_WORDS), "label_token_ids": head.label_token_ids.tolist(),
        "max_prompt_tokens": max_prompt_tokens, "truncation_side": "left", "padding_side": "right",
        "inputs": INPUTS, "outputs": OUTPUTS,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
