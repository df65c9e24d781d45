#!/usr/bin/env python3
"""Builds a small randomly initialised Phi model with a tokenizer trained on NSMC, offline, in seconds.

    python3 examples/hf-lora/build_tiny_model.py OUT_DIR [--hidden-size 96 --layers 2]

The tokenizer is a byte-level BPE trained (with `tokenizers`) on the prompts and label words of the NSMC
training file; the model is PhiForCausalLM from a config, saved with save_pretrained. It stands in for a
real base model in tests (defaults: under 1M parameters) and on a GPU check (--hidden-size 768 --layers 12:
about 100M). Nothing is downloaded.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nsmc import LABEL_WORDS, prompt, read_nsmc

DEFAULT_TRAIN = Path(__file__).resolve().parents[2] / "data" / "nsmc" / "train.tsv"
SPECIAL_TOKENS = {"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": "<pad>"}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="NSMC file the tokenizer learns from")
    parser.add_argument("--vocab-size", type=int, default=2000)
    parser.add_argument("--hidden-size", type=int, default=96)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--max-positions", type=int, default=512)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for name in ("vocab_size", "hidden_size", "layers", "heads", "max_positions"):
        if not 1 <= getattr(args, name) <= 65536:
            parser.error(f"--{name.replace('_', '-')} must be in [1, 65536]")
    if args.hidden_size % args.heads:
        parser.error("--hidden-size must be a multiple of --heads")
    return args


def build(args: argparse.Namespace) -> int:
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import PhiConfig, PhiForCausalLM, PreTrainedTokenizerFast

    texts = [f"{prompt(document)} {LABEL_WORDS[label]}" for document, label in read_nsmc(args.train)]
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(texts, vocab_size=args.vocab_size, min_frequency=2,
                            special_tokens=sorted(set(SPECIAL_TOKENS.values())), show_progress=False)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, model_max_length=args.max_positions, **SPECIAL_TOKENS)

    torch.manual_seed(args.seed)
    config = PhiConfig(
        vocab_size=len(tokenizer),
        hidden_size=args.hidden_size,
        intermediate_size=4 * args.hidden_size,
        num_hidden_layers=args.layers,
        num_attention_heads=args.heads,
        max_position_embeddings=args.max_positions,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = PhiForCausalLM(config)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(args.out_dir)
    tokenizer.save_pretrained(args.out_dir)
    print(f"{args.out_dir}: PhiForCausalLM, {model.num_parameters():,} parameters, vocabulary {len(tokenizer)}")
    return 0


if __name__ == "__main__":
    sys.exit(build(parse_args(sys.argv[1:])))
