#!/usr/bin/env python3
"""Set up and open the course on Windows, macOS or Linux with nothing but Python.

    python start.py                 set up (first run only) and open the course in JupyterLab
    python start.py app             the same, as an app: text and widgets, no code (Voila)
    python start.py check           check this computer before the day: one line per check, a verdict
    python start.py setup           set up only: the folder .venv with the course's packages
    python start.py wheelhouse DIR  download the packages for Windows, macOS and Linux into DIR
    python start.py --from DIR      set up from such a folder, with no internet, then open the course

On Windows type `py` instead of `python`; on macOS and Linux, `python3`. `make lab`, `make app`,
`make check` and `make test` call this file, so both ways install the same packages the same way.
"""
# This file must *parse* on any Python, 2.7 included, so that an old one is told in a sentence what
# to install instead of failing with a SyntaxError: no f-strings, annotations, keyword-only
# arguments or other newer syntax (tests/test_start.py checks). Python-3-only modules are imported
# inside the functions that run after the version check.
from __future__ import print_function

import os
import sys

# The oldest Python every pinned package accepts (soupsieve 4.1 asks for 3.11.5; numpy, pandas,
# matplotlib, contourpy and ipykernel for 3.11). pyproject.toml, environment.yml, the README and
# course_lib/__main__.py say the same; tests/test_start.py keeps them equal.
PYTHON_FLOOR = (3, 11, 5)
# The newest Python that every pinned package has ready-made wheels for (the wheelhouse shows it):
# on a newer one pip would try to compile numpy and the like from source, and fail.
PYTHON_NEWEST = (3, 14)
PYTHON_DOWNLOADS = "https://www.python.org/downloads/"

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
RUNTIME_FILES = ("requirements.txt", "pyproject.toml")
TEST_FILES = ("requirements-test.txt",)
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8888
# The files Voila may serve next to the notebooks (downloads, images); tests/e2e uses the same list.
VOILA_FILE_ALLOWLIST = r"['.*\.(png|jpg|gif|svg|ics|html|md|json)']"


# --- the Python version: checked before anything else ------------------------------------------
def version_text(version):
    return ".".join(str(part) for part in tuple(version)[:3])


def python_is_supported(found):
    return PYTHON_FLOOR <= tuple(found)[:3] and tuple(found)[:2] <= PYTHON_NEWEST


def unsupported_sentence(found, executable, system):
    """One sentence for a Python the pins do not support: what was found, what is needed, where to
    get it, and what to type then."""
    newest = "%d.%d" % PYTHON_NEWEST
    if tuple(found)[:3] < PYTHON_FLOOR:
        where = "This is Python %s (%s), and the course needs Python %s or newer: " % (
            version_text(found), executable, version_text(PYTHON_FLOOR))
        if system == "windows":
            return where + ("install it from %s (tick 'Add python.exe to PATH'), then run `py start.py` "
                            "again." % PYTHON_DOWNLOADS)
        if system == "macos":
            return where + ("install it with the macOS installer from %s, then open a new Terminal window "
                            "and run `python3 start.py` again." % PYTHON_DOWNLOADS)
        return where + ("install python3.12 or newer with your package manager, or use conda where it has "
                        "none (README.md, 'conda and Binder'), then run `python3.12 start.py`.")
    command = "py -%s start.py" % newest if system == "windows" else "python%s start.py" % newest
    return ("This is Python %s (%s), newer than the course's packages are made for (Python %s to %s): "
            "install Python %s beside it from %s, then run `%s`." % (
                version_text(found), executable, version_text(PYTHON_FLOOR), newest, newest,
                PYTHON_DOWNLOADS, command))


def system_name(platform=None):
    """'windows', 'macos' or 'linux' (anything else is treated like Linux)."""
    platform = platform or sys.platform
    if platform.startswith("win") or platform == "cygwin":
        return "windows"
    if platform == "darwin":
        return "macos"
    return "linux"


def require_python():
    if not python_is_supported(sys.version_info):
        print(unsupported_sentence(sys.version_info, sys.executable, system_name()), file=sys.stderr)
        sys.exit(1)


# --- per-platform choices (pure functions, tested for every platform) ---------------------------
def venv_python(venv, system):
    """The virtual environment's own Python: Scripts\\python.exe on Windows, bin/python elsewhere."""
    if system == "windows":
        return venv + "\\Scripts\\python.exe" if "\\" in venv else os.path.join(venv, "Scripts", "python.exe")
    return os.path.join(venv, "bin", "python")


def root_flags(system, euid):
    """Jupyter refuses to run as root (containers, CI machines) unless told it may."""
    return ["--allow-root"] if system != "windows" and euid == 0 else []


def can_open_browser(system, environ):
    """Windows and macOS always have a screen; Linux has one when a display server is named."""
    if system in ("windows", "macos"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def joined_path(first, rest, system):
    """``first`` put before a search path in an environment variable (';' on Windows, ':' elsewhere)."""
    separator = ";" if system == "windows" else ":"
    return first + separator + rest if rest else first


def lab_command(python, host, port, token, system, euid):
    return [python, "-m", "jupyterlab", "--no-browser", "--ip", host, "--port", str(port),
            "--ServerApp.port_retries=0", "--IdentityProvider.token=" + token,
            # Ctrl+C stops at once instead of asking "Shutdown this Jupyter server (y/[n])?"
            "--ServerApp.answer_yes=True", "--ServerApp.log_level=WARN"] + root_flags(system, euid)


def lab_address(host, port, token):
    return "http://%s:%d/lab/tree/%s?token=%s" % (browser_host(host), port, START_NOTEBOOK, token)


def app_command(python, host, port):
    # The course's Voila template (share/jupyter/voila/templates/course): one centred column.
    # Voila has no --allow-root: it runs as root without one.
    return [python, "-m", "voila", "--no-browser", "--Voila.ip=" + host, "--port", str(port),
            "--template=course", "--VoilaConfiguration.file_allowlist=" + VOILA_FILE_ALLOWLIST,
            "notebooks"]


def app_environment(environ, system):
    env = dict(environ)
    env["JUPYTER_PATH"] = joined_path(os.path.join(ROOT, "share", "jupyter"), environ.get("JUPYTER_PATH", ""), system)
    return env


def app_address(host, port):
    return "http://%s:%d/" % (browser_host(host), port)


def browser_host(host):
    """Where a browser on this computer finds a server listening on ``host``."""
    return "127.0.0.1" if host in ("0.0.0.0", "", "::") else host


def index_options(from_dir):
    """pip's options: PyPI (and whatever pip is configured with), or only the folder, no network."""
    return ["--no-index", "--find-links", os.path.abspath(from_dir)] if from_dir else []


# --- pins ----------------------------------------------------------------------------------------
def read_pins(name, root=ROOT):
    """[(name, version)] from a requirements file, following -r includes."""
    pins = []
    with open(os.path.join(root, name)) as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("-r "):
                pins.extend(read_pins(line[3:].strip(), root))
            elif "==" in line:
                package, version = line.split("==", 1)
                pins.append((package.strip(), version.strip()))
    return pins


def stamp_of(names, root=ROOT):
    """A fingerprint of the dependency files: the set-up is redone only when one of them changed."""
    import hashlib

    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        with open(os.path.join(root, name), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


# --- set-up ---------------------------------------------------------------------------------------
class SetupFailed(Exception):
    """Set-up could not finish; the message says why in plain words."""


PIP_FAILURES = [
    # (words pip prints, what to tell the learner)
    (("No space left on device", "[Errno 28]", "not enough space"),
     "The disk is full. The course needs about 800 MB free: delete or move some files, then run this again."),
    (("ProxyError", "407 Proxy", "Tunnel connection failed"),
     "A proxy stands between this computer and the internet. Set HTTPS_PROXY to its address "
     "(ask your IT team), or set up from a wheelhouse folder: python start.py --from FOLDER."),
    (("CERTIFICATE_VERIFY_FAILED", "SSLError", "certificate verify failed"),
     "This network inspects secure connections (common on work laptops), so downloads are refused. "
     "Use another network, or set up from a wheelhouse folder: python start.py --from FOLDER."),
    (("Failed to establish a new connection", "Name or service not known", "getaddrinfo failed",
      "Temporary failure in name resolution", "Network is unreachable", "Read timed out",
      "Connection reset", "No connection could be made"),
     "The packages could not be downloaded: this computer seems to have no internet connection. "
     "Connect to the internet, or set up from a wheelhouse folder: python start.py --from FOLDER."),
    (("WinError 206", "filename or extension is too long", "File name too long", "Filename too long"),
     "Windows refused a long file name. Move the course folder close to the top of the drive "
     "(for example C:\\course) and run this again."),
    (("Permission denied", "Access is denied", "WinError 5"),
     "This computer would not let the course write to its folder. Put the course in a folder of your "
     "own (for example in Documents), and on a work laptop ask IT whether security software blocks Python."),
    (("requires a different Python", "Requires-Python"),
     "A package does not accept this Python version. Install Python %s or newer from %s."
     % (version_text(PYTHON_FLOOR), PYTHON_DOWNLOADS)),
    (("No matching distribution found",),
     "A package the course needs was not found for this computer. Setting up from a wheelhouse folder? "
     "It has no copy for this Python version or system: make it with `wheelhouse` for this version too."),
]


def explain_pip_failure(output):
    """The first plain explanation whose words appear in pip's output, or a general one."""
    for words, advice in PIP_FAILURES:
        if any(word in output for word in words):
            return advice
    return ("The packages could not be installed. The last lines pip printed are above; the whole log is "
            "in .venv/setup-log.txt. Show them to your facilitator.")


def package_key(text):
    """A package's name as pip compares names: 'Jinja2', 'jinja2 ' and 'jinja2' are one package."""
    import re

    name = re.split(r"[<>=!~\[;( ]", text.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


class InstallProgress(object):
    """Turns pip's output into a short progress display: how many of the pinned packages pip has
    got so far (one updating line in a terminal, every tenth in a log); its own lines go to the log."""

    def __init__(self, names, out, interactive):
        self.wanted = set(package_key(name) for name in names)
        self.out = out
        self.interactive = interactive
        self.seen = set()
        self.tail = []

    def feed(self, line):
        line = line.rstrip()
        self.tail = (self.tail + [line])[-15:]
        name = None
        if line.startswith("Collecting "):
            name = line.split()[1]
        elif line.startswith("Processing ") and line.split()[1].endswith(".whl"):
            name = os.path.basename(line.split()[1]).split("-")[0]
        elif line.startswith("Requirement already satisfied: "):
            name = line.split()[3]
        if name and package_key(name) in self.wanted and package_key(name) not in self.seen:
            self.seen.add(package_key(name))
            self.show("  %d of %d packages: %s" % (len(self.seen), len(self.wanted), name))
        elif line.startswith("Installing collected packages") and len(self.wanted) > 1:
            self.show("  Installing (this takes a minute or two)...", final=True)

    def show(self, text, final=False):
        if self.interactive:
            self.out.write("\r" + text.ljust(78)[:78] + ("\n" if final else ""))
        elif final or len(self.seen) % 10 == 0 or len(self.seen) == len(self.wanted):
            self.out.write(text + "\n")
        self.out.flush()

    def done(self):
        if self.interactive:
            self.out.write("\n")


def run_pip(python, args, names, log_path):
    """pip with a plain progress display; its whole output goes to the log file."""
    import subprocess

    command = [python, "-m", "pip", "install", "--disable-pip-version-check"] + args
    progress = InstallProgress(names, sys.stdout, sys.stdout.isatty())
    with open(log_path, "a") as log:
        log.write("\n$ " + " ".join(command) + "\n")
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   universal_newlines=True, errors="replace")
        output = []
        for line in process.stdout:
            log.write(line)
            output.append(line)
            progress.feed(line)
        process.wait()
    progress.done()
    if process.returncode != 0:
        text = "".join(output)
        print("\n".join("    " + line for line in progress.tail if line.strip()))
        raise SetupFailed(explain_pip_failure(text))


def make_venv(venv, system):
    """The course's own folder of packages, made with this Python."""
    import shutil
    import subprocess

    python = venv_python(venv, system)
    if os.path.exists(python):
        found = subprocess.run([python, "-c", "import sys; print(tuple(sys.version_info[:3]))"],
                               capture_output=True, text=True)
        if found.returncode == 0 and python_is_supported(tuple(int(p) for p in found.stdout.strip("()\n ").split(","))):
            return python
        print("The folder .venv was made with a Python that no longer works or does not suit the course: "
              "making it afresh.")
        shutil.rmtree(venv)
    print("Making the course's own folder of packages (.venv) with Python %s..." % version_text(sys.version_info))
    made = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True, text=True)
    if made.returncode != 0:
        if "ensurepip" in made.stdout + made.stderr:
            raise SetupFailed("This Python cannot make virtual environments yet. On Debian or Ubuntu, "
                              "install it with: sudo apt install python3-venv (then run this again).")
        raise SetupFailed("The folder .venv could not be made: " + (made.stderr or made.stdout).strip())
    return python


def setup(venv=VENV, from_dir=None, tests=False, system=None):
    """Make .venv and install the pinned set into it, unless it is already there. Returns its Python."""
    import time

    system = system or system_name()
    python = make_venv(venv, system)
    log_path = os.path.join(venv, "setup-log.txt")
    steps = [(".runtime", RUNTIME_FILES, ["-r", "requirements.txt"], read_pins("requirements.txt"))]
    if tests:
        steps.append((".test", RUNTIME_FILES + TEST_FILES, ["-r", "requirements-test.txt"],
                      read_pins("requirements-test.txt")))
    compared = [os.path.join(ROOT, name) for name in RUNTIME_FILES + (TEST_FILES if tests else ())]
    for stamp_name, files, args, pins in steps:
        stamp_path = os.path.join(venv, stamp_name)
        wanted = stamp_of(files)
        if os.path.exists(stamp_path) and open(stamp_path).read().strip() == wanted:
            # Same content but older than what make compares it with (a checkout, a touched file):
            # touch it so make sees it up to date too. Only then: a needless touch of .runtime would
            # make .test look out of date to make.
            if os.path.getmtime(stamp_path) < max(os.path.getmtime(p) for p in compared):
                os.utime(stamp_path, None)
            compared.append(stamp_path)
            continue
        started = time.time()
        where = "from " + from_dir + " (no internet needed)" if from_dir else "from the internet"
        print("Installing the course's %d %spackages %s..." % (
            len(pins), "test " if stamp_name == ".test" else "", where))
        run_pip(python, args + index_options(from_dir), [name for name, _ in pins], log_path)
        if stamp_name == ".runtime":
            run_pip(python, ["--no-deps", "-e", "."] + index_options(from_dir), ["course_lib"], log_path)
        with open(stamp_path, "w") as handle:
            handle.write(wanted + "\n")
        compared.append(stamp_path)
        print("Done in %d seconds." % round(time.time() - started))
    return python


# --- opening the course ---------------------------------------------------------------------------
def free_port(host, preferred, tries=50):
    """``preferred`` if nothing listens there, else the next free port after it."""
    import socket

    for port in range(preferred, preferred + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host if host not in ("", "::") else "0.0.0.0", port))
            except OSError:
                continue
            return port
    raise SetupFailed("No free port between %d and %d: close other Jupyter windows, or pass --port." % (
        preferred, preferred + tries - 1))


def wait_until_listening(process, host, port, timeout=180):
    import socket
    import time

    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection((browser_host(host), port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.3)
    return False


def serve(kind, options):
    """Start JupyterLab or Voila from .venv, say the address, open a browser when there is a screen."""
    import secrets
    import subprocess
    import webbrowser

    system = system_name()
    python = setup(options.venv, options.from_dir, system=system)
    port = free_port(options.host, options.port)
    if port != options.port:
        print("Port %d is in use, so the course uses port %d." % (options.port, port))
    if kind == "lab":
        token = secrets.token_hex(16)
        command = lab_command(python, options.host, port, token, system, os.geteuid() if hasattr(os, "geteuid") else -1)
        address, env = lab_address(options.host, port, token), dict(os.environ)
        name = "JupyterLab"
    else:
        command, address = app_command(python, options.host, port), app_address(options.host, port)
        env, name = app_environment(os.environ, system), "the app view"
    print("Starting %s..." % name)
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        if not wait_until_listening(process, options.host, port):
            process.terminate()
            raise SetupFailed("%s did not start. The messages above say why; `python start.py check` "
                              "checks the set-up." % name)
        print("\nThe course is open at this address (copy it into a browser if none opened):\n\n    %s\n" % address)
        print("Keep this window open while you work. Press Ctrl+C here to stop; your answers are already saved.")
        if options.browser and can_open_browser(system, os.environ):
            webbrowser.open(address)
        return process.wait()
    except KeyboardInterrupt:
        print("\nStopping...")
        process.terminate()
        process.wait()
        return 0


# --- check ------------------------------------------------------------------------------------------
# The import name of every runtime dependency in pyproject.toml, plus what a notebook needs to run.
IMPORT_NAMES = {
    "ipywidgets": "ipywidgets", "jupyterlab": "jupyterlab", "notebook": "notebook", "voila": "voila",
    "pandas": "pandas", "matplotlib": "matplotlib", "pydantic": "pydantic", "PyYAML": "yaml",
    "platformdirs": "platformdirs", "jsonschema": "jsonschema", "fsrs": "fsrs", "ipykernel": "ipykernel",
    "nbformat": "nbformat", "jupyter_client": "jupyter_client", "course_lib": "course_lib",
    "argon2-cffi-bindings": "_argon2_cffi_bindings", "tornado": "tornado",
}


def _timed(name, work):
    """(name, ok, detail, seconds) for one check; an unexpected error is a failed check, not a crash."""
    import time

    started = time.time()
    try:
        ok, detail = work()
    except Exception as error:  # noqa: BLE001 - any failure is this check's result
        ok, detail = False, "%s: %s" % (type(error).__name__, error)
    return [name, ok, detail, round(time.time() - started, 2)]


def _check_packages():
    from importlib import metadata

    pins = read_pins("requirements.txt")
    wrong = []
    for name, version in pins:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(name + " missing")
            continue
        if installed != version:
            wrong.append("%s %s (wanted %s)" % (name, installed, version))
    if wrong:
        return False, "%d of %d not as pinned: %s. Run `python start.py setup` again." % (
            len(wrong), len(pins), ", ".join(wrong[:5]))
    return True, "all %d at their pinned versions" % len(pins)


def _check_imports():
    import importlib

    failed = []
    for module in sorted(set(IMPORT_NAMES.values())):
        try:
            importlib.import_module(module)
        except Exception as error:  # noqa: BLE001 - a broken package fails in many ways
            failed.append("%s (%s)" % (module, error))
    if failed:
        return False, "cannot import " + "; ".join(failed)
    return True, "%d modules import, the course's helpers included" % len(set(IMPORT_NAMES.values()))


def _check_kernel():
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=120, cwd=os.path.join(ROOT, "notebooks"))
    lines = []
    try:
        reply = client.execute_interactive(
            "import sys, course_lib; print(sys.prefix); print(6 * 7)", timeout=60,
            output_hook=lambda msg: lines.append(msg["content"].get("text", "")))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    printed = "".join(lines).split()
    if reply["content"]["status"] != "ok" or printed[-1:] != ["42"]:
        return False, "a notebook kernel started but could not run a cell: " + " ".join(printed)[:200]
    if os.path.realpath(printed[0]) != os.path.realpath(sys.prefix):
        return False, ("a notebook kernel starts, but with the Python in %s, not the course's .venv: remove "
                       "the 'python3' kernel from your Jupyter settings folder" % printed[0])
    return True, "a notebook kernel starts and runs a cell"


def _check_notebooks():
    import nbformat

    paths = []
    for folder, dirs, files in os.walk(os.path.join(ROOT, "notebooks")):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        paths.extend(os.path.join(folder, f) for f in files if f.endswith(".ipynb"))
    for path in paths:
        nbformat.validate(nbformat.read(path, as_version=4))
    if not paths:
        return False, "no notebooks found in " + os.path.join(ROOT, "notebooks")
    return True, "all %d notebooks open" % len(paths)


def _check_progress_store():
    from course_lib.progress import Store, StoreUnavailable, store_file

    try:
        store = Store(store_file(), fallbacks=[])  # no fall-back: say so if the learner's own folder fails
    except StoreUnavailable as error:
        return False, str(error)
    store.close()
    return True, "answers will be saved in " + str(store.path)


def inside_checks():
    """The checks that run in .venv's own Python; printed as JSON for the outer `check`."""
    import json

    results = [
        _timed("Packages", _check_packages),
        _timed("Imports", _check_imports),
        _timed("Kernel", _check_kernel),
        _timed("Notebooks", _check_notebooks),
        _timed("Progress store", _check_progress_store),
    ]
    print(json.dumps(results))
    return 0


def check_line(name, ok, detail):
    """One line a facilitator can read on a screenshot; the word says it all, colour is never used."""
    return "%-6s %-15s %s" % ("ok" if ok else "FAIL", name, detail)


def verdict(results):
    problems = sum(1 for result in results if not result[1])
    if problems == 0:
        return "READY: this computer can run the course."
    return "NOT READY: %d problem%s above. Fix %s, or show this screen to your facilitator." % (
        problems, "" if problems == 1 else "s", "it" if problems == 1 else "them")


def check(options):
    import json
    import platform
    import subprocess
    import time

    started = time.time()
    system = system_name()
    results = [["Python", True, "%s, %s (%s or newer needed)" % (
        version_text(sys.version_info), sys.executable, version_text(PYTHON_FLOOR))]]
    print(check_line(*results[0]))
    try:
        python = setup(options.venv, options.from_dir, system=system)
        results.append(["Set-up", True, "the course's packages are in " + options.venv])
    except SetupFailed as error:
        python = None
        results.append(["Set-up", False, str(error)])
    print(check_line(*results[-1][:3]))
    if python:
        inside = subprocess.run([python, os.path.abspath(__file__), "_inside-check"], cwd=ROOT,
                                capture_output=True, text=True)
        try:
            found = json.loads(inside.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            found = [["Packages", False, "the course's Python could not run the checks: " +
                      (inside.stderr.strip().splitlines() or ["no output"])[-1]]]
        for result in found:
            results.append(result[:3])
            print(check_line(*result[:3]))
    try:
        port = free_port(options.host, options.port)
        results.append(["Port", True, "%d is free" % port if port == options.port else
                        "%d is in use; the course will use %d" % (options.port, port)])
    except SetupFailed as error:
        results.append(["Port", False, str(error)])
    print(check_line(*results[-1]))
    print("")
    print(verdict(results))
    print("(%s, %s, checked %s in %d s)" % (platform.platform(terse=True), platform.machine(),
                                           time.strftime("%Y-%m-%d %H:%M"), round(time.time() - started)))
    return 0 if all(result[1] for result in results) else 1


# --- wheelhouse: every package for a room, on a USB stick ------------------------------------------
# pip's platform tags per system. pip widens a macOS tag to the older macOS versions (and universal2)
# by itself, but takes Linux tags literally, so Linux lists every glibc from 2.28 (Debian 10, Ubuntu
# 20.04, Fedora 29 and later) down.
WHEEL_PLATFORMS = [
    ("windows", "Windows, 64-bit", ["win_amd64"]),
    ("macos-intel", "macOS 12+, Intel", ["macosx_12_0_x86_64"]),
    ("macos-apple", "macOS 12+, Apple silicon", ["macosx_12_0_arm64"]),
    ("linux", "Linux, x86-64, glibc 2.28+",
     ["manylinux_2_%d_x86_64" % minor for minor in range(28, 4, -1)]
     + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]),
]
WHEEL_PYTHONS = ["3.%d" % minor for minor in range(PYTHON_FLOOR[1], PYTHON_NEWEST[1] + 1)]
# What `pip install -e .` needs to build the course's own package (pyproject.toml's build-system).
BUILD_REQUIREMENT = "setuptools>=69"


def pip_version_option(python):
    """pip's --python-version: the floor itself for the oldest minor version, so pins that ask
    for a patch release (soupsieve: 3.11.5) are judged as the learner's Python would judge them."""
    if python == "%d.%d" % PYTHON_FLOOR[:2]:
        return version_text(PYTHON_FLOOR)
    return python


def download_command(pip_python, folder, platform_tags, python, requirements):
    command = [pip_python, "-m", "pip", "download", "--disable-pip-version-check", "--no-deps",
               "--only-binary=:all:", "--dest", folder]
    if platform_tags is not None:
        command += ["--implementation", "cp", "--python-version", pip_version_option(python)]
        for tag in platform_tags:
            command += ["--platform", tag]
    return command + requirements


def missing_requirement(output):
    """The requirement pip could not find a wheel for, from its last words, or None."""
    marker = "No matching distribution found for "
    for line in reversed(output.splitlines()):
        if marker in line:
            return line.split(marker, 1)[1].strip()
    return None


def downloaded_files(output):
    """The wheel file names pip saved or found already there."""
    names = []
    for line in output.splitlines():
        line = line.strip()
        for marker in ("Saved ", "File was already downloaded "):
            if line.startswith(marker):
                names.append(os.path.basename(line[len(marker):].strip()))
    return names


def download_set(pip_python, folder, platform_tags, python, requirements):
    """Download one platform's wheels for one Python. Returns (files, missing requirements): a
    package with no wheel there (only source code, or no release for that Python) is left out,
    reported, and the rest still downloaded."""
    import subprocess

    wanted, missing, files = list(requirements), [], []
    while wanted:
        done = subprocess.run(download_command(pip_python, folder, platform_tags, python, wanted),
                              capture_output=True, text=True)
        files.extend(downloaded_files(done.stdout))
        if done.returncode == 0:
            break
        lost = missing_requirement(done.stdout + done.stderr)
        if lost is None or lost not in wanted:
            raise SetupFailed("pip could not download the packages: " + explain_pip_failure(done.stdout + done.stderr)
                              + "\n" + (done.stderr.strip().splitlines() or [""])[-1])
        missing.append(lost)
        wanted = wanted[wanted.index(lost) + 1:]  # those before it are already in the folder
    return sorted(set(files)), missing


def megabytes(size):
    return "%.0f MB" % (size / 1e6)


def wheelhouse(options):
    import importlib.util
    import time

    folder = os.path.abspath(options.folder)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    pip_python = sys.executable if importlib.util.find_spec("pip") else make_venv(options.venv, system_name())
    requirements = ["%s==%s" % pin for pin in read_pins("requirements.txt")] + [BUILD_REQUIREMENT]
    chosen = options.platforms.split(",")
    known = [key for key, _, _ in WHEEL_PLATFORMS] + ["this-computer"]
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise SetupFailed("Unknown platform %s: choose from %s." % (", ".join(unknown), ", ".join(known)))
    combos = []
    for key, label, tags in WHEEL_PLATFORMS + [("this-computer", "this computer", None)]:
        if key in chosen:
            for python in ([version_text(sys.version_info)[:4].rstrip(".")] if tags is None else options.pythons.split(",")):
                combos.append((key, label, tags, python))
    sizes, report, all_missing = {}, [], []
    for number, (key, label, tags, python) in enumerate(combos, 1):
        started = time.time()
        files, missing = download_set(pip_python, folder, tags, python, requirements)
        sizes.setdefault(label, set()).update(files)
        size = sum(os.path.getsize(os.path.join(folder, name)) for name in files)
        line = "[%d/%d] %s, Python %s: %d wheels, %s (%d s)" % (
            number, len(combos), label, python, len(files), megabytes(size), round(time.time() - started))
        if missing:
            line += "; NO WHEEL for " + ", ".join(missing)
            all_missing.append("%s, Python %s: %s" % (label, python, ", ".join(missing)))
        print(line)
        report.append(line)
    report.append("")
    for label, files in sizes.items():
        report.append("%s, all its Python versions: %s" % (
            label, megabytes(sum(os.path.getsize(os.path.join(folder, name)) for name in files))))
    everything = set().union(*sizes.values()) if sizes else set()
    report.append("The whole folder: %d files, %s (a wheel shared by several systems is there once)." % (
        len(everything), megabytes(sum(os.path.getsize(os.path.join(folder, name)) for name in everything))))
    if all_missing:
        report.append("Learners on these need the internet (or another Python version) for the packages named: "
                      + "; ".join(all_missing))
    report.append("Install on a learner's computer with: python start.py --from FOLDER (Windows: py start.py --from FOLDER)")
    with open(os.path.join(folder, "wheelhouse.txt"), "w") as handle:
        handle.write("Made by start.py on %s.\n" % time.strftime("%Y-%m-%d") + "\n".join(report) + "\n")
    print("\n".join(report[len(combos):]))
    return 0


# --- the command line -----------------------------------------------------------------------------
COMMANDS = ["lab", "app", "check", "setup", "wheelhouse"]


def parse(argv):
    import argparse

    parser = argparse.ArgumentParser(prog="start.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.split("\n")[2:9]))
    parser.add_argument("command", nargs="?", default="lab", choices=COMMANDS + ["_inside-check"],
                        metavar="|".join(COMMANDS), help="what to do (default: lab)")
    parser.add_argument("folder", nargs="?", help="wheelhouse: the folder to download into")
    parser.add_argument("--from", dest="from_dir", metavar="FOLDER",
                        help="install from a wheelhouse folder, with no internet")
    parser.add_argument("--host", default=DEFAULT_HOST, help="the address to serve on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="the port to try first (default: %(default)s)")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="do not open a browser")
    parser.add_argument("--venv", default=VENV, help=argparse.SUPPRESS)
    parser.add_argument("--tests", action="store_true", help="setup: add the packages the tests need")
    parser.add_argument("--platforms", default=",".join(key for key, _, _ in WHEEL_PLATFORMS),
                        help="wheelhouse: which systems (default: %(default)s; also: this-computer)")
    parser.add_argument("--pythons", default=",".join(WHEEL_PYTHONS),
                        help="wheelhouse: which Python versions (default: %(default)s)")
    options = parser.parse_args(argv)
    if options.command == "wheelhouse" and not options.folder:
        parser.error("wheelhouse needs a folder: python start.py wheelhouse FOLDER")
    if options.from_dir and not os.path.isdir(options.from_dir):
        parser.error("--from %s: there is no such folder" % options.from_dir)
    options.venv = os.path.abspath(options.venv)
    return options


def main(argv=None):
    require_python()
    options = parse(sys.argv[1:] if argv is None else argv)
    try:
        if options.command in ("lab", "app"):
            return serve(options.command, options)
        if options.command == "check":
            return check(options)
        if options.command == "setup":
            setup(options.venv, options.from_dir, tests=options.tests)
            print("The course is set up. Open it with: python start.py (or: python start.py app)")
            return 0
        if options.command == "wheelhouse":
            return wheelhouse(options)
        return inside_checks()
    except SetupFailed as error:
        print("\n" + str(error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
