"""The GPU half of train.py: transformers + peft LoRA fine-tune, evaluation, ONNX export of the label head.

Protocol details (stdout lines, divergence, SIGTERM, checkpoints) come from protocol.py; this module
wires them into HuggingFace Trainer.
"""
import json
import os
import random
import sys

import onnx
import torch
from peft import LoraConfig, get_peft_model
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    DataCollatorForSeq2Seq,
    PrinterCallback,
    Trainer,
    TrainerCallback,
    TrainingArguments,
    set_seed,
)

import protocol

PROMPT = "Review: {document}\nSentiment:"
PROMPT_TAIL = "\nSentiment:"
IGNORE_INDEX = -100  # labels with this value do not count in the loss
ONNX_INPUTS = ["input_ids", "attention_mask"]
ONNX_OUTPUTS = ["label_logits", "label_probs"]  # the output names of the service's own NSMC graph (src/trainers/nsmc/onnx-export.ts)


class LabelHead(torch.nn.Module):
    """The causal LM as a classifier: next-token logits after the prompt, restricted to the label words.

    Inputs  input_ids, attention_mask: int64 [batch, sequence], prompts padded on the right.
    Outputs label_logits: float32 [batch, labels], the logits of the first token of each label word
            (label order: 0 = negative, 1 = positive); label_probs = softmax(label_logits).
    The evaluation runs this module and the ONNX file is this module, so the two cannot disagree.
    """

    def __init__(self, model, label_token_ids):
        super().__init__()
        self.model = model
        self.register_buffer("label_token_ids", torch.tensor(label_token_ids), persistent=False)

    def forward(self, input_ids, attention_mask):
        logits = self.model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).logits
        last = attention_mask.sum(dim=1) - 1  # the position of each prompt's last token
        rows = torch.arange(input_ids.shape[0], device=input_ids.device)
        label_logits = logits[rows, last][:, self.label_token_ids].float()
        return label_logits, torch.softmax(label_logits, dim=-1)


def label_targets(tokenizer, words) -> list:
    """The token ids each label word adds after the prompt.

    Found by tokenizing the prompt's tail with and without the word, so that merges across the boundary
    show up as an error rather than as a silently wrong target.
    """
    tail = tokenizer(PROMPT_TAIL, add_special_tokens=False)["input_ids"]
    targets = []
    for word in words:
        ids = tokenizer(PROMPT_TAIL + word, add_special_tokens=False)["input_ids"]
        if ids[:len(tail)] != tail or len(ids) == len(tail):
            raise ValueError(f"this tokenizer merges label word {word!r} into the prompt; choose other --label-words")
        targets.append(ids[len(tail):])
    if len({target[0] for target in targets}) != len(targets):
        raise ValueError(f"label words {words!r} start with the same token for this tokenizer, so the next-token "
                         "distribution cannot tell them apart; choose other --label-words (e.g. negative,positive)")
    return targets


def encode_prompts(tokenizer, rows, max_tokens: int) -> list:
    """Prompt token ids per review. Long reviews lose their beginning (truncation_side is left), so the prompt
    always ends with "Sentiment:"."""
    return tokenizer([PROMPT.format(document=document) for document, _ in rows], truncation=True, max_length=max_tokens)["input_ids"]


def training_examples(prompts, rows, targets) -> list:
    """Causal-LM examples whose loss covers the label word only."""
    examples = []
    for prompt, (_, label) in zip(prompts, rows):
        target = targets[label]
        examples.append({
            "input_ids": prompt + target,
            "attention_mask": [1] * (len(prompt) + len(target)),
            "labels": [IGNORE_INDEX] * len(prompt) + target,
        })
    return examples


def load_model(model_path: str, hp: protocol.HyperParams, target_modules: str, seed: int):
    model = AutoModelForCausalLM.from_pretrained(model_path, torch_dtype=torch.float16, device_map={"": 0}, local_files_only=True)
    model.config.use_cache = False  # the KV cache is useless in training and clashes with gradient checkpointing
    set_seed(seed)  # LoRA's initial weights: the same for every trial of a search
    lora = LoraConfig(
        r=hp.lora_r,
        lora_alpha=hp.lora_alpha,
        lora_dropout=hp.lora_dropout,
        target_modules=target_modules if target_modules == "all-linear" else target_modules.split(","),
        task_type="CAUSAL_LM",
    )
    # peft keeps the adapter weights in float32 over the float16 base model, as fp16 mixed precision needs.
    return get_peft_model(model, lora)


class ExactLossTrainer(Trainer):
    """Trainer whose logged training loss is not rounded.

    Trainer rounds it to 4 decimals, so a healthy loss below 5e-5 would be logged as exactly 0.0, which the
    protocol (and the service) take for fp16 overflow. The mean is taken as Trainer takes it: the sum of
    training_step's results since the last log over the optimizer steps in between.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loss_sum = None
        self._window_start = 0

    def training_step(self, *args, **kwargs):
        loss = super().training_step(*args, **kwargs)
        if self._loss_sum is None:
            self._loss_sum, self._window_start = loss, self.state.global_step
        else:
            self._loss_sum = self._loss_sum + loss
        return loss

    def log(self, logs, *args, **kwargs):
        if "loss" in logs and self._loss_sum is not None:
            logs["loss"] = self._loss_sum.item() / max(1, self.state.global_step - self._window_start)
            self._loss_sum = None
        super().log(logs, *args, **kwargs)


class ProtocolCallback(TrainerCallback):
    """Prints progress lines, stops on divergence or SIGTERM."""

    def __init__(self, stop: protocol.StopFlag):
        self.stop = stop
        self.diverged = False

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not logs or "loss" not in logs:  # the end-of-training summary has train_loss instead
            return
        loss = float(logs["loss"])
        protocol.emit_progress(state.global_step, state.epoch, loss, float(logs.get("learning_rate", 0.0)))
        reason = protocol.divergence_reason(loss)
        if reason:
            protocol.emit_diverged(reason)
            self.diverged = True
            control.should_training_stop = True

    def on_step_end(self, args, state, control, **kwargs):
        if self.stop.requested:
            control.should_training_stop = True

    def on_epoch_end(self, args, state, control, **kwargs):
        # A stop mid-epoch still ends the epoch, where save_strategy="epoch" would save a checkpoint of a
        # cancelled or diverged run. Skip it: the process exits within the kill grace, and a retry resumes
        # from the end of the last finished epoch.
        if self.diverged or self.stop.requested:
            control.should_save = False


def training_arguments(hp: protocol.HyperParams, checkpoint_dir: str, seed: int, logging_steps: int) -> TrainingArguments:
    return TrainingArguments(
        output_dir=checkpoint_dir,
        seed=seed,
        learning_rate=hp.learning_rate,
        gradient_accumulation_steps=hp.gradient_accumulation_steps,
        num_train_epochs=hp.num_train_epochs,
        lr_scheduler_type=hp.lr_scheduler_type,
        per_device_train_batch_size=hp.per_device_train_batch_size,
        weight_decay=hp.weight_decay,
        warmup_steps=hp.warmup_steps,
        optim="paged_adamw_32bit",
        fp16=True,
        gradient_checkpointing=True,
        # Non-reentrant checkpointing passes gradients to the adapters although the frozen embeddings need none.
        gradient_checkpointing_kwargs={"use_reentrant": False},
        logging_strategy="steps",
        logging_steps=logging_steps,
        # By default Trainer replaces a NaN/inf step loss by the running mean: divergence would never be logged.
        logging_nan_inf_filter=False,
        save_strategy="epoch",
        save_total_limit=1,  # resuming needs only the newest
        label_names=["labels"],
        remove_unused_columns=False,
        report_to="none",
        disable_tqdm=True,  # stderr stays readable: the service reports its tail when a trial fails
    )


@torch.no_grad()
def evaluate(head: LabelHead, tokenizer, prompts, rows, hp: protocol.HyperParams, seed: int, batch_size: int, stop: protocol.StopFlag):
    """eval_accuracy (label words sampled with temperature and top_p), eval_loss (cross-entropy of the label
    distribution) and greedy_accuracy; None when stopped. Reviews are taken in file order, so the seeded
    draws are the same on every run."""
    rng = random.Random(seed)
    sampled = greedy = 0
    loss = 0.0
    device = head.label_token_ids.device
    for start in range(0, len(prompts), batch_size):
        if stop.requested:
            return None
        batch = tokenizer.pad([{"input_ids": ids} for ids in prompts[start:start + batch_size]], return_tensors="pt").to(device)
        truth = torch.tensor([label for _, label in rows[start:start + batch_size]], device=device)
        logits, probabilities = head(batch["input_ids"], batch["attention_mask"])
        loss += torch.nn.functional.cross_entropy(logits, truth, reduction="sum").item()
        for row, label in zip(probabilities.tolist(), truth.tolist()):
            sampled += protocol.sample_label(row, hp.temperature, hp.top_p, rng) == label
            greedy += protocol.sample_label(row, 0.0, 1.0, rng) == label
    return {"eval_accuracy": sampled / len(rows), "eval_loss": loss / len(rows), "greedy_accuracy": greedy / len(rows)}


@torch.no_grad()
def export_onnx(head: LabelHead, tokenizer, prompts, words, max_tokens: int, out_dir: str) -> None:
    """Writes out_dir/model.onnx (LabelHead's inputs and outputs; weights past 2 GB go to files next to it,
    as ONNX's external data), the tokenizer, and label_head.json saying how to build the inputs."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "model.onnx")
    example = tokenizer.pad([{"input_ids": ids} for ids in prompts[:2]], return_tensors="pt").to(head.label_token_ids.device)
    torch.onnx.export(
        head,
        (example["input_ids"], example["attention_mask"]),
        path,
        input_names=ONNX_INPUTS,
        output_names=ONNX_OUTPUTS,
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                      "label_logits": {0: "batch"}, "label_probs": {0: "batch"}},
        opset_version=17,
        dynamo=False,  # the TorchScript exporter: dynamic_axes as above (torch 2.9 made the dynamo exporter the default)
    )
    onnx.checker.check_model(path)  # by path, so that a model with external weights can be checked
    tokenizer.save_pretrained(out_dir)
    with open(os.path.join(out_dir, "label_head.json"), "w", encoding="utf-8") as f:
        json.dump({
            "prompt": PROMPT,
            "label_words": words,
            "label_token_ids": head.label_token_ids.tolist(),
            "max_prompt_tokens": max_tokens,
            "truncation_side": "left",
            "padding_side": "right",
            "inputs": ONNX_INPUTS,
            "outputs": ONNX_OUTPUTS,
        }, f, ensure_ascii=False, indent=2)


def run(args, request: protocol.Request, hp: protocol.HyperParams, words, train_rows, test_rows, stop: protocol.StopFlag) -> int:
    if not torch.cuda.is_available():
        sys.exit("train.py: no CUDA device is visible; fp16 training with paged AdamW needs a GPU")
    tokenizer = AutoTokenizer.from_pretrained(args.model_path, local_files_only=True)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "right"  # LabelHead reads each prompt's last real token
    tokenizer.truncation_side = "left"
    try:
        targets = label_targets(tokenizer, words)
    except ValueError as error:
        sys.exit(f"train.py: {error}")
    max_tokens = hp.max_length - max(len(target) for target in targets)
    if max_tokens < 8:
        sys.exit(f"train.py: max_length {hp.max_length} leaves no room for the prompt")
    train_set = training_examples(encode_prompts(tokenizer, train_rows, max_tokens), train_rows, targets)
    test_prompts = encode_prompts(tokenizer, test_rows, max_tokens)

    model = load_model(args.model_path, hp, args.lora_target_modules, request.seed)
    if stop.requested:
        return protocol.stopped()
    callback = ProtocolCallback(stop)
    trainer = ExactLossTrainer(
        model=model,
        args=training_arguments(hp, request.checkpoint_dir, request.seed, args.logging_steps),
        train_dataset=train_set,
        data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=IGNORE_INDEX),
        callbacks=[callback],
    )
    trainer.remove_callback(PrinterCallback)  # it prints every log as a Python dict on stdout; ProtocolCallback prints them
    resume = protocol.latest_checkpoint(request.checkpoint_dir)
    if resume:
        print(f"attempt {request.attempt}: resuming from {resume}", file=sys.stderr, flush=True)
    trainer.train(resume_from_checkpoint=resume)
    if callback.diverged:
        return protocol.DIVERGED_EXIT_CODE
    if stop.requested:
        return protocol.stopped()

    merged = trainer.model.merge_and_unload()  # LoRA folded into the base weights: the model that gets exported
    head = LabelHead(merged, [target[0] for target in targets]).to(merged.device).eval()
    metrics = evaluate(head, tokenizer, test_prompts, test_rows, hp, request.seed, args.eval_batch_size, stop)
    if metrics is None:
        return protocol.stopped()
    if not args.skip_onnx:
        export_onnx(head, tokenizer, test_prompts, words, max_tokens, os.path.join(request.checkpoint_dir, "onnx"))
    # Last, so that a trial the service records as succeeded has its ONNX model.
    protocol.emit_eval(metrics)
    return 0
