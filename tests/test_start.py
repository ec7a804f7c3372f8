"""start.py: the Python check, the per-platform paths and commands, set-up's progress and plain
failures, `check`, and the wheelhouse (a real one, installed with pip's network closed)."""

import ast
import glob
import importlib.util
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("start", ROOT / "start.py")
start = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(start)

FLOOR = ".".join(map(str, start.PYTHON_FLOOR))
SYSTEMS = ["windows", "macos", "linux"]


# --- the Python floor: what the pins need, said the same everywhere --------------------------------
def test_the_floor_is_exactly_what_the_pinned_packages_need():
    needs = {}
    for name, version in start.read_pins("requirements-test.txt"):
        dist = metadata.distribution(name)
        assert dist.version == version, f"{name}: run 'make test' to install the pinned set"
        needs[name] = SpecifierSet(dist.metadata.get("Requires-Python") or "")
    refuse_floor = [n for n, spec in needs.items() if not spec.contains(FLOOR)]
    assert not refuse_floor, f"these pins do not run on Python {FLOOR}: {refuse_floor}"
    below = "%d.%d.%d" % (start.PYTHON_FLOOR[0], start.PYTHON_FLOOR[1], start.PYTHON_FLOOR[2] - 1)
    assert any(not spec.contains(below) for spec in needs.values()), (
        f"every pin accepts Python {below}: the floor {FLOOR} is higher than the pins need"
    )


def test_pyproject_readme_and_module_state_the_same_floor():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["requires-python"] == f">={FLOOR}"
    # environment.yml: tests/test_environment.py
    assert f"Python {FLOOR} or newer" in (ROOT / "README.md").read_text()
    main_source = (ROOT / "course_lib" / "__main__.py").read_text()
    assert f"PYTHON_FLOOR = {start.PYTHON_FLOOR}" in main_source


@pytest.mark.parametrize("found,ok", [
    ((2, 7, 18), False), ((3, 9, 6), False), ((3, 10, 14), False), ((3, 11, 4), False),
    ((3, 11, 5), True), ((3, 12, 0), True), ((3, 14, 1), True), ((3, 15, 0), False), ((4, 0, 0), False),
])
def test_python_is_supported(found, ok):
    assert start.python_is_supported(found + ("final", 0)) is ok


@pytest.mark.parametrize("system,command", [
    ("windows", "`py start.py`"), ("macos", "`python3 start.py`"), ("linux", "`python3.12 start.py`"),
])
def test_too_old_sentence_names_found_needed_where_and_what_to_type(system, command):
    text = start.unsupported_sentence((3, 9, 6, "final", 0), "/usr/bin/python3", system)
    assert text.startswith("This is Python 3.9.6 (/usr/bin/python3), and the course needs")
    assert f"needs Python {FLOOR} or newer" in text
    assert ("https://www.python.org/downloads/" in text or "conda" in text) and command in text
    assert text.count(". ") == 0 and text.endswith("."), "one sentence"


@pytest.mark.parametrize("system,command", [
    ("windows", "`py -3.14 start.py`"), ("macos", "`python3.14 start.py`"), ("linux", "`python3.14 start.py`"),
])
def test_too_new_sentence_names_the_supported_range(system, command):
    text = start.unsupported_sentence((3, 15, 0, "final", 0), "C:\\Python315\\python.exe", system)
    assert text.startswith("This is Python 3.15.0 (C:\\Python315\\python.exe), newer than")
    assert f"(Python {FLOOR} to 3.14)" in text and command in text and "python.org" in text
    assert text.count(". ") == 0 and text.endswith(".")


def test_start_py_uses_no_syntax_an_old_python_cannot_parse():
    # An old interpreter must reach the version check: a SyntaxError would be printed instead.
    tree = ast.parse((ROOT / "start.py").read_text())
    newer = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.JoinedStr, ast.AnnAssign, ast.NamedExpr, ast.Nonlocal, ast.YieldFrom,
                             ast.AsyncFunctionDef, ast.Await, ast.Match, ast.TryStar)):
            newer.append(type(node).__name__)
        elif isinstance(node, ast.arguments) and (node.kwonlyargs or node.posonlyargs or any(
                a.annotation for a in node.args + [node.vararg, node.kwarg] if a)):
            newer.append("annotated or keyword-only arguments")
        elif isinstance(node, ast.FunctionDef) and node.returns:
            newer.append("return annotation")
        elif isinstance(node, ast.Raise) and node.cause:
            newer.append("raise ... from")
        elif isinstance(node, ast.Assign) and any(isinstance(t, (ast.Tuple, ast.List)) and any(
                isinstance(e, ast.Starred) for e in t.elts) for t in node.targets):
            newer.append("starred assignment")
    assert not newer, f"start.py uses syntax an old Python cannot parse: {sorted(set(newer))}"
    assert "from __future__ import print_function" in (ROOT / "start.py").read_text()


# --- a stub interpreter that reports an old version ---------------------------------------------
def stub_python(folder: Path, version=(3, 9, 6)) -> Path:
    """A `python3` that runs this Python but reports ``version``, as an old one would."""
    code = (
        "import runpy, sys; sys.version_info = %r; sys.version = %r; args = sys.argv[1:]; "
        "sys.argv = args[2:] if args[0] == '-m' else args; "
        "runpy.run_module(args[1], run_name='__main__', alter_sys=True) if args[0] == '-m' "
        "else runpy.run_path(args[0], run_name='__main__')"
    ) % (version + ("final", 0), ".".join(map(str, version)))
    stub = folder / "python3"
    stub.write_text(f"#!/bin/sh\nexec {sys.executable} -c \"{code}\" \"$@\"\n")
    stub.chmod(0o755)
    return stub


@pytest.fixture
def lone_copy(tmp_path):
    """start.py, the Makefile and the pins in a folder of their own, so any .venv would show there."""
    for name in ("start.py", "Makefile", "requirements.txt", "requirements-test.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("version,words", [
    ((3, 9, 6), f"and the course needs Python {FLOOR} or newer"),
    ((3, 15, 0), "newer than the course's packages are made for"),
])
@pytest.mark.parametrize("command", [[], ["lab"], ["check"], ["setup"], ["--from", "."], ["wheelhouse", "w"]])
def test_a_stub_unsupported_python_is_refused_in_one_sentence_before_anything_is_made(
        lone_copy, tmp_path, command, version, words):
    stub = stub_python(tmp_path, version)
    done = subprocess.run([str(stub), "start.py", *command], cwd=lone_copy, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert done.stderr.startswith("This is Python %s (%s), " % (".".join(map(str, version)), sys.executable))
    assert words in done.stderr
    assert not (lone_copy / ".venv").exists() and not (lone_copy / "w").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["lab", "app", "check", "setup", ".venv/.test"])
def test_make_targets_go_through_the_same_check(lone_copy, tmp_path, target):
    stub = stub_python(tmp_path)
    done = subprocess.run(["make", "-s", target, f"PYTHON={stub}"], cwd=lone_copy, capture_output=True, text=True)
    assert done.returncode != 0
    assert f"the course needs Python {FLOOR} or newer" in done.stderr
    assert not (lone_copy / ".venv").exists()


def test_python_m_course_lib_is_refused_by_a_stub_old_python(tmp_path):
    stub = stub_python(tmp_path, (3, 10, 14))
    done = subprocess.run([str(stub), "-m", "course_lib", "validate"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith(f"This is Python 3.10.14 ({sys.executable}), and the course needs Python {FLOOR}")
    assert "Traceback" not in done.stderr


def old_interpreters():
    """Real Pythons older than the floor on this machine (pyenv's, or on PATH)."""
    found = set(glob.glob(os.path.expanduser("~/.pyenv/versions/[23].*/bin/python")))
    found.update(p for p in glob.glob("/usr/bin/python[23]*") if re.search(r"python\d(\.\d+)?$", p))
    for minor in ("2.7", "3.6", "3.7", "3.8", "3.9", "3.10"):
        if shutil.which(f"python{minor}"):
            found.add(shutil.which(f"python{minor}"))
    old = []
    for path in sorted(found):
        version = subprocess.run([path, "-c", "import sys; print(tuple(sys.version_info[:3]))"],
                                 capture_output=True, text=True).stdout.strip()
        if version and ast.literal_eval(version) < start.PYTHON_FLOOR:
            old.append(pytest.param(path, id=version))
    return old or [pytest.param(None, marks=pytest.mark.skip(reason="no Python older than the floor here"))]


@pytest.mark.parametrize("python", old_interpreters())
def test_a_real_old_python_reads_the_sentence_not_a_syntax_error(lone_copy, python):
    done = subprocess.run([python, "start.py"], cwd=lone_copy, capture_output=True, text=True)
    assert done.returncode == 1
    assert f"and the course needs Python {FLOOR} or newer" in done.stderr, done.stderr
    assert not (lone_copy / ".venv").exists()


# --- per-platform paths and commands ---------------------------------------------------------------
@pytest.mark.parametrize("platform,system", [
    ("win32", "windows"), ("cygwin", "windows"), ("darwin", "macos"), ("linux", "linux"), ("freebsd14", "linux"),
])
def test_system_name(platform, system):
    assert start.system_name(platform) == system


@pytest.mark.parametrize("system,venv,python", [
    ("windows", "C:\\Users\\ana\\course\\.venv", "C:\\Users\\ana\\course\\.venv\\Scripts\\python.exe"),
    ("macos", "/Users/ana/course/.venv", "/Users/ana/course/.venv/bin/python"),
    ("linux", "/home/ana/course/.venv", "/home/ana/course/.venv/bin/python"),
])
def test_venv_python_per_platform(system, venv, python):
    assert start.venv_python(venv, system) == python


@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("euid", [0, 1000, -1])
def test_lab_command_per_platform(system, euid):
    command = start.lab_command("PY", "127.0.0.1", 8890, "T0K", system, euid)
    assert command[:3] == ["PY", "-m", "jupyterlab"]
    assert ["--ip", "127.0.0.1", "--port", "8890"] == command[4:8]
    assert "--no-browser" in command and "--IdentityProvider.token=T0K" in command
    assert "--ServerApp.port_retries=0" in command  # the printed address must be the real one
    assert ("--allow-root" in command) is (system != "windows" and euid == 0)


@pytest.mark.parametrize("system,environ,opens", [
    ("windows", {}, True), ("macos", {}, True), ("linux", {}, False),
    ("linux", {"DISPLAY": ":0"}, True), ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, True),
])
def test_a_browser_opens_only_where_there_is_a_screen(system, environ, opens):
    assert start.can_open_browser(system, environ) is opens


@pytest.mark.parametrize("system,separator", [("windows", ";"), ("macos", ":"), ("linux", ":")])
def test_app_finds_the_course_template_before_any_other_jupyter_path(system, separator):
    env = start.app_environment({"JUPYTER_PATH": "elsewhere"}, system)
    assert env["JUPYTER_PATH"] == str(ROOT / "share" / "jupyter") + separator + "elsewhere"
    assert start.app_environment({}, system)["JUPYTER_PATH"] == str(ROOT / "share" / "jupyter")


def test_app_command_matches_what_the_browser_tests_serve():
    command = start.app_command("PY", "127.0.0.1", 8891)
    assert command[:3] == ["PY", "-m", "voila"] and command[-1] == "notebooks"
    assert "--template=course" in command and "--no-browser" in command
    assert (ROOT / "share/jupyter/voila/templates/course").is_dir()
    servers = (ROOT / "tests/e2e/jupyter_servers.py").read_text()
    assert f'VOILA_FILE_ALLOWLIST = r"{start.VOILA_FILE_ALLOWLIST}"' in servers


@pytest.mark.parametrize("host,shown", [("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "127.0.0.1"), ("localhost", "localhost")])
def test_addresses(host, shown):
    assert start.lab_address(host, 8888, "abc") == f"http://{shown}:8888/lab/tree/notebooks/00_start_here.ipynb?token=abc"
    assert start.app_address(host, 8889) == f"http://{shown}:8889/"
    assert (ROOT / start.START_NOTEBOOK).is_file()


def test_free_port_skips_a_port_in_use():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert start.free_port("127.0.0.1", taken) > taken


def test_index_options_close_the_network_only_for_a_wheelhouse(tmp_path):
    assert start.index_options(None) == []
    assert start.index_options(str(tmp_path)) == ["--no-index", "--find-links", str(tmp_path)]


# --- set-up: progress, stamps and plain failures --------------------------------------------------
PIP_OUTPUT = ["Collecting anyio==4.16.0\n", "  Downloading anyio-4.16.0-py3-none-any.whl (110 kB)\n",
              "Requirement already satisfied: six==1.17.0 in ./.venv/lib\n",
              "Processing /opt/files/Jinja2-3.1.6-py3-none-any.whl (from -r requirements.txt (line 3))\n",
              "Collecting jsonschema[format-nongpl]>=4.18.0\n",  # a dependency's request: not a new package
              "Collecting anyio>=4\n", "Collecting babel==2.18.0\n",
              "Installing collected packages: anyio, babel\n", "Successfully installed anyio babel\n"]
NAMES = ["anyio", "six", "jinja2", "Babel"]


def test_progress_in_a_log_prints_every_tenth_package_and_the_last():
    out = io.StringIO()
    progress = start.InstallProgress(NAMES, out, interactive=False)
    for line in PIP_OUTPUT:
        progress.feed(line)
    assert out.getvalue().splitlines() == ["  4 of 4 packages: babel==2.18.0", "  Installing (this takes a minute or two)..."]


def test_progress_in_a_terminal_rewrites_one_line():
    out = io.StringIO()
    progress = start.InstallProgress(NAMES, out, interactive=True)
    for line in PIP_OUTPUT:
        progress.feed(line)
    progress.done()
    text = out.getvalue()
    assert text.count("\r") == 5 and "3 of 4 packages: Jinja2" in text and text.endswith("\n")


@pytest.mark.parametrize("output,words", [
    ("OSError: [Errno 28] No space left on device", "disk is full"),
    ("ProxyError('Cannot connect to proxy.', OSError('Tunnel connection failed: 407 Proxy Authentication Required'))", "proxy"),
    ("SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed'))", "inspects"),
    ("NewConnectionError: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution", "no internet"),
    ("OSError: [WinError 206] The filename or extension is too long", "C:\\course"),
    ("ERROR: Could not install packages due to an OSError: [WinError 5] Access is denied", "would not let"),
    ("ERROR: Package 'soupsieve' requires a different Python: 3.10.12 not in '>=3.11.5'", "Python 3.11.5"),
    ("ERROR: No matching distribution found for pandas==3.1.1", "wheelhouse"),
    ("Something nobody has seen before", "setup-log.txt"),
])
def test_pip_failures_are_explained_in_plain_words(output, words):
    assert words in start.explain_pip_failure("Collecting x\n" + output + "\n")


def test_the_stamp_changes_with_the_pins(tmp_path):
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    before = start.stamp_of(start.RUNTIME_FILES, str(tmp_path))
    assert before == start.stamp_of(start.RUNTIME_FILES, str(tmp_path))
    (tmp_path / "requirements.txt").write_text((tmp_path / "requirements.txt").read_text() + "six==1.17.0\n")
    assert start.stamp_of(start.RUNTIME_FILES, str(tmp_path)) != before


def test_read_pins_follows_includes_and_matches_the_files():
    runtime = start.read_pins("requirements.txt")
    everything = start.read_pins("requirements-test.txt")
    assert runtime == everything[:len(runtime)] and len(everything) > len(runtime) > 100
    assert ("soupsieve", "4.1.3") in runtime


def test_check_imports_every_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {canonicalize_name(re.split(r"[<>=!~ ]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    assert declared <= {canonicalize_name(name) for name in start.IMPORT_NAMES}


def test_the_wheelhouse_brings_what_building_the_course_package_needs():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert build == [start.BUILD_REQUIREMENT]


# --- check -----------------------------------------------------------------------------------------
def test_check_lines_and_verdict_use_words_not_colour():
    assert start.check_line("Kernel", True, "starts").split() == ["ok", "Kernel", "starts"]
    assert start.check_line("Kernel", False, "did not").startswith("FAIL ")
    assert start.verdict([["a", True, ""], ["b", True, ""]]).startswith("READY:")
    assert start.verdict([["a", False, ""], ["b", True, ""]]).startswith("NOT READY: 1 problem above.")
    assert start.verdict([["a", False, ""], ["b", False, ""]]).startswith("NOT READY: 2 problems above.")


def test_inside_checks_pass_in_this_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path))
    start.inside_checks()
    import json

    results = json.loads(capsys.readouterr().out)
    assert [r[0] for r in results] == ["Packages", "Imports", "Kernel", "Notebooks", "Progress store"]
    assert all(ok for _, ok, _, _ in results), results
    assert str(tmp_path) in results[-1][2]


def test_a_progress_folder_that_cannot_be_written_fails_the_check(tmp_path, monkeypatch):
    if os.geteuid() == 0:
        blocker = tmp_path / "a-file"  # root writes anywhere: a file where the folder should be
        blocker.write_text("")
        monkeypatch.setenv("COURSE_PROGRESS_DIR", str(blocker / "progress"))
    else:
        (tmp_path / "locked").mkdir(mode=0o500)
        monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "locked"))
    name, ok, detail, _ = start._timed("Progress store", start._check_progress_store)
    assert not ok and "cannot be saved" in detail


def test_a_broken_notebook_fails_the_check(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "bad.ipynb").write_text("{not json")
    monkeypatch.setattr(start, "ROOT", str(tmp_path))
    name, ok, detail, _ = start._timed("Notebooks", start._check_notebooks)
    assert not ok and detail


# --- the wheelhouse --------------------------------------------------------------------------------
def test_download_command_per_platform_and_python():
    linux = dict((key, tags) for key, _, tags in start.WHEEL_PLATFORMS)["linux"]
    command = start.download_command("PY", "/w", linux, "3.11", ["six==1.17.0"])
    assert command[:3] == ["PY", "-m", "pip"] and "--only-binary=:all:" in command and "--no-deps" in command
    assert command[command.index("--python-version") + 1] == FLOOR  # soupsieve's 3.11.5, not 3.11.0
    assert "manylinux_2_28_x86_64" in command and "manylinux2014_x86_64" in command
    assert "manylinux_2_31_x86_64" not in command
    assert start.download_command("PY", "/w", ["win_amd64"], "3.13", [])[-4:] == [
        "--python-version", "3.13", "--platform", "win_amd64"]
    assert "--platform" not in start.download_command("PY", "/w", None, "3.11", [])


def test_pip_download_output_is_read():
    output = ("Collecting six==1.17.0\n  File was already downloaded /w/six-1.17.0-py2.py3-none-any.whl\n"
              "Collecting numpy==2.4.6\n  Saved /w/numpy-2.4.6-cp312-cp312-win_amd64.whl\n"
              "ERROR: No matching distribution found for pamela==1.2.0\n")
    assert start.downloaded_files(output) == ["six-1.17.0-py2.py3-none-any.whl", "numpy-2.4.6-cp312-cp312-win_amd64.whl"]
    assert start.missing_requirement(output) == "pamela==1.2.0"
    assert start.missing_requirement("Successfully downloaded six") is None


@pytest.mark.slow
def test_a_fresh_venv_installs_from_a_wheelhouse_with_the_network_closed(tmp_path):
    """The whole offline path: a wheelhouse for this computer, then set-up with pip's network shut."""
    house = tmp_path / "wheelhouse"
    made = subprocess.run([sys.executable, "start.py", "wheelhouse", str(house), "--platforms", "this-computer"],
                          cwd=ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "NO WHEEL" not in made.stdout and (house / "wheelhouse.txt").is_file()
    wheels = {p.name.split("-")[0].lower().replace("_", "-") for p in house.glob("*.whl")}
    assert {"pandas", "jupyterlab", "voila", "setuptools"} <= wheels

    closed = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    closed.update(PIP_CONFIG_FILE=os.devnull,  # no configured index or links: only the folder
                  HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",  # any download fails
                  PIP_NO_CACHE_DIR="1")
    venv = tmp_path / "venv"
    done = subprocess.run([sys.executable, "start.py", "setup", "--from", str(house), "--venv", str(venv)],
                          cwd=ROOT, capture_output=True, text=True, env=closed)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no internet needed" in done.stdout
    python = start.venv_python(str(venv), start.system_name())
    probe = subprocess.run([python, "-c", "import course_lib, pandas, jupyterlab, voila, ipywidgets; "
                            "from importlib.metadata import version; print(version('soupsieve'))"],
                           capture_output=True, text=True)
    assert probe.stdout.strip() == "4.1.3", probe.stderr
    assert "--no-index" in (venv / "setup-log.txt").read_text()


def test_installing_from_a_folder_without_the_packages_says_what_is_missing(tmp_path):
    closed = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    closed.update(PIP_CONFIG_FILE=os.devnull)
    (tmp_path / "empty").mkdir()
    done = subprocess.run([sys.executable, "start.py", "setup", "--from", str(tmp_path / "empty"),
                           "--venv", str(tmp_path / "venv")], cwd=ROOT, capture_output=True, text=True, env=closed)
    assert done.returncode == 1
    assert "was not found for this computer" in done.stderr and "Traceback" not in done.stderr
