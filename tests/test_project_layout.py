"""A fresh clone finds its settings: the folder site/ is installed as the package `portal`; the
project's modules depend on each other one way, without cycles or imports hidden in functions."""

import ast
import re
import subprocess
import sys
import tomllib
import venv
from importlib.metadata import packages_distributions
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


# --- The layout: one-way dependencies, no import cycles, no imports hidden in functions -------

# The project's own packages and the folder each lives in (site/ is imported as `portal`).
FIRST_PARTY = {
    "portal": "site",
    "common": "common",
    "home": "home",
    "news": "news",
    "media_library": "media_library",
    "subscriptions": "subscriptions",
    "translators": "translators",
    "resilience": "resilience",
}
# Which app may import which (docs/architecture.md): the shared packages (`common`, `resilience`,
# `translators`) import no app; every app may use them; no app imports the project (`portal`),
# which may import them all.
SHARED = {"common", "resilience", "translators"}
ALLOWED_APP_DEPENDENCIES = {
    **{package: set() for package in SHARED},
    "media_library": SHARED,
    "news": SHARED | {"media_library"},
    "home": SHARED | {"media_library", "news"},
    "subscriptions": SHARED | {"media_library", "news"},
    "portal": SHARED | {"home", "media_library", "news", "subscriptions"},
}
# The one place Django asks for an import to be delayed: AppConfig.ready() in an app's apps.py,
# where signal handlers and system checks are registered once every model is loaded.
READY = ("apps.py", "ready")
# Left to the branch that builds media_library/encoding/ (issue 14): the container
# vocabulary goes there with it, and this entry goes.
NOT_YET_MOVED = {"media_library/encoding/ffmpeg.py"}


def project_modules():
    """{dotted module name: path} of every first-party module outside migrations."""
    modules = {}
    for package, folder in FIRST_PARTY.items():
        for path in sorted((PROJECT_DIR / folder).rglob("*.py")):
            relative = path.relative_to(PROJECT_DIR / folder)
            if "migrations" in relative.parts:
                continue
            parts = [package, *relative.with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_names(node, module, is_package):
    """The absolute names an import statement in `module` refers to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module
    return [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]


def first_party(name):
    return name.split(".")[0] in FIRST_PARTY


def import_statements(modules):
    """[(module, path, statement, enclosing function or None)] of every import."""
    found = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))

        def visit(node, function, module=module, path=path):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.Import | ast.ImportFrom):
                    found.append((module, path, child, function))
                inner = child.name if isinstance(child, ast.FunctionDef) else function
                visit(child, inner)

        visit(tree, None)
    return found


def dependency_graph():
    """{module: {first-party modules it imports at its top level}}."""
    modules = project_modules()
    graph = {module: set() for module in modules}
    for module, path, statement, function in import_statements(modules):
        if function is not None:
            continue
        is_package = path.name == "__init__.py"
        names = [n for n in imported_names(statement, module, is_package) if first_party(n)]
        # `from a import b` is an edge to the module a.b when there is one, else to a; and
        # importing a.b runs a/__init__.py first (unless a is this module's own package).
        targets = {name for name in names if name in modules}
        ancestors = {module.rsplit(".", n)[0] for n in range(1, module.count(".") + 1)}
        for name in list(targets):
            parts = name.split(".")
            targets |= {".".join(parts[:n]) for n in range(1, len(parts))} - ancestors
        graph[module] |= (targets & modules.keys()) - {module}
    return graph


def test_no_first_party_import_is_hidden_inside_a_function():
    modules = project_modules()
    hidden = []
    for module, path, statement, function in import_statements(modules):
        if function is None:
            continue
        names = imported_names(statement, module, path.name == "__init__.py")
        relative = str(path.relative_to(PROJECT_DIR))
        if relative in NOT_YET_MOVED:
            continue
        if any(first_party(n) for n in names) and (path.name, function) != READY:
            hidden.append(f"{relative}:{statement.lineno} in {function}()")
    assert hidden == [], "imports hidden inside functions:\n" + "\n".join(hidden)


def test_modules_of_the_project_import_each_other_without_cycles():
    graph = dependency_graph()
    cycles = []
    state = {}

    def visit(module, path):
        state[module] = "visiting"
        for target in sorted(graph[module]):
            if state.get(target) == "visiting":
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_apps_depend_on_each_other_one_way_only():
    graph = dependency_graph()
    wrong = set()
    for module, targets in graph.items():
        app = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other != app and other not in ALLOWED_APP_DEPENDENCIES[app]:
                wrong.add(f"{module} imports {target}")
    assert wrong == set(), "\n".join(sorted(wrong))


def test_the_guard_sees_a_hidden_import_and_a_cycle(tmp_path):
    """The checks above would fail on the faults they look for (not an empty scan)."""
    source = "import os\n\ndef f():\n    from media_library import models\n"
    tree = ast.parse(source)
    nested = [n for n in ast.walk(tree.body[1]) if isinstance(n, ast.ImportFrom)]
    assert imported_names(nested[0], "news.x", False)[0] == "media_library"
    graph = dependency_graph()
    assert "media_library.models" in graph["media_library.views"]
    # subscriptions.newsletter.blocks imports media_library.blocks: media_library/__init__ runs
    assert "media_library" in graph["subscriptions.newsletter.blocks"]
    assert len(project_modules()) > 100


def declared_distributions():
    """{normalised name} of the runtime and the dev dependencies in pyproject.toml."""
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    names = {re.split(r"[\[<>=!~; ]", requirement)[0] for requirement in requirements}
    return {re.sub(r"[-_.]+", "-", name).lower() for name in names}


def test_every_package_the_code_imports_is_declared_in_pyproject():
    distributions = packages_distributions()
    declared = declared_distributions()
    undeclared = set()
    folders = [*FIRST_PARTY.values(), "tests", "bench"]
    for path in (p for folder in folders for p in (PROJECT_DIR / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in FIRST_PARTY or top == "tests":
                    continue
                for distribution in distributions.get(top, [top]):
                    if re.sub(r"[-_.]+", "-", distribution).lower() not in declared:
                        undeclared.add(f"{top} ({distribution}) in {path.relative_to(PROJECT_DIR)}")
    assert undeclared == set(), "\n".join(sorted(undeclared))
