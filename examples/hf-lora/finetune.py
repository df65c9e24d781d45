"""The train stage: LoRA on the base model with HuggingFace Trainer, through hpsearch.hf."""
from __future__ import annotations

import argparse
import dataclasses
import statistics
from typing import Any

from hpsearch import Trial
from hpsearch.hf import HpsearchCallback, resume_from, training_arguments
from peft import LoraConfig, get_peft_model
from transformers import DataCollatorForSeq2Seq, PrinterCallback, Trainer, set_seed

from knobs import Knobs
from model import load_base_model
from nsmc import Review, encode_prompts

IGNORE_INDEX = -100  # label positions that do not count in the loss


def training_examples(tokenizer: Any, rows: list[Review], targets: list[list[int]], max_length: int) -> list[dict[str, list[int]]]:
    """Causal-LM examples whose loss covers the label word only."""
    prompts = encode_prompts(tokenizer, rows, max_length - max(len(target) for target in targets))
    return [
        {"input_ids": ids + targets[label], "attention_mask": [1] * (len(ids) + len(targets[label])),
         "labels": [IGNORE_INDEX] * len(ids) + targets[label]}
        for ids, (_, label) in zip(prompts, rows)
    ]


@dataclasses.dataclass(frozen=True)
class Outcome:
    """How training ended: its model and final metrics, or that it was stopped or diverged."""

    model: Any
    metrics: dict[str, float]
    stopped: bool
    diverged: bool


def train(trial: Trial, args: argparse.Namespace, knobs: Knobs, tokenizer: Any, targets: list[list[int]],
          train_rows: list[Review], eval_rows: list[Review]) -> Outcome:
    set_seed(trial.seed)  # LoRA's initial weights: the same for every trial of a train key
    model = get_peft_model(load_base_model(args.model_path, args.quantize, for_training=True), LoraConfig(
        r=knobs.lora_r, lora_alpha=knobs.lora_alpha, lora_dropout=knobs.lora_dropout,
        target_modules=args.lora_target_modules if args.lora_target_modules == "all-linear" else args.lora_target_modules.split(","),
        task_type="CAUSAL_LM",
    ))
    save = {"save_strategy": "steps", "save_steps": args.save_steps} if args.save_steps else {"save_strategy": "epoch"}
    arguments = training_arguments(
        trial, trial.checkpoint_dir,
        # the reference fine-tune's settings (on a CPU host hpsearch.hf swaps optimiser and precision)
        optim="paged_adamw_32bit", fp16=True, gradient_checkpointing=True, gradient_checkpointing_kwargs={"use_reentrant": False},
        learning_rate=2e-4, num_train_epochs=3, per_device_train_batch_size=8, per_device_eval_batch_size=args.eval_batch_size,
        eval_strategy="epoch", save_total_limit=2, label_names=["labels"], remove_unused_columns=False, **save,
    )
    callback = HpsearchCallback(trial)
    trainer = Trainer(
        model=model, args=arguments,
        train_dataset=training_examples(tokenizer, train_rows, targets, knobs.max_length),
        eval_dataset=training_examples(tokenizer, eval_rows, targets, knobs.max_length),
        data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=IGNORE_INDEX),
        callbacks=[callback],
    )
    trainer.remove_callback(PrinterCallback)  # it prints every log as a Python dict on stdout
    trainer.train(resume_from_checkpoint=resume_from(trial))
    return Outcome(trainer.model, final_metrics(trainer.state.log_history), callback.stopped, callback.diverged)


def final_metrics(log_history: list[dict[str, float]]) -> dict[str, float]:
    """The last evaluation's eval_loss and the mean training loss over every logged step.

    From the log history, which a resumed run restores from its checkpoint: Trainer's own train_loss
    counts only the steps since the resume.
    """
    losses = [entry["loss"] for entry in log_history if "loss" in entry]
    evaluations = [entry["eval_loss"] for entry in log_history if "eval_loss" in entry]
    metrics = {"train_loss": statistics.fmean(losses)} if losses else {}
    return {**metrics, **({"eval_loss": evaluations[-1]} if evaluations else {})}
