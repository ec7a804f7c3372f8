# A small JupyterHub for trying the course the way a class meets it: every student logs in, gets
# their own home folder, fetches the course into it with an nbgitpuller link, and keeps their
# progress there.
# tests/e2e/hub/localhub.py starts it with the settings below read from the environment.
#
# Local and for testing only: the dummy authenticator lets anyone in, and the simple spawner runs
# every student's server as the same system user. A real hub uses The Littlest JupyterHub or
# Zero to JupyterHub (docs/classroom.md).
import json
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

state = Path(os.environ["COURSE_HUB_STATE"])
homes = Path(os.environ["COURSE_HUB_HOMES"])

# Everything on this machine only.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["COURSE_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["COURSE_HUB_API_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['COURSE_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [os.environ["COURSE_HUB_PROXY"]]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# All state in one folder, so nothing of a developer's own JupyterHub is read or changed.
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ.get("COURSE_HUB_PASSWORD", "")
c.Authenticator.allow_all = True  # without it nobody may log in

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(homes / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [os.environ["COURSE_HUB_SINGLEUSER"]]
c.Spawner.default_url = "/lab"
# Kernels left idle for 20 minutes are stopped, as docs/classroom.md advises for a class.
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=1200"] + (["--allow-root"] if os.geteuid() == 0 else [])
# A busy two-core machine can take a while to start a server.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

# Each student's progress lives in their own home, as on a real hub (see docs/classroom.md).
# The local spawner does not expand {username} in environment values itself; a callable does.
PROGRESS_TEMPLATE = str(homes / "{username}" / ".course-progress")
c.Spawner.environment = {
    "COURSE_PROGRESS_DIR": lambda spawner: spawner.format_string(PROGRESS_TEMPLATE),
    # The course's Python first, so a terminal's `python` is the one with course_lib in it.
    "PATH": os.pathsep.join([str(Path(os.environ["COURSE_HUB_SINGLEUSER"]).parent), os.environ["PATH"]]),
    # Every process started for this hub carries this mark, so all of them can be found and stopped.
    "COURSE_HUB_RUN": os.environ["COURSE_HUB_RUN"],
}

# JupyterLab settings every student starts with (file name -> settings), e.g. no "fetch news?" toast.
LAB_SETTINGS = json.loads(os.environ.get("COURSE_HUB_LAB_SETTINGS", "{}"))


def write_lab_settings(spawner):
    """Before a student's first start: their JupyterLab settings, unless they have their own."""
    home = Path(spawner.home_dir)
    for name, value in LAB_SETTINGS.items():
        settings = home / ".jupyter/lab/user-settings" / name
        if not settings.exists():
            settings.parent.mkdir(parents=True, exist_ok=True)
            settings.write_text(json.dumps(value))


c.Spawner.pre_spawn_hook = write_lab_settings

# The live room as a service of this hub (docs/classroom.md shows the same for a real hub): the
# hub starts it, students reach it with their hub login, and only the facilitators named here may
# open its projector at /services/room/projector.
ROOM_URL = f"http://127.0.0.1:{os.environ['COURSE_HUB_ROOM_PORT']}"
c.JupyterHub.services = [{
    "name": "room",
    "url": ROOM_URL,
    "oauth_client_id": "service-room",
    "oauth_no_confirm": True,  # the facilitator goes straight to the projector, no "allow access?" page
    "command": [sys.executable, "-m", "course_lib", "room", "--hub", "--facilitators",
                os.environ["COURSE_HUB_FACILITATORS"], "--out", str(state / "room-results"),
                # self-paced: feedback at once, as for the student who is in no room
                "--mode", "self-paced"],
    "environment": {k: os.environ[k] for k in ("PATH", "PYTHONPATH", "COURSE_HUB_RUN", "HOME") if k in os.environ},
}]
# Every user may reach the room (its facilitator routes check the names themselves), and every
# student's server token may too, so the course in a student's kernel can join with it.
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["self", "access:services!service=room"]},
    {"name": "server", "scopes": ["users:activity!user", "access:servers!server", "access:services!service=room"]},
]
# Where a student's kernel finds the room (the course's "Join this hub's room" button).
c.Spawner.environment["COURSE_ROOM_URL"] = f"{ROOM_URL}/services/room"
