"""NSMC (Korean movie-review sentiment) as the HF LoRA example uses it: the files and the prompt."""
from __future__ import annotations

import csv
import gzip
from pathlib import Path
from typing import Any

PROMPT = "Review: {document}\nSentiment:"
PROMPT_TAIL = "\nSentiment:"
# Label 0 (negative), label 1 (positive); each follows the prompt after a space.
LABEL_WORDS = ("부정", "긍정")

Review = tuple[str, int]


def read_nsmc(path: str | Path, limit: int | None = None) -> list[Review]:
    """(document, label) pairs of an NSMC file (id<TAB>document<TAB>label; .gz read as is), in file order,
    at most `limit`; rows with an empty document are skipped. Quoting is off: the corpus wraps some reviews
    in runs of '"' that are part of the text."""
    opener = gzip.open if str(path).endswith(".gz") else open
    rows: list[Review] = []
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != ["id", "document", "label"]:
            raise ValueError(f"{path}: expected the header id<TAB>document<TAB>label, got {header!r}")
        for row in reader:
            if limit is not None and len(rows) >= limit:
                break
            if not row:
                continue
            if len(row) != 3 or row[2] not in ("0", "1"):
                raise ValueError(f"{path}:{reader.line_num}: expected id<TAB>document<TAB>0|1, got {row!r}")
            if row[1].strip():
                rows.append((row[1], int(row[2])))
    if not rows:
        raise ValueError(f"{path}: no reviews")
    return rows


def prompt(document: str) -> str:
    return PROMPT.format(document=document)


def label_targets(tokenizer: Any, words: tuple[str, str] = LABEL_WORDS) -> list[list[int]]:
    """The token ids each label word (after a space) adds to a prompt.

    Found by tokenizing the prompt's tail with and without the word, so that a merge across the boundary
    is an error rather than a silently wrong target.
    """
    tail = tokenizer(PROMPT_TAIL, add_special_tokens=False)["input_ids"]
    targets = []
    for word in words:
        ids = tokenizer(f"{PROMPT_TAIL} {word}", add_special_tokens=False)["input_ids"]
        if ids[:len(tail)] != tail or len(ids) == len(tail):
            raise ValueError(f"this tokenizer merges the label word {word!r} into the prompt; choose other --label-words")
        targets.append(ids[len(tail):])
    if targets[0][0] == targets[1][0]:
        raise ValueError(f"the label words {words!r} start with the same token for this tokenizer, so their first token "
                         "cannot tell them apart; choose other --label-words (e.g. negative,positive)")
    return targets


def encode_prompts(tokenizer: Any, rows: list[Review], max_tokens: int) -> list[list[int]]:
    """Prompt token ids per review, at most max_tokens: a long review loses its beginning, so that every
    prompt ends with "Sentiment:"."""
    encoded: list[list[int]] = tokenizer([prompt(document) for document, _ in rows])["input_ids"]
    return [ids[-max_tokens:] for ids in encoded]
