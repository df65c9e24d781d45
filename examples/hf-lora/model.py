"""Loading the base model and the adapter: QLoRA (4-bit NF4 through bitsandbytes) on CUDA, float32 on a CPU."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def on_gpu() -> bool:
    return torch.cuda.is_available()


def load_tokenizer(model_path: str) -> Any:
    tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_base_model(model_path: str, quantize: bool, for_training: bool) -> Any:
    """The base model, frozen. With CUDA and `quantize`, in 4 bits (QLoRA) with float16 compute; with CUDA
    otherwise in float16; without CUDA in float32."""
    if on_gpu() and quantize:
        from peft import prepare_model_for_kbit_training
        from transformers import BitsAndBytesConfig

        quantization = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                                          bnb_4bit_compute_dtype=torch.float16)
        model = AutoModelForCausalLM.from_pretrained(model_path, quantization_config=quantization, device_map={"": 0},
                                                     local_files_only=True)
        if for_training:
            model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True,
                                                    gradient_checkpointing_kwargs={"use_reentrant": False})
    elif on_gpu():
        model = AutoModelForCausalLM.from_pretrained(model_path, dtype=torch.float16, device_map={"": 0}, local_files_only=True)
    else:
        model = AutoModelForCausalLM.from_pretrained(model_path, dtype=torch.float32, local_files_only=True)
    model.config.use_cache = False  # the KV cache is useless in training and clashes with gradient checkpointing
    return model


def load_adapted_model(model_path: str, adapter_dir: Path, quantize: bool) -> Any:
    """The base model with the LoRA adapter a train stage saved, for inference."""
    from peft import PeftModel

    return PeftModel.from_pretrained(load_base_model(model_path, quantize, for_training=False), str(adapter_dir)).eval()
