"""JupyterLab and Voilà started for a browser test run, and stopped with every kernel they started.

Each server runs on 127.0.0.1 on a free port, in its own process group, with its own Jupyter
config, data, runtime and settings folders under one temporary folder, so nothing of a
developer's own Jupyter set-up leaks into a test and nothing a test does leaks out. The
learner's progress store is an empty temporary folder too (``COURSE_PROGRESS_DIR``); kernels
inherit it from the server.

Shared by tests/e2e/conftest.py and benchmarks/bench_notebooks_browser.py.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BROWSER_BIN", "/usr/bin/chromium"))

# Without these, headless Chromium keeps trying to reach the (closed) network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# JupyterLab user settings written before the server starts: no "get notified about news?" toast
# (it covers the notebook's toolbar), no update check (no network here).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

# The same switches as app-wide overrides, for any settings a test might reset.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}

# `make app` lets Voilà serve these files next to the notebooks (downloads, images).
VOILA_FILE_ALLOWLIST = r"['.*\.(png|jpg|gif|svg|ics|html|md|json)']"

# `make app` renders with the course's template, found through JUPYTER_PATH in the project's share/.
VOILA_TEMPLATE = "course"
VOILA_TEMPLATES_ROOT = PROJECT_DIR / "share" / "jupyter"


def make_site(root: Path) -> Path:
    """What the servers serve: a copy of notebooks/ and of tests/e2e/notebooks/ (as e2e/).

    A copy, because JupyterLab saves what a test does to a notebook, and the committed notebooks
    must never change under a test."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "prep-pack")
    shutil.copytree(PROJECT_DIR / "notebooks", root / "notebooks", ignore=ignore)
    shutil.copytree(PROJECT_DIR / "tests" / "e2e" / "notebooks", root / "e2e", ignore=ignore)
    (root / "data").symlink_to(PROJECT_DIR / "data")  # for notebooks that link ../data
    return root


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium_missing_message() -> str | None:
    """None when Debian's Chromium is there; else one line saying how to get it."""
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return None
    return (
        f"Chromium is not installed at {CHROMIUM}: browser tests need it "
        "(enable them with `sudo apt-get install chromium`, or run `make test` as root)"
    )


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


@dataclass
class JupyterServer:
    """One running server (JupyterLab or Voilà)."""

    name: str
    url: str
    token: str
    process: subprocess.Popen
    log_path: Path
    known_pids: set[int] = field(default_factory=set)

    # --- REST -----------------------------------------------------------------------------
    def api(self, method: str, path: str, *, timeout: float = 10):
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def remember_children(self) -> None:
        """Note every process the server has started (kernels run in their own process groups)."""
        try:
            self.known_pids.update(p.pid for p in psutil.Process(self.process.pid).children(recursive=True))
        except psutil.Error:
            pass

    def kernel_pids(self) -> set[int]:
        self.remember_children()
        alive = set()
        for pid in self.known_pids:
            try:
                if "ipykernel" in " ".join(psutil.Process(pid).cmdline()):
                    alive.add(pid)
            except psutil.Error:
                pass
        return alive

    # --- stopping -------------------------------------------------------------------------
    def shut_down_kernels(self) -> None:
        """Delete every session and kernel through the REST API (Lab keeps them when a tab closes)."""
        for path, kind in (("/api/sessions", "sessions"), ("/api/kernels", "kernels")):
            try:
                for item in self.api("GET", path) or []:
                    try:
                        self.api("DELETE", f"{path}/{item['id']}", timeout=30)
                    except (urllib.error.URLError, OSError):
                        pass
            except (urllib.error.URLError, OSError, ValueError):
                pass  # Voilà has no sessions API; its kernels go with the process below

    def stop(self) -> None:
        self.remember_children()
        if self.process.poll() is None:
            self.shut_down_kernels()
            self.remember_children()
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        # Kernels live in their own process groups: end any the server did not.
        leftovers = []
        for pid in self.known_pids:
            try:
                proc = psutil.Process(pid)
                proc.terminate()
                leftovers.append(proc)
            except psutil.Error:
                pass
        _, alive = psutil.wait_procs(leftovers, timeout=10)
        for proc in alive:
            try:
                proc.kill()
            except psutil.Error:
                pass


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def isolated_env(base: Path, progress_dir: Path) -> dict[str, str]:
    """Environment for a server: own Jupyter folders, the given progress store, no user config."""
    env = dict(os.environ)
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "jupyter-config"),
        ("JUPYTER_DATA_DIR", "jupyter-data"),
        ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
        ("IPYTHONDIR", "ipython"),
    ):
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    env.pop("COURSE_QUIZ_MODE", None)  # practice mode, whatever the developer's shell says
    env.pop("COURSE_WARM_UPS", None)  # warm-ups as learners get them
    env["COURSE_PROGRESS_DIR"] = str(progress_dir)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # the debugger's frozen-modules notice on stderr
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _root_flags() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def _start(name: str, argv: list[str], env: dict, base: Path, url: str, ready_path: str, token: str,
           timeout: float) -> JupyterServer:
    log_path = base / f"{name}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - the child writes to it for its whole life
    process = subprocess.Popen(
        argv, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    server = JupyterServer(name=name, url=url, token=token, process=process, log_path=log_path)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode} while starting:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{url}{ready_path}", timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"{name} did not answer on {url} within {timeout:.0f} s:\n{server.log_tail()}")
        time.sleep(0.1)  # polling the port; the server prints nothing we could wait on more cheaply


def start_lab(base: Path, progress_dir: Path, *, root: Path = PROJECT_DIR, timeout: float = 90) -> JupyterServer:
    """JupyterLab serving ``root``, with its own settings and workspaces folders under ``base``."""
    base.mkdir(parents=True, exist_ok=True)
    settings_dir, workspaces_dir = base / "lab-user-settings", base / "lab-workspaces"
    app_settings_dir = base / "lab-app-settings"
    for rel, value in LAB_SETTINGS.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    workspaces_dir.mkdir(parents=True, exist_ok=True)
    app_settings_dir.mkdir(parents=True, exist_ok=True)
    (app_settings_dir / "overrides.json").write_text(json.dumps(LAB_OVERRIDES))
    port, token = free_port(), secrets.token_hex(16)
    argv = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
        f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
        "--ServerApp.terminals_enabled=False",
        f"--LabApp.user_settings_dir={settings_dir}", f"--LabApp.workspaces_dir={workspaces_dir}",
        f"--LabApp.app_settings_dir={app_settings_dir}",
        *_root_flags(),
    ]
    url = f"http://127.0.0.1:{port}"
    return _start("jupyterlab", argv, isolated_env(base, progress_dir), base, url,
                  f"/api/status?token={token}", token, timeout)


def start_voila(base: Path, progress_dir: Path, *, root: Path = PROJECT_DIR, timeout: float = 90) -> JupyterServer:
    """Voilà as `make app` starts it (code hidden, same template and file allow-list), serving ``root``."""
    base.mkdir(parents=True, exist_ok=True)
    port = free_port()
    argv = [
        sys.executable, "-m", "voila",
        "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}", f"--template={VOILA_TEMPLATE}",
        f"--VoilaConfiguration.file_allowlist={VOILA_FILE_ALLOWLIST}",
        str(root),  # Voilà has no --allow-root: it runs as root without one
    ]
    env = isolated_env(base, progress_dir)
    env["JUPYTER_PATH"] = str(VOILA_TEMPLATES_ROOT)
    url = f"http://127.0.0.1:{port}"
    return _start("voila", argv, env, base, url, "/", "", timeout)
