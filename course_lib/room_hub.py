"""The live room as a JupyterHub service: ``python -m course_lib room --hub``.

On a hub the room uses the hub's own login, so nobody types or pastes a code:

* every request must come from someone the hub knows: a student's browser with the hub's login
  cookie, or a student's kernel with its server's ``JUPYTERHUB_API_TOKEN`` in an
  ``Authorization: token …`` header. The hub's OAuth does the checking
  (:class:`jupyterhub.services.auth.HubOAuthenticated`), including the
  ``access:services!service=<name>`` scope the hub's configuration grants;
* ``GET <prefix>api/hub-join`` gives a signed-in student the room's join link, so the course's
  join box needs only one click;
* the projector and the facilitator's buttons are for the hub users named as facilitators and
  nobody else; the projector page needs no key in its address.

What reaches the projector is what the laptop room shows: each learner's pseudonym from their own
progress store, never their hub user name (the hub name is only used to let them in). A class
whose pseudonyms are the hub names can set them so in notebook 00.

The room itself (:mod:`course_lib.room`) and its service (:mod:`course_lib.room_service`) are the
laptop room's; this module reads JupyterHub's service environment and puts the hub's login in
front of every route.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from course_lib import room_service as rs

DEFAULT_NAME = "room"
_NAME = re.compile(r"[^,\s]+")


class HubConfigError(Exception):
    """The service cannot start on this hub (the message says what is missing, in a sentence)."""


def parse_facilitators(text) -> frozenset[str]:
    """Hub user names from ``"ana, ben carl"`` (commas or spaces between them)."""
    return frozenset(_NAME.findall(str(text or "")))


@dataclass(frozen=True)
class HubSettings:
    """What JupyterHub tells a service it starts, and who may run the projector."""

    name: str  # the service's name: it lives at /services/<name>/
    prefix: str  # "/services/room/", always with both slashes
    host: str  # where to listen: the address and port of the service's ``url``
    port: int
    api_url: str  # the hub's API, to check who is asking
    facilitators: frozenset[str]

    @classmethod
    def from_environ(cls, env=None, *, facilitators=None) -> "HubSettings":
        """Read ``JUPYTERHUB_SERVICE_NAME``, ``_URL``, ``_PREFIX``, ``JUPYTERHUB_API_URL`` and
        ``JUPYTERHUB_API_TOKEN`` (the hub sets them when it starts the service), and the
        facilitators (the argument, or ``COURSE_ROOM_FACILITATORS``)."""
        env = os.environ if env is None else env
        missing = [k for k in ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "JUPYTERHUB_SERVICE_URL") if not env.get(k)]
        if missing:
            raise HubConfigError(
                f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: start the room with --hub "
                "from JupyterHub's configuration (c.JupyterHub.services with a url and a command), not by hand.")
        name = env.get("JUPYTERHUB_SERVICE_NAME") or DEFAULT_NAME
        prefix = env.get("JUPYTERHUB_SERVICE_PREFIX") or f"/services/{name}/"
        prefix = "/" + prefix.strip("/") + "/"
        url = urlsplit(env["JUPYTERHUB_SERVICE_URL"])
        try:
            port = url.port
        except ValueError:
            port = None
        if url.scheme not in ("http", "https") or not url.hostname or not port:
            raise HubConfigError(f"JUPYTERHUB_SERVICE_URL ({env['JUPYTERHUB_SERVICE_URL']}) should be like "
                                 "http://127.0.0.1:10101: give the service a url with a port.")
        names = parse_facilitators(env.get("COURSE_ROOM_FACILITATORS", "") if facilitators is None else facilitators)
        if not names:
            raise HubConfigError("Name at least one facilitator (--facilitators, hub user names): only they can "
                                 "open the projector, reveal and end the session.")
        return cls(name, prefix, url.hostname, port, env["JUPYTERHUB_API_URL"], names)

    def auth(self):
        """The hub's OAuth for this service (it reads the rest of its settings from the environment)."""
        from jupyterhub.services.auth import HubOAuth

        return HubOAuth(api_url=self.api_url, cache_max_age=60)

    def is_facilitator(self, model) -> bool:
        """Whether the hub's user model is one of the facilitators (a service never is)."""
        return (isinstance(model, dict) and model.get("kind", "user") == "user"
                and model.get("name") in self.facilitators)


def hub_handler(handler: type, settings: HubSettings, auth) -> type:
    """``handler`` behind the hub's login: nobody unknown to the hub, and on a facilitator's route
    (``handler.facilitator``) only the facilitators, who then need no key."""
    from jupyterhub.services.auth import HubOAuthenticated

    if not issubclass(handler, rs._Base):  # the hub's own OAuth callback
        return handler

    class Gated(HubOAuthenticated, handler):
        _hub_auth = auth

        def prepare(self):
            user = self.current_user
            if user is None:
                if self.request.method == "GET" and handler is rs.Projector:
                    self.redirect(self.get_login_url())  # a facilitator's browser: log in through the hub first
                    return
                self._refuse(401, "sign in to the hub first (no hub login came with this request)")
                return
            if handler.facilitator and not settings.is_facilitator(user):
                self._refuse(403, "only the session's facilitators can do that")

        def _refuse(self, status, reason):
            self.set_status(status)
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(rs.json.dumps({"error": reason}))

        def head(self):
            token = self.xsrf_token
            token = token.decode() if isinstance(token, bytes) else token
            return f'<meta name="xsrf" content="{rs.escape(token)}">'

        def credential(self):
            return self.room.facilitator_token if handler.facilitator else super().credential()

    Gated.__name__ = Gated.__qualname__ = f"Hub{handler.__name__}"
    return Gated


class HubJoin(rs._Base):
    """A signed-in student's join link (``GET <prefix>api/hub-join``): what the course's join box
    would otherwise need pasted."""

    facilitator = False

    def get(self) -> None:
        base = f"{self.request.protocol}://{self.request.host}{self.application.settings['room_prefix']}"
        self.reply({"link": f"{base}join/{self.room.code}?token={self.room.token}", "room": self.room.code,
                    "token": self.room.token})


def hub_service(room, out, settings: HubSettings, *, on_end=None, auth=None) -> rs.RoomService:
    """The room's service with every route behind the hub's login, under the service's prefix."""
    auth = settings.auth() if auth is None else auth
    callback = _callback_handler(auth)
    return rs.RoomService(room, out, on_end=on_end, prefix=settings.prefix,
                          wrap=lambda handler: hub_handler(handler, settings, auth),
                          extra=[("api/hub-join", HubJoin), ("oauth_callback", callback)],
                          settings={"cookie_secret": os.urandom(32), "room_prefix": settings.prefix})


def _callback_handler(auth) -> type:
    from jupyterhub.services.auth import HubOAuthCallbackHandler

    class Callback(HubOAuthCallbackHandler):
        _hub_auth = auth

        def initialize(self, service=None, **_):  # the room's routes all pass the service along
            pass

    return Callback


def run_hub(*, out="room-results", mode="workshop", facilitators=None, env=None, print_=rs._say) -> int:
    """Start the room as the hub's service and serve it until the session is ended (or stopped)."""
    try:
        settings = HubSettings.from_environ(env, facilitators=facilitators)
    except HubConfigError as e:
        print_(f"The room did not start: {e}")
        return 1
    try:
        import jupyterhub.services.auth  # noqa: F401 (every hub has it; a laptop may not)
    except ImportError:
        print_("The room did not start: --hub needs the jupyterhub package, which every JupyterHub has "
               "(pip install jupyterhub).")
        return 1

    def build(room, out, on_end):
        return hub_service(room, out, settings, on_end=on_end)

    return rs.serve(build, port=settings.port, address=settings.host, out=out, mode=mode, print_=print_,
                    links=lambda room, bound: [
                        f"Room code: {room.code} (students on the hub join from notebook 00 without it)",
                        f"Projector, for the facilitators ({', '.join(sorted(settings.facilitators))}) only: "
                        f"the hub's address followed by {settings.prefix}projector",
                        f"Listening on {settings.host}:{bound}, behind the hub at {settings.prefix}"])
