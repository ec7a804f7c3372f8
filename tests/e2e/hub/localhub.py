"""A real JupyterHub on 127.0.0.1, and students who use it through headless Chromium.

Used by tests/e2e/hub/test_hub.py and benchmarks/bench_hub_memory.py. The hub runs jupyterhub from
the course's virtual environment, configurable-http-proxy from npm (installed once into
.cache/node from the lock file in node/ here), the settings in jupyterhub_config.py here,
and keeps all its state in one folder. Every process it starts carries a mark in its
environment, so :meth:`LocalHub.stop` can find and stop all of them, even orphans.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CONFIG = HERE / "jupyterhub_config.py"
NODE_SPEC = HERE / "node"  # package.json + package-lock.json: the proxy's exact version
NODE_DIR = ROOT / ".cache" / "node"
VENV_BIN = Path(sys.prefix) / "bin"
COURSE = "second-interview-course"  # the folder nbgitpuller makes in each home (the repository's name)

SLOW = 180_000  # ms: a server's first start on a busy two-core machine

# The browser tests' helpers drive JupyterLab the same way under the hub.
sys.path.insert(0, str(HERE.parent))
from jupyter_servers import LAB_SETTINGS, chromium_missing_message, launch_chromium  # noqa: E402,F401
from notebook_ui import LabNotebook  # noqa: E402


class HubUnavailable(Exception):
    """This machine cannot run the hub (no node/npm, or the npm registry cannot be reached)."""


# --- the proxy ------------------------------------------------------------------------------

def install_proxy() -> Path:
    """configurable-http-proxy in .cache/node, installed from the lock file unless already there."""
    binary = NODE_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
    spec = [NODE_SPEC / "package.json", NODE_SPEC / "package-lock.json"]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in spec)).hexdigest()
    stamp = NODE_DIR / ".installed"
    if binary.exists() and stamp.exists() and stamp.read_text() == digest:
        return binary
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        raise HubUnavailable("node and npm are not installed, so configurable-http-proxy cannot be installed")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    for p in spec:
        shutil.copy(p, NODE_DIR / p.name)
    try:
        done = subprocess.run(
            [npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--loglevel=error",
             "--fetch-timeout=60000", "--fetch-retries=1"],  # an unreachable registry fails in minutes, not hours
            capture_output=True, text=True, timeout=600,
        )
    except subprocess.TimeoutExpired:
        raise HubUnavailable("npm did not finish installing configurable-http-proxy in 10 minutes") from None
    if done.returncode != 0 or not binary.exists():
        lines = [line.removeprefix("npm error").strip() for line in done.stderr.splitlines() if line.strip()]
        reason = next((line for line in lines if "reason:" in line), lines[0] if lines else "no message")
        raise HubUnavailable(f"npm could not install configurable-http-proxy ({reason})")
    stamp.write_text(digest)
    return binary


# --- processes ------------------------------------------------------------------------------

def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:  # gone, or not ours to read
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has already stopped; only its parent's bookkeeping is left


def _all_pids() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def children(pid: int) -> list[int]:
    """Every process below ``pid`` in the process tree."""
    parents = {}
    for p in _all_pids():
        try:
            parents[p] = int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        below = [p for p, parent in parents.items() if parent in frontier]
        found += below
        frontier = below
    return found


def memory(pid: int) -> dict[str, int]:
    """Resident memory of one process in bytes: ``rss`` and ``pss`` (shared pages split fairly)."""
    figures = {"rss": 0, "pss": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name.lower() in figures:
                figures[name.lower()] = int(rest.split()[0]) * 1024
    except OSError:
        pass
    return figures


def cpu_seconds(pid: int) -> float:
    """Processor time ``pid`` has used so far (user + system), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the hub --------------------------------------------------------------------------------

class LocalHub:
    """A JupyterHub whose state, student homes and logs all live under ``workdir``.

    The teacher's copy of the course is a git repository under ``workdir`` too, holding the
    course's notebooks; students fetch it into ``~/second-interview-course/`` with the
    nbgitpuller link (:meth:`Student.get_course`), and the teacher changes it with
    :meth:`commit_course`.
    """

    def __init__(self, workdir: Path, *, password: str = "second-interview"):
        self.workdir = Path(workdir)
        self.course_repo = self.workdir / "teacher" / COURSE
        self.password = password
        self.state = self.workdir / "hub-state"
        self.homes = self.workdir / "homes"
        self.log = self.workdir / "jupyterhub.log"
        self.run_id = uuid.uuid4().hex
        self.facilitators = ("teacher",)  # who may open the room service's projector
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def room_url(self) -> str:
        """The room service, through the hub's proxy, as a browser reaches it."""
        return f"{self.url}/services/room"

    def home(self, user: str) -> Path:
        return self.homes / user

    def progress_dir(self, user: str) -> Path:
        """Where ``user``'s progress store lives (jupyterhub_config.py sets COURSE_PROGRESS_DIR to it)."""
        return self.home(user) / ".course-progress"

    def start(self, timeout: float = 120) -> "LocalHub":
        proxy = install_proxy()
        self._make_course_repo()
        self.state.mkdir(parents=True, exist_ok=True)
        self.homes.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        env = dict(
            os.environ,
            COURSE_HUB_STATE=str(self.state),
            COURSE_HUB_HOMES=str(self.homes),
            COURSE_HUB_PORT=str(self.port),
            COURSE_HUB_API_PORT=str(_free_port()),
            COURSE_HUB_PROXY_API_PORT=str(_free_port()),
            COURSE_HUB_PROXY=str(proxy),
            COURSE_HUB_SINGLEUSER=str(VENV_BIN / "jupyterhub-singleuser"),
            COURSE_HUB_PASSWORD=self.password,
            COURSE_HUB_LAB_SETTINGS=json.dumps(LAB_SETTINGS),
            COURSE_HUB_RUN=self.run_id,
            COURSE_HUB_ROOM_PORT=str(_free_port()),
            COURSE_HUB_FACILITATORS=",".join(self.facilitators),
        )
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(VENV_BIN / "jupyterhub"), "-f", str(CONFIG)],
                cwd=self.state, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        try:
            self._wait_until_up(timeout)
        except BaseException:
            self.stop()  # also the proxy, if the hub got that far
            raise
        return self

    def _wait_until_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub stopped while starting:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/health", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)  # polling: the hub announces nothing we could wait on more cheaply
        raise RuntimeError(f"JupyterHub did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def _make_course_repo(self) -> None:
        if (self.course_repo / ".git").exists():
            return
        shutil.copytree(ROOT / "notebooks", self.course_repo / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self._git("init", "--quiet", "--initial-branch=main")
        self.commit_course("The course's notebooks")

    def _git(self, *args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Teacher", "-c", "user.email=teacher@example.org", *args],
                       cwd=self.course_repo, check=True, capture_output=True)

    def commit_course(self, message: str) -> None:
        """Commit what the teacher changed in ``course_repo``: students get it on their next pull."""
        self._git("add", "--all")
        self._git("commit", "--quiet", "-m", message)

    def pull_link(self, urlpath: str) -> str:
        """The nbgitpuller link a teacher hands out, opening ``urlpath`` after the pull."""
        query = urllib.parse.urlencode({"repo": str(self.course_repo), "branch": "main", "urlpath": urlpath})
        return f"{self.url}/hub/user-redirect/git-pull?{query}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def processes(self) -> list[int]:
        """Every live process this hub started: the hub, the proxy, servers, kernels, terminals."""
        return [p for p in _all_pids() if _alive(p) and _environ(p).get("COURSE_HUB_RUN") == self.run_id]

    def server_pid(self, user: str) -> int | None:
        """The process id of ``user``'s single-user server, if it runs."""
        for pid in self.processes():
            if _environ(pid).get("JUPYTERHUB_USER") == user and "jupyterhub-singleuser" in command_line(pid):
                return pid
        return None

    def stop(self, grace: float = 60) -> list[str]:
        """Stop the hub, which stops the proxy and every server; then stop whatever is left.

        Returns the command lines of processes that outlived the hub's own shutdown and had to be
        stopped here (an empty list when the hub cleaned up after itself). Raises if any survive.
        """
        if self.process is None:
            return []
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the hub stops its servers and the proxy
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        deadline = time.monotonic() + 10
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.2)
        leftovers = self.processes()
        forced = [command_line(p) for p in leftovers]
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in self.processes():
                try:  # each server and kernel leads its own process group: stop the whole group
                    os.killpg(os.getpgid(pid), sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + 10
            while self.processes() and time.monotonic() < deadline:
                time.sleep(0.2)
        survivors = [command_line(p) for p in self.processes()]
        if survivors:
            raise RuntimeError("processes started by the hub are still running: " + "; ".join(survivors))
        return forced

    def __enter__(self) -> "LocalHub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- students in a browser ------------------------------------------------------------------

class Student:
    """One student in their own browser context (own cookies), using the hub through its pages."""

    def __init__(self, hub: LocalHub, browser, name: str):
        self.hub, self.name = hub, name
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)

    def log_in(self) -> None:
        """Through the real login page; returns once the student's JupyterLab is up."""
        page = self.page
        page.goto(f"{self.hub.url}/hub/login")
        page.fill("#username_input", self.name)
        page.fill("#password_input", self.hub.password)
        page.click("#login_submit")
        page.wait_for_url(re.compile(rf"/user/{re.escape(self.name)}/lab"), timeout=SLOW)
        page.locator("#jp-main-dock-panel").wait_for(timeout=SLOW)

    def get_course(self) -> None:
        """Click the teacher's nbgitpuller link: the course arrives in (or updates) the home folder."""
        self.page.goto(self.hub.pull_link(f"lab/tree/{COURSE}"))
        self.page.wait_for_url(re.compile(rf"/user/{re.escape(self.name)}/lab/tree/{COURSE}"), timeout=SLOW)

    def open_notebook(self, name: str) -> LabNotebook:
        """Open the course notebook ``name`` (in the student's copy) with a running, idle kernel."""
        # No token: the hub's login cookie is what lets the student in.
        return LabNotebook(self.page, f"{self.hub.url}/user/{self.name}", "", f"{COURSE}/notebooks/{name}").open()

    def close(self) -> None:
        self.context.close()
