"""What a user installs and calls: the wheel holds the one package `newsclean` (the flows inside it), the
command answers --version without Prefect, and the Python API cleans a page or a text in memory."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import newsclean
from tests.conftest import RAW, REPO

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([str(BIN / "hatchling"), "build", "-t", "wheel", "-d", str(out)], cwd=REPO, check=True, timeout=300)
    (found,) = out.glob("newsclean-*.whl")
    return found


def test_the_wheel_installs_only_the_newsclean_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"newsclean", f"newsclean-{newsclean.__version__}.dist-info"}, tops
    assert "newsclean/flows/clean_news.py" in names and "newsclean/cli.py" in names
    assert not any("__pycache__" in name for name in names)
    entry_points = zipfile.ZipFile(wheel).read(f"newsclean-{newsclean.__version__}.dist-info/entry_points.txt")
    assert "newsclean = newsclean.cli:main" in entry_points.decode()


def test_the_unpacked_wheel_runs_the_command_and_finds_its_flows(wheel: Path, tmp_path: Path) -> None:
    """The wheel alone, without the checkout on the path (no .pth processing): the command's module, its
    version, and the flows shipped as newsclean.flows (found, not imported: that would import Prefect)."""
    zipfile.ZipFile(wheel).extractall(tmp_path)
    site = next(p for p in sys.path if p.endswith("site-packages"))
    script = (
        f"import sys; sys.path[:0] = [{str(tmp_path)!r}, {site!r}]\n"
        "import importlib.util, newsclean, newsclean.cli\n"
        f"assert newsclean.__file__.startswith({str(tmp_path)!r}), newsclean.__file__\n"
        "assert importlib.util.find_spec('flows') is None\n"
        "assert importlib.util.find_spec('newsclean.flows.clean_news') is not None\n"
        "print(newsclean.cli.flows_module.__module__, newsclean.__version__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["newsclean.cli", newsclean.__version__]


def test_version() -> None:
    done = subprocess.run([str(BIN / "newsclean"), "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"newsclean {newsclean.__version__}"


def test_the_api_imports_no_prefect() -> None:
    script = (
        "import sys, newsclean\n"
        f"article = newsclean.clean_text(open({str(next(RAW.glob('001_*.txt')))!r}).read())\n"
        "assert article.paragraphs and article.lang == 'en'\n"
        "assert not any(m == 'prefect' or m.startswith('prefect.') for m in sys.modules), 'Prefect imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_rejected_input_raises_with_its_reason() -> None:
    with pytest.raises(newsclean.Rejected) as raised:
        newsclean.clean_text(" \n\t\n")
    assert raised.value.reason == "empty"
    with pytest.raises(newsclean.Rejected, match="no_text"):
        newsclean.clean_html("<html><body><nav>Home</nav></body></html>")


def readme_python_example() -> str:
    text = (REPO / "README.md").read_text()
    section = text[text.index("## Python API") :]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the README's Python API section holds a ```python block"
    return found[1]


def test_the_readmes_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    exec(compile(readme_python_example(), "README.md", "exec"), {})
