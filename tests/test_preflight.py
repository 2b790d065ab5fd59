"""Every argument checked before any work: `newsclean run` refuses a bad one before Prefect starts (one
line on stderr, exit 1, nothing written; the traceback only with --log-level DEBUG), and the flow, started
from the UI, raises the same sentence before it opens the output folder. In process: these refusals never
import Prefect (tests/test_cli.py runs the real command)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.cli import WithoutTraceback
from newsclean import cli, preflight
from newsclean.preflight import RunRefused, check_run
from newsclean.write import dataset
from tests.test_incremental import STORY, rows, update

PROC_SYS = Path("/proc/sys")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("A Headline\n\nThe first paragraph of the story is here, and it says a thing.\n")
    return raw


def tree(root: Path) -> list[str]:
    """Every path under `root`, for 'nothing was written'."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def refusal(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the command in process; assert exit 1 and one line on stderr, and return that line."""
    try:
        status = cli.main(["run", *args])
    except SystemExit as exc:  # argparse's usage errors
        status = exc.code  # type: ignore[assignment]
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("newsclean: ")
    return lines[0]


@pytest.fixture
def no_prefect() -> Iterator[None]:
    """The refusals happen before Prefect is imported (which alone takes seconds)."""
    already = {name for name in sys.modules if name == "prefect" or name.startswith("prefect.")}
    yield
    if not already:
        assert "prefect" not in sys.modules, "a refused run imported Prefect"


CASES = {
    "unknown limit": (["--limit", "max_foo=3"], "unknown limit max_foo"),
    "negative limit": (["--limit", "max_seconds=-1"], "limit max_seconds must be a positive number, not -1"),
    "zero limit": (["--limit", "max_lines=0"], "limit max_lines must be a positive number, not 0"),
    "fractional count": (["--limit", "max_lines=2.5"], "limit max_lines must be a whole number"),
    "infinite limit": (["--limit", "max_record_bytes=inf"], "must be a positive number, not inf"),
    "limit without value": (["--limit", "max_lines"], "argument --limit: expected NAME=NUMBER"),
    "no workers": (["--workers", "0"], "argument --workers: must be 1 or more"),
    "negative lock wait": (["--lock-wait", "-1"], "lock_wait must be 0 or more seconds"),
    "unknown engine": (["--engine", "spark"], "argument --engine: invalid choice"),
    "unknown dask scheme": (["--dask-address", "nonsense://x"], "dask_address 'nonsense://x': unknown address"),
    "dask address without host": (["--dask-address", "tcp://:8786"], "dask_address 'tcp://:8786' names no host"),
}


@pytest.mark.parametrize(("extra", "reason"), CASES.values(), ids=CASES.keys())
def test_a_bad_option_is_refused_in_one_line_and_writes_nothing(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_prefect: None, extra: list[str], reason: str
) -> None:
    before = tree(tmp_path)
    assert reason in refusal(capsys, str(raw), str(tmp_path / "out"), *extra)
    assert tree(tmp_path) == before


def test_the_output_folder_inside_the_inputs_is_refused(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_prefect: None
) -> None:
    before = tree(tmp_path)
    assert refusal(capsys, str(raw), str(raw / "out")) == (
        f"newsclean: OUT_DIR {raw / 'out'} is inside RAW_DIR {raw}: choose an output folder outside the inputs"
    )
    assert "is RAW_DIR itself" in refusal(capsys, str(raw), str(raw))
    assert "is RAW_DIR itself" in refusal(capsys, str(raw), str(raw / "x" / ".."))
    (tmp_path / "link").symlink_to(raw)
    before = tree(tmp_path)
    assert "is inside RAW_DIR" in refusal(capsys, str(raw), str(tmp_path / "link" / "out"))
    assert tree(tmp_path) == before


def test_an_output_folder_that_cannot_be_made_or_written_is_refused(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("not a folder")
    before = tree(tmp_path)
    assert refusal(capsys, str(raw), str(tmp_path / "file")).endswith("exists and is not a folder")
    line = refusal(capsys, str(raw), str(tmp_path / "file" / "out"))
    assert line.endswith(f"cannot be made: {tmp_path / 'file'} is a file, not a folder")
    locked_up = tmp_path / "locked up"
    locked_up.mkdir()
    before = tree(tmp_path)
    # Tests may run as root, whom permission bits do not stop: the write probe is what is replaced here
    # (the next test meets a folder the kernel itself refuses).
    monkeypatch.setattr(preflight, "can_write", lambda folder: folder != locked_up)
    assert "cannot be written" in refusal(capsys, str(raw), str(locked_up))
    assert "nothing can be made in" in refusal(capsys, str(raw), str(locked_up / "a" / "b"))
    assert tree(tmp_path) == before


@pytest.mark.skipif(not PROC_SYS.is_dir(), reason="no /proc/sys")
def test_a_folder_where_even_root_cannot_write_is_refused(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert preflight.can_write(raw)
    assert not preflight.can_write(PROC_SYS)
    assert "cannot be written" in refusal(capsys, str(raw), str(PROC_SYS / "newsclean-out"))


def test_the_write_probe_leaves_nothing_behind(tmp_path: Path) -> None:
    assert preflight.can_write(tmp_path)
    assert tree(tmp_path) == []


def test_a_missing_or_unreadable_raw_dir_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert refusal(capsys, str(tmp_path / "missing"), str(tmp_path / "out")) == (
        f"newsclean: RAW_DIR {tmp_path / 'missing'} is not a folder"
    )
    assert tree(tmp_path) == []


def test_inputs_inside_the_output_folder_are_fine_but_not_inside_its_tables(tmp_path: Path) -> None:
    """`run data/raw data` keeps inputs beside the tables; reading newsclean's own output as input is
    refused."""
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    (data / "raw" / "a.txt").write_text(STORY.format(n=1))
    assert check_run(data / "raw", data).raw == data / "raw"
    update(data / "raw", data)
    assert set(rows(data)) == {"a"}
    assert check_run(data / "raw", data).raw == data / "raw", "and again once the tables are there"
    for own in ("articles", ".newsclean/snapshots"):
        (data / own).mkdir(parents=True, exist_ok=True)
        with pytest.raises(RunRefused, match="is inside the tables newsclean writes"):
            check_run(data / own, data)


def test_a_busy_output_folder_is_refused_before_work_unless_asked_to_wait(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    with dataset.locked(out):
        before = tree(tmp_path)
        line = refusal(capsys, str(raw), str(out))
        assert "is being written by another run (pid" in line
        assert tree(tmp_path) == before
        check_run(raw, out, lock_wait=5)  # the run itself will wait for the lock
    check_run(raw, out)
    assert tree(tmp_path) == before, "the check made nothing (the lock file is the first run's)"


def test_a_foreign_folder_where_a_table_goes_is_refused_before_work(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out" / "articles").mkdir(parents=True)
    before = tree(tmp_path)
    assert "is not newsclean's link" in refusal(capsys, str(raw), str(tmp_path / "out"))
    assert tree(tmp_path) == before


def test_folders_outside_the_roots_are_refused(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCLEAN_ROOTS", str(raw))
    assert "outside the allowed roots" in refusal(capsys, str(raw), str(tmp_path / "out"))


def test_the_traceback_only_at_debug_level(raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["run", str(raw), str(tmp_path / "out"), "--limit", "max_foo=3", "--log-level", "DEBUG"])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback (most recent call last)" in err
    assert err.splitlines()[-1].startswith("newsclean: unknown limit max_foo")


def test_the_flow_refuses_bad_parameters_before_any_work(raw: Path, tmp_path: Path) -> None:
    """What a run started from the UI meets: the flow's first step is the same check."""
    from flows.clean_news import clean_news

    before = tree(tmp_path)
    with pytest.raises(RunRefused, match="unknown limit max_foo"):
        clean_news.fn(raw_dir=str(raw), out_dir=str(tmp_path / "out"), limits={"max_foo": 3})
    with pytest.raises(RunRefused, match="is inside raw_dir"):
        clean_news.fn(raw_dir=str(raw), out_dir=str(raw / "out"))
    with pytest.raises(RunRefused, match="workers must be 1 or more"):
        clean_news.fn(raw_dir=str(raw), out_dir=str(tmp_path / "out"), workers=0)
    assert tree(tmp_path) == before


def test_the_console_loses_tracebacks_not_the_record() -> None:
    """Without DEBUG, a failed run's traceback is not printed, but the record keeps it for the handler that
    sends the run's logs to Prefect."""
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord("prefect.flow_runs", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    formatter = WithoutTraceback(logging.Formatter("%(levelname)s %(message)s"))
    assert formatter.format(record) == "ERROR failed"
    assert record.exc_info is not None
    assert "Traceback" in logging.Formatter().format(record)
