"""Every output that cannot be written (a folder, a parent that is a file, a read-only folder, a
full disk) is one line naming it, exit code 2, before any work, with nothing recorded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import make_return


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """A return and the consolidated workbook made from it, to draw a deck from."""
    root = tmp_path_factory.mktemp("made")
    ret = make_return(root)
    done = subprocess.run([sys.executable, "-m", "pcxl", "consolidate", str(ret), "-o",
                           str(root / "c.xlsx"), "--no-history"], capture_output=True)
    assert done.returncode == 0
    return {"return": ret, "consolidated": root / "c.xlsx"}


def command(name: str, made: dict[str, Path], output: Path, db: Path) -> list[str]:
    return {"consolidate": ["consolidate", made["return"], "-o", output, "--db", db],
            "deck": ["deck", made["consolidated"], "-o", output],
            "template": ["template", "highlight", "-o", output]}[name]


def pcxl(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pcxl", *map(str, args)], capture_output=True,
                          text=True)


def refused_in_one_line(done: subprocess.CompletedProcess, path: Path, reason: str) -> None:
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"pcxl: cannot write {path}: {reason}"]


COMMANDS = ["consolidate", "deck", "template"]
FILE = {"consolidate": "c.xlsx", "deck": "d.pptx", "template": "t.xlsx"}


@pytest.mark.parametrize("name", COMMANDS)
def test_an_output_that_is_a_folder_is_one_line_and_nothing_is_recorded(name, made, tmp_path):
    output = tmp_path / "out" / FILE[name]
    output.mkdir(parents=True)

    done = pcxl(*command(name, made, output, tmp_path / "h.sqlite"))

    refused_in_one_line(done, output, "it is a folder; name a file to write")
    assert not (tmp_path / "h.sqlite").exists()


@pytest.mark.parametrize("name", COMMANDS)
def test_an_output_under_a_file_is_one_line(name, made, tmp_path):
    (tmp_path / "notes").write_text("a file, not a folder")
    output = tmp_path / "notes" / FILE[name]

    done = pcxl(*command(name, made, output, tmp_path / "h.sqlite"))

    refused_in_one_line(done, output, f"{tmp_path / 'notes'} is a file, not a folder")
    assert not (tmp_path / "h.sqlite").exists()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="folder permissions do not bind root")
@pytest.mark.parametrize("name", COMMANDS)
def test_an_output_in_a_read_only_folder_is_one_line(name, made, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    output = locked / FILE[name]
    try:
        done = pcxl(*command(name, made, output, tmp_path / "h.sqlite"))
    finally:
        locked.chmod(0o755)

    refused_in_one_line(done, output, f"no permission to write in {locked}")


@pytest.fixture
def full_disk(tmp_path):
    """A folder on a 64 kB file system that is already nearly full (Linux, as root only)."""
    folder = tmp_path / "small"
    folder.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
            capture_output=True).returncode:
        pytest.skip("needs to mount a small file system")
    (folder / "filler").write_bytes(bytes(56_000))
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_full_disk_is_one_line_and_nothing_is_recorded(name, made, tmp_path, full_disk):
    output = full_disk / FILE[name]

    done = pcxl(*command(name, made, output, tmp_path / "h.sqlite"))

    refused_in_one_line(done, output, "No space left on device")
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]
    if name == "consolidate":
        listed = pcxl("changes", "--period", "Nov 2020", "--db", tmp_path / "h.sqlite")
        assert "recorded periods: none" in listed.stderr


def test_a_deck_longer_than_the_limit_stops_in_one_line_and_writes_nothing(made, tmp_path):
    output = tmp_path / "d.pptx"

    done = pcxl("deck", made["consolidated"], "-o", output, "--max-slides", "2")

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "pcxl: the deck would have more than 2 slides: draw a deck for each region (consolidate "
        "its returns alone) or for fewer returns, or raise the limit with --max-slides"]
    assert list(tmp_path.iterdir()) == []
