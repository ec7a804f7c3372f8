"""The live room as a JupyterHub service (course_lib.room_hub): reading the hub's service
environment, who is a facilitator, and the hub's login in front of every route. The service runs
in this process on 127.0.0.1 with the hub's OAuth class itself, asked about tokens by a stand-in
for the hub's API (the real hub is tests/e2e/hub's)."""

import json
import urllib.error
import urllib.request

import pytest
from room_thread import serve_in_thread

from course_lib import room as rm
from course_lib import room_hub as rh
from course_lib.content import load_content
from course_lib.room_client import Refused, RoomClient, hub_join_link, hub_room
from course_lib.room_link import connect_hub

ENV = {
    "JUPYTERHUB_API_TOKEN": "service-secret",
    "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api",
    "JUPYTERHUB_SERVICE_NAME": "room",
    "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:10101",
    "JUPYTERHUB_SERVICE_PREFIX": "/services/room/",
    "JUPYTERHUB_CLIENT_ID": "service-room",
    "JUPYTERHUB_OAUTH_CALLBACK_URL": "/services/room/oauth_callback",
}
SCOPE = "access:services!service=room"
# What the hub answers about each token: two students, a teacher, a user without the room's scope,
# and another service.
MODELS = {
    "t-ana": {"kind": "user", "name": "ana", "scopes": [SCOPE]},
    "t-ben": {"kind": "user", "name": "hubuser-ben", "scopes": [SCOPE]},
    "t-teacher": {"kind": "user", "name": "teacher", "scopes": [SCOPE]},
    "t-outsider": {"kind": "user", "name": "outsider", "scopes": ["read:users:name!user=outsider"]},
    "t-service": {"kind": "service", "name": "teacher", "scopes": [SCOPE]},
}


# --- the environment -------------------------------------------------------------------------

def test_settings_come_from_the_hubs_environment():
    s = rh.HubSettings.from_environ(ENV, facilitators="teacher, helper")
    assert (s.name, s.prefix, s.host, s.port, s.api_url) == (
        "room", "/services/room/", "127.0.0.1", 10101, "http://127.0.0.1:8081/hub/api")
    assert s.facilitators == {"teacher", "helper"}


def test_facilitators_come_from_the_environment_when_not_given():
    s = rh.HubSettings.from_environ({**ENV, "COURSE_ROOM_FACILITATORS": "teacher  helper,coach"})
    assert s.facilitators == {"teacher", "helper", "coach"}
    # the argument wins over the environment
    assert rh.HubSettings.from_environ({**ENV, "COURSE_ROOM_FACILITATORS": "x"}, facilitators="y").facilitators == {"y"}


def test_a_prefix_is_normalised_and_defaults_to_the_services_name():
    assert rh.HubSettings.from_environ({**ENV, "JUPYTERHUB_SERVICE_PREFIX": "services/live"},
                                       facilitators="t").prefix == "/services/live/"
    env = {k: v for k, v in ENV.items() if k != "JUPYTERHUB_SERVICE_PREFIX"}
    assert rh.HubSettings.from_environ({**env, "JUPYTERHUB_SERVICE_NAME": "live"}, facilitators="t").prefix == "/services/live/"


@pytest.mark.parametrize("missing", ["JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "JUPYTERHUB_SERVICE_URL"])
def test_started_by_hand_it_says_what_is_missing(missing):
    env = {k: v for k, v in ENV.items() if k != missing}
    with pytest.raises(rh.HubConfigError, match=missing):
        rh.HubSettings.from_environ(env, facilitators="teacher")


@pytest.mark.parametrize("url", ["http://127.0.0.1", "127.0.0.1:10101", "http://127.0.0.1:port", "ftp://x:1"])
def test_a_service_url_without_a_port_is_refused(url):
    with pytest.raises(rh.HubConfigError, match="JUPYTERHUB_SERVICE_URL"):
        rh.HubSettings.from_environ({**ENV, "JUPYTERHUB_SERVICE_URL": url}, facilitators="teacher")


@pytest.mark.parametrize("names", [None, "", " , "])
def test_a_room_without_facilitators_does_not_start(names):
    with pytest.raises(rh.HubConfigError, match="facilitator"):
        rh.HubSettings.from_environ(ENV, facilitators=names)


def test_who_is_a_facilitator():
    s = rh.HubSettings.from_environ(ENV, facilitators="teacher")
    assert s.is_facilitator(MODELS["t-teacher"])
    assert not s.is_facilitator(MODELS["t-ana"])
    assert not s.is_facilitator(MODELS["t-service"])  # a service of the same name is not the user
    assert not s.is_facilitator(None) and not s.is_facilitator({"kind": "user"})


def test_run_hub_without_the_hubs_environment_says_so():
    said = []
    assert rh.run_hub(env={}, facilitators="teacher", print_=said.append) == 1
    assert said and said[0].startswith("The room did not start: ") and "JUPYTERHUB_API_TOKEN" in said[0]


def test_a_server_finds_the_hubs_room_only_with_both_variables():
    assert hub_room({"COURSE_ROOM_URL": "http://127.0.0.1:1/services/room/", "JUPYTERHUB_API_TOKEN": "t"}) == (
        "http://127.0.0.1:1/services/room", "t")
    assert hub_room({"COURSE_ROOM_URL": "http://127.0.0.1:1/services/room"}) is None
    assert hub_room({"JUPYTERHUB_API_TOKEN": "t"}) is None
    assert hub_room({"COURSE_ROOM_URL": "javascript:alert(1)", "JUPYTERHUB_API_TOKEN": "t"}) is None


# --- the service behind the hub's login ------------------------------------------------------

class StandInAuth:
    """The hub's OAuth class as the service uses it, asking this table instead of the hub's API."""

    @staticmethod
    def make():
        from jupyterhub.services.auth import HubOAuth

        class Auth(HubOAuth):
            def user_for_token(self, token, use_cache=True, session_id="", *, sync=True):
                model = dict(MODELS[token]) if token in MODELS else None

                async def answer():
                    return model

                return model if sync else answer()

        return Auth(api_url=ENV["JUPYTERHUB_API_URL"], api_token=ENV["JUPYTERHUB_API_TOKEN"],
                    oauth_client_id=ENV["JUPYTERHUB_CLIENT_ID"], access_scopes={SCOPE},
                    oauth_redirect_uri="http://127.0.0.1/services/room/oauth_callback",
                    login_url="/hub/api/oauth2/authorize", base_url="/services/room/")


@pytest.fixture(scope="module")
def hub_room_service(tmp_path_factory):
    settings = rh.HubSettings.from_environ(ENV, facilitators="teacher")
    room = rm.Room(load_content().quizzes)
    out = tmp_path_factory.mktemp("results")
    port, stop = serve_in_thread(lambda: rh.hub_service(room, out, settings, auth=StandInAuth.make()))
    yield room, f"http://127.0.0.1:{port}/services/room"
    stop()


def call(url, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method="GET" if body is None else "POST")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as reply:
            return reply.status, reply.read().decode(), reply.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), e.headers


LEARNER_ROUTES = [("api/hub-join", None), ("api/state?token=x", None), ("api/join", {"learner": "l", "pseudonym": "p"})]
FACILITATOR_ROUTES = [("api/projector", None), ("api/reveal", {"quiz": "q"}), ("api/mode", {"mode": "self-paced"}),
                      ("api/end", {})]


@pytest.mark.parametrize("path,body", LEARNER_ROUTES + FACILITATOR_ROUTES)
@pytest.mark.parametrize("token", [None, "not-a-hub-token", "t-outsider"])
def test_a_request_the_hub_does_not_vouch_for_is_refused(hub_room_service, path, body, token):
    room, base = hub_room_service
    before = (room.version, len(room.learners))
    status, text, _ = call(f"{base}/{path}", token, body)
    assert status in (401, 403), (status, text)
    assert (room.version, len(room.learners)) == before and not room.ended


def test_the_projector_page_sends_a_browser_without_a_login_to_the_hubs_login(hub_room_service):
    _, base = hub_room_service
    status, _, headers = call(f"{base}/projector")
    assert status == 302 and headers["Location"].startswith("/hub/api/oauth2/authorize?")


@pytest.mark.parametrize("path,body", FACILITATOR_ROUTES)
def test_a_student_cannot_use_the_facilitators_routes(hub_room_service, path, body):
    room, base = hub_room_service
    before = room.version
    status, text, _ = call(f"{base}/{path}", "t-ana", body)
    assert status == 403 and "facilitators" in json.loads(text)["error"]
    status, _, _ = call(f"{base}/projector", "t-ana")
    assert status == 403
    assert room.version == before and not room.ended


def test_a_student_joins_with_the_hubs_login_and_the_facilitator_sees_the_first_try(hub_room_service, monkeypatch):
    room, base = hub_room_service
    env = {"COURSE_ROOM_URL": base + "/", "JUPYTERHUB_API_TOKEN": "t-ben"}
    link = hub_join_link(env)
    assert link.base == base and link.code == room.code

    class Store:
        learner_id, pseudonym = "learner-ben-1", "Quiet Heron"

    assert connect_hub(Store, env=env) == link
    quiz = next(iter(room.quizzes.values()))
    question = quiz.questions[0]
    assert RoomClient(link, env=env).answer(Store.learner_id, quiz.id, question.id, [question.options[0].id])

    # the facilitator's projector, with the hub's login instead of a key: never the hub name
    status, text, _ = call(f"{base}/api/projector", "t-teacher")
    assert status == 200
    state = json.loads(text)
    assert state["joined"] == 1 and "hubuser-ben" not in text
    shown = next(q for q in state["quizzes"] if q["id"] == quiz.id)
    assert shown["answered"] == 1
    status, page, _ = call(f"{base}/projector", "t-teacher")
    assert status == 200 and f"Room <span class=\"code\">{room.code}</span>" in page
    assert 'src="projector.js"' in page  # relative: under /services/room/ as on a laptop
    status, page, _ = call(f"{base}/join/{room.code}", "t-ben")
    assert status == 200 and "Join this hub's room" in page and 'href="../projector.css"' in page

    # the facilitator reveals without a key; the student's laptop follows
    status, _, _ = call(f"{base}/api/reveal", "t-teacher", {"quiz": quiz.id})
    assert status == 200
    assert quiz.id in RoomClient(link, env=env).state()["revealed"]


def test_the_hub_token_goes_to_the_hubs_room_only(hub_room_service):
    _, base = hub_room_service
    env = {"COURSE_ROOM_URL": base, "JUPYTERHUB_API_TOKEN": "t-ben"}
    link = hub_join_link(env)
    other = type(link)("http://127.0.0.1:9", link.code, link.token)
    assert RoomClient(link, env=env).headers["Authorization"] == "token t-ben"
    assert "Authorization" not in RoomClient(other, env=env).headers
    # without the token the hub's room refuses the student
    with pytest.raises(Refused) as refused:
        RoomClient(link, env={}).state()
    assert refused.value.status == 401


def test_the_hubs_room_has_no_per_address_limits(tmp_path):
    """Every request reaches a hub's room through the hub's proxy, from one address: a cap per
    address would be a cap on the whole class."""
    settings = rh.HubSettings.from_environ(ENV, facilitators="teacher")
    service = rh.hub_service(rm.Room(load_content().quizzes), tmp_path, settings, auth=StandInAuth.make())
    assert service.limits is None


# --- notebook 00 on the hub ------------------------------------------------------------------

def test_a_link_under_a_hubs_prefix_keeps_its_path():
    from course_lib.room_client import parse_join_link

    link = parse_join_link("https://hub.example.org/services/room/join/ABC234?token=abcdefghijkl")
    assert link.base == "https://hub.example.org/services/room"
    assert link.url == "https://hub.example.org/services/room/join/ABC234?token=abcdefghijkl"


def test_the_join_box_offers_the_hubs_room_only_on_a_hub_and_joins_with_one_click(hub_room_service, store):
    from course_lib import testing
    from course_lib.room_link import SavedRoom
    from course_lib.room_widget import JoinRoom
    from course_lib.widgets import is_shown

    room, base = hub_room_service
    assert not is_shown(testing.control(JoinRoom(store, env={}), "hub_join"))
    store.set_pseudonym("Heron <b>🙂")
    box = JoinRoom(store, env={"COURSE_ROOM_URL": base, "JUPYTERHUB_API_TOKEN": "t-ana"})
    assert is_shown(testing.control(box, "hub_join"))
    testing.press(box, "Join this hub's room")
    assert f"Joined room {room.code}" in testing.shown_text(box, "message")
    assert SavedRoom(store).read().base == base


def test_the_join_box_says_so_when_the_hub_refuses(hub_room_service, store):
    from course_lib import testing
    from course_lib.room_link import SavedRoom
    from course_lib.room_widget import JoinRoom

    _, base = hub_room_service
    box = JoinRoom(store, env={"COURSE_ROOM_URL": base, "JUPYTERHUB_API_TOKEN": "t-outsider"})
    testing.press(box, "Join this hub's room")
    assert "The room said no" in testing.shown_text(box, "message")
    assert SavedRoom(store).read() is None


def test_the_command_line(monkeypatch, capsys):
    from course_lib.cli import main

    for name in ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "JUPYTERHUB_SERVICE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert main(["room", "--hub", "--facilitators", "teacher"]) == 1
    assert "The room did not start: " in capsys.readouterr().out
    assert main(["room", "--facilitators", "teacher"]) == 2  # a laptop room has its projector key instead
    assert "--facilitators is for --hub" in capsys.readouterr().out
    for given, named in ((["--port", "9000"], "--port"), (["--lan"], "--lan"), (["--lan", "--port", "0"], "--port and --lan")):
        assert main(["room", "--hub", "--facilitators", "teacher", *given]) == 2  # never silently ignored
        assert capsys.readouterr().out == (f"{named} cannot go with --hub: the hub sets where its room listens (the "
                                           "service's url in jupyterhub_config.py).\n")
