"""A built wheel carries everything pcxl needs, so a plain install works from any folder."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
                    str(ROOT)], check=True, timeout=600)
    (path,) = out.glob("pcxl-*.whl")
    return path


def test_the_wheel_ships_declarations_templates_and_fonts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pcxl/_data/validators/highlight.yaml" in names
    assert "pcxl/_data/validators/vocabularies.yaml" in names
    assert "pcxl/_data/workbook_templates/highlight_tracker.xlsx" in names
    assert "pcxl/fonts/LiberationSans-Regular.ttf" in names
    assert "pcxl/demo/highlight_seed.yaml" in names


def test_the_installed_package_runs_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}

    def pcxl(*args):
        return subprocess.run([sys.executable, "-m", "pcxl", *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)

    made = pcxl("template", "highlight", "-o", "blank.xlsx")
    assert made.returncode == 0, made.stderr
    checked = pcxl("validate", "blank.xlsx")
    assert checked.returncode == 1
    assert "About!B3" in checked.stdout  # the blank template's Programme is required
    probe = subprocess.run([sys.executable, "-c", "import pcxl; print(pcxl.__file__)"], cwd=work,
                           env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.startswith(str(site))
