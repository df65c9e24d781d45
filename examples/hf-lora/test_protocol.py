"""Tests of the dependency-free parts of the NSMC LoRA trainer: protocol.py and train.py's input checks.

    cd examples/hf-lora && python3 -m unittest test_protocol

(test/integration/hf-lora-protocol.test.ts runs this in the npm test suite.)
"""
import collections
import contextlib
import gzip
import io
import json
import math
import os
import random
import signal
import tempfile
import unittest
from unittest import mock

import protocol
import train

NSMC_TEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "nsmc", "test.tsv")


def frequencies(probabilities, temperature, top_p, draws=20000, seed=1):
    rng = random.Random(seed)
    counts = collections.Counter(protocol.sample_label(probabilities, temperature, top_p, rng) for _ in range(draws))
    return [counts[c] / draws for c in range(len(probabilities))]


class SampleLabelTest(unittest.TestCase):
    def test_temperature_zero_and_below_the_bound_is_greedy_and_draws_nothing(self):
        for temperature in (0.0, 1e-9, protocol.GREEDY_TEMPERATURE):
            rng = random.Random(5)
            state = rng.getstate()
            self.assertEqual(protocol.sample_label([0.2, 0.5, 0.3], temperature, 1.0, rng), 1)
            self.assertEqual(rng.getstate(), state)

    def test_greedy_takes_the_first_of_equal_maxima(self):
        self.assertEqual(protocol.sample_label([0.4, 0.4, 0.2], 0.0, 1.0, random.Random(1)), 0)

    def test_temperature_one_samples_the_distribution(self):
        for got, want in zip(frequencies([0.7, 0.2, 0.1], 1.0, 1.0), [0.7, 0.2, 0.1]):
            self.assertAlmostEqual(got, want, delta=0.015)

    def test_temperature_rescales_like_softmax_of_logits_over_temperature(self):
        logits = [1.0, 0.2, -0.5]
        for temperature in (0.5, 2.0):
            want = protocol.softmax([x / temperature for x in logits])
            got = frequencies(protocol.softmax(logits), temperature, 1.0)
            for g, w in zip(got, want):
                self.assertAlmostEqual(g, w, delta=0.015)

    def test_small_temperatures_above_the_bound_neither_overflow_nor_sample_away_from_the_top(self):
        self.assertEqual(frequencies([0.49, 0.51], 1e-5, 1.0, draws=500), [0.0, 1.0])

    def test_top_p_keeps_the_labels_whose_mass_before_them_is_below_it(self):
        # Mass before label 0 is 0, before label 1 is 0.5 (< 0.6), before label 2 is 0.8: label 2 is cut.
        got = frequencies([0.5, 0.3, 0.2], 1.0, 0.6)
        self.assertEqual(got[2], 0.0)
        self.assertAlmostEqual(got[0], 0.5 / 0.8, delta=0.015)
        # At exactly top_p of mass the nucleus is complete, as in HF's top-p.
        self.assertEqual(frequencies([0.5, 0.3, 0.2], 1.0, 0.5, draws=500), [1.0, 0.0, 0.0])

    def test_a_tiny_top_p_is_greedy(self):
        self.assertEqual(frequencies([0.3, 0.6, 0.1], 1.5, 0.01, draws=500), [0.0, 1.0, 0.0])

    def test_the_same_seed_draws_the_same_labels(self):
        def draws(seed):
            rng = random.Random(seed)
            return [protocol.sample_label([0.5, 0.5], 1.0, 1.0, rng) for _ in range(50)]
        self.assertEqual(draws(3), draws(3))
        self.assertNotEqual(draws(3), draws(4))

    def test_rejects_bad_settings(self):
        for temperature, top_p in ((-0.1, 1.0), (1.0, 0.0), (1.0, 1.5)):
            with self.assertRaises(ValueError):
                protocol.sample_label([0.5, 0.5], temperature, top_p, random.Random(1))


class DivergenceTest(unittest.TestCase):
    def test_nan_infinite_and_exactly_zero_losses_diverge(self):
        for loss in (math.nan, math.inf, -math.inf, 0.0):
            self.assertIsNotNone(protocol.divergence_reason(loss), loss)

    def test_small_and_large_finite_losses_do_not(self):
        for loss in (1e-9, 0.69, 12.0):
            self.assertIsNone(protocol.divergence_reason(loss), loss)


class EmitTest(unittest.TestCase):
    def lines(self, action):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            action()
        return out.getvalue().splitlines()

    def test_progress_eval_and_diverged_lines(self):
        lines = self.lines(lambda: (
            protocol.emit_progress(3, 0.5, 0.41, 2e-4),
            protocol.emit_diverged("loss became nan"),
            protocol.emit_eval({"eval_accuracy": 0.8}),
        ))
        self.assertEqual([json.loads(line) for line in lines], [
            {"step": 3, "epoch": 0.5, "loss": 0.41, "learning_rate": 2e-4},
            {"status": "diverged", "reason": "loss became nan"},
            {"eval": {"eval_accuracy": 0.8}},
        ])

    def test_nan_is_written_as_the_bare_token_the_service_reads(self):
        [line] = self.lines(lambda: protocol.emit_progress(1, 0.1, math.nan, 1e-3))
        self.assertIn('"loss": NaN', line)


class HyperParamsTest(unittest.TestCase):
    def test_defaults(self):
        self.assertEqual(protocol.HyperParams.from_params({}), protocol.HyperParams())

    def test_takes_every_knob(self):
        hp = protocol.HyperParams.from_params({
            "learning_rate": 1e-4, "gradient_accumulation_steps": 4.0, "num_train_epochs": 2, "lr_scheduler_type": "cosine",
            "per_device_train_batch_size": 16, "weight_decay": 0.01, "warmup_steps": 10, "lora_r": 16, "lora_alpha": 32,
            "lora_dropout": 0.1, "max_length": 128, "temperature": 0.7, "top_p": 0.9,
        })
        self.assertEqual(hp.gradient_accumulation_steps, 4)
        self.assertIsInstance(hp.gradient_accumulation_steps, int)
        self.assertEqual((hp.lr_scheduler_type, hp.temperature, hp.top_p), ("cosine", 0.7, 0.9))

    def test_rejects_unknown_names_wrong_types_and_bad_values(self):
        for params in ({"learning_rat": 1e-4}, {"num_train_epochs": 1.5}, {"learning_rate": "1e-4"}, {"lora_r": True},
                       {"lr_scheduler_type": 1}, {"lr_scheduler_type": "exponential"}, {"learning_rate": 0},
                       {"temperature": -1}, {"top_p": 0}, {"lora_dropout": 1.0}):
            with self.assertRaises(ValueError, msg=params):
                protocol.HyperParams.from_params(params)


class RequestTest(unittest.TestCase):
    def test_reads_the_params_file_and_prefers_the_checkpoint_dir_from_the_environment(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "params.json")
            with open(path, "w") as f:
                json.dump({"params": {"learning_rate": 1e-4}, "seed": 9, "checkpoint_dir": "/elsewhere", "trial_id": "t", "attempt": 2}, f)
            with mock.patch.dict(os.environ, {"HPSEARCH_PARAMS_FILE": path, "HPSEARCH_CHECKPOINT_DIR": tmp}):
                request = protocol.read_request()
        self.assertEqual(request, protocol.Request(params={"learning_rate": 1e-4}, seed=9, checkpoint_dir=tmp, attempt=2))

    def test_without_a_params_file_says_how_to_run(self):
        with mock.patch.dict(os.environ, {}, clear=True), self.assertRaisesRegex(ValueError, "HPSEARCH_PARAMS_FILE"):
            protocol.read_request()


class LatestCheckpointTest(unittest.TestCase):
    def test_the_highest_complete_checkpoint(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name, state in (("checkpoint-9", "{}"), ("checkpoint-10", "{}"), ("checkpoint-11", None), ("checkpoint-12", '{"glob'),
                                ("onnx", "{}"), ("checkpoint-x", "{}")):
                os.makedirs(os.path.join(tmp, name))
                if state is not None:
                    with open(os.path.join(tmp, name, protocol.CHECKPOINT_STATE_FILE), "w") as f:
                        f.write(state)
            self.assertEqual(protocol.latest_checkpoint(tmp), os.path.join(tmp, "checkpoint-10"))

    def test_none_without_checkpoints(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertIsNone(protocol.latest_checkpoint(tmp))
            self.assertIsNone(protocol.latest_checkpoint(os.path.join(tmp, "missing")))


class StopFlagTest(unittest.TestCase):
    def test_sigterm_sets_the_flag(self):
        previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
        try:
            stop = protocol.StopFlag().install()
            self.assertFalse(stop.requested)
            os.kill(os.getpid(), signal.SIGTERM)
            self.assertTrue(stop.requested)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


class ReadNsmcTest(unittest.TestCase):
    def test_reads_the_shipped_test_slice_with_quotes_kept(self):
        rows = train.read_nsmc(NSMC_TEST)
        self.assertEqual(len(rows), 5272)
        self.assertEqual(collections.Counter(label for _, label in rows), {0: 2612, 1: 2660})
        self.assertTrue(any(document.startswith('"""') for document, _ in rows))

    def test_reads_gzip_and_skips_empty_documents(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "small.tsv.gz")
            with gzip.open(path, "wt", encoding="utf-8") as f:
                f.write('id\tdocument\tlabel\n1\t"좋다" 정말\t1\n2\t\t0\n3\t별로\t0\n')
            self.assertEqual(train.read_nsmc(path), [('"좋다" 정말', 1), ("별로", 0)])

    def test_rejects_other_formats(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name, content in (("header.tsv", "id,document,label\n"), ("label.tsv", "id\tdocument\tlabel\n1\tgood\t2\n")):
                path = os.path.join(tmp, name)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(content)
                with self.assertRaises(ValueError):
                    train.read_nsmc(path)


if __name__ == "__main__":
    unittest.main()
