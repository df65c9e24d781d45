from pathlib import Path

from hpsearch import checkpoint_step, latest_checkpoint


def make(root: Path, name: str, state: str | None) -> Path:
    path = root / name
    path.mkdir()
    if state is not None:
        (path / "trainer_state.json").write_text(state, encoding="utf-8")
    return path


def test_the_highest_complete_checkpoint(tmp_path: Path) -> None:
    make(tmp_path, "checkpoint-9", '{"global_step": 9}')
    best = make(tmp_path, "checkpoint-10", '{"global_step": 10}')
    make(tmp_path, "checkpoint-11", None)  # killed before its state was written
    make(tmp_path, "checkpoint-12", '{"global_st')  # killed while writing it
    make(tmp_path, "checkpoint-13", '{"epoch": 1}')
    make(tmp_path, "onnx", '{"global_step": 99}')
    make(tmp_path, "checkpoint-x", '{"global_step": 99}')
    (tmp_path / "checkpoint-20").write_text("a file", encoding="utf-8")
    assert latest_checkpoint(tmp_path) == best
    assert checkpoint_step(best) == 10
    assert checkpoint_step(tmp_path / "checkpoint-11") is None


def test_none_without_checkpoints(tmp_path: Path) -> None:
    assert latest_checkpoint(tmp_path) is None
    assert latest_checkpoint(tmp_path / "missing") is None
