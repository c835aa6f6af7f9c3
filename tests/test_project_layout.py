"""A fresh clone finds its settings: the folder site/ is installed as the package `portal`."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory):
    """The files a clone would hold, installed in a new virtualenv that sees only the
    project's dependencies (not the working tree's own installation of it)."""
    root = tmp_path_factory.mktemp("clone")
    files = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=PROJECT_DIR,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    clone = root / "portal"
    for name in filter(None, files):
        source = PROJECT_DIR / name
        if source.is_file():
            target = clone / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    environment = root / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    site_packages = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies come from the project's virtualenv, added as a plain path so that the
    # working tree's editable install of the portal itself does not come along.
    dependencies = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site_packages, "dependencies.pth").write_text(dependencies + "\n")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "-e", clone],
        check=True,
        capture_output=True,
    )
    return clone, python


def run_in_clone(fresh_clone, *arguments):
    clone, python = fresh_clone
    return subprocess.run(
        [python, "manage.py", *arguments],
        cwd=clone,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": f"sqlite:///{clone}/db.sqlite3",
            "HOME": str(clone),
        },
    )


def test_manage_py_finds_its_settings_in_a_fresh_clone(fresh_clone):
    clone, python = fresh_clone
    located = subprocess.run(
        [python, "-c", "import portal.settings.dev as s; print(s.__file__)"],
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert located.startswith(str(clone / "site" / "settings")), located
    result = run_in_clone(fresh_clone, "check")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_every_model_change_has_its_migration(fresh_clone):
    result = run_in_clone(fresh_clone, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_passes_over_the_whole_tree():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
