"""The live room's service (course_lib.room_service) in its own process on 127.0.0.1: 30 learners
join and answer at once, hostile messages are refused without touching the room, and the results
files written at the end are read by the class report."""

import json
import random
import re
import threading
import urllib.error
import urllib.request

import pytest
from room_thread import serve_in_thread

from course_lib import classroom
from course_lib.content import load_content
from course_lib.room import MAX_MESSAGE_BYTES
from course_lib.room_client import Refused, RoomClient, parse_join_link, start_room_process

LEARNERS = 30


@pytest.fixture(scope="module")
def quizzes():
    return load_content().quizzes


@pytest.fixture
def served(tmp_path):
    room = start_room_process(tmp_path / "results")
    yield room
    room.stop()


def post(base, path, body, content_type="application/json"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status, reply.read().decode(), reply.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), e.headers


def projector(served):
    status, body, _ = get(f"{served.link.base}/api/projector?key={served.key}")
    assert status == 200
    return json.loads(body)


def choices(question, rng):
    ids = [o.id for o in question.options]
    if question.kind == "ordering":
        return rng.sample(ids, len(ids))
    if question.kind == "multiple":
        return rng.sample(ids, rng.randint(1, len(ids)))
    return [rng.choice(ids)]


def test_thirty_learners_join_and_answer_at_once_and_the_class_report_reads_the_end(served, quizzes, tmp_path):
    quiz = next(iter(quizzes.values()))
    sent: dict[tuple[str, str], int] = {}
    errors = []
    lock = threading.Lock()

    def learner(n):
        rng = random.Random(n)
        client = RoomClient(served.link, timeout=10)
        try:
            client.join(f"learner{n:02d}", f"pseudonym {n} 🙂")
            for question in quiz.questions:
                choice = choices(question, rng)
                assert client.answer(f"learner{n:02d}", quiz.id, question.id, choice) is True
                assert client.answer(f"learner{n:02d}", quiz.id, question.id, choice) is False  # first try only
                with lock:
                    for option in (choice if question.kind != "ordering" else []):
                        sent[(question.id, option)] = sent.get((question.id, option), 0) + 1
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=learner, args=(n,)) for n in range(LEARNERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    state = projector(served)
    assert state["joined"] == LEARNERS
    shown = next(q for q in state["quizzes"] if q["id"] == quiz.id)
    for question in shown["questions"]:
        assert question["answered"] == LEARNERS
        for option in question["options"]:
            assert option["count"] == (sent.get((question["id"], option["id"]), 0) if question["kind"] != "ordering" else 0)
    status, body, _ = get(f"{served.link.base}/api/projector?key={served.key}&since={state['version']}")
    assert status == 204 and body == ""  # nothing new: nothing sent
    assert RoomClient(served.link).state()["revealed"] == []
    assert post(served.link.base, "/api/reveal", {"key": served.key, "quiz": quiz.id})[0] == 200
    assert RoomClient(served.link).state()["revealed"] == [quiz.id]

    status, reply = post(served.link.base, "/api/end", {"key": served.key})
    assert status == 200 and reply["written"] == LEARNERS
    assert served.process.wait(20) == 0  # the service stops once the session has ended
    report = classroom.roll_up(tmp_path / "results")
    assert report.learners == LEARNERS and not report.skipped
    assert all(report.questions[(quiz.id, q.id)].answered == LEARNERS for q in quiz.questions)
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == sorted(report.used)


def test_hostile_messages_are_refused_and_the_room_goes_on(served, quizzes):
    base, token = served.link.base, served.link.token
    quiz = next(iter(quizzes.values()))
    question = quiz.questions[0]
    client = RoomClient(served.link, timeout=10)
    client.join("honest", "honest learner")
    before = projector(served)
    hostile = [
        ("/api/join", b"x" * (MAX_MESSAGE_BYTES + 1), 413),  # oversized
        ("/api/join", b"y" * 200_000, 400),  # far beyond what the server reads at all
        ("/api/join", b'{"token": ', 400),  # malformed JSON
        ("/api/join", b"[1, 2]", 400),
        ("/api/join", b"\xff\xfe", 400),
        ("/api/join", {"token": "another-rooms-token", "learner": "x1", "pseudonym": "x"}, 403),
        ("/api/answer", {"token": token, "learner": "nobody", "quiz": quiz.id, "question": question.id,
                         "choice": [question.options[0].id]}, 404),
        ("/api/answer", {"token": token, "learner": "honest", "quiz": quiz.id, "question": question.id,
                         "choice": ["<img src=x onerror=alert(1)>"]}, 400),
        ("/api/reveal", {"key": token, "quiz": quiz.id}, 403),  # a learner's token is not the facilitator's
        ("/api/end", {"key": "guess"}, 403),
        ("/api/mode", {"key": served.key, "mode": "exam"}, 400),
    ]
    for path, body, status in hostile:
        got = post(base, path, body)[0] if status != 400 or not isinstance(body, bytes) or len(body) < 100_000 \
            else _raw_post_status(base + path, body)
        assert got == status, (path, body[:40] if isinstance(body, bytes) else body)
    assert post(base, "/api/join", b'{"token": "t", "learner": "x", "pseudonym": "x"}', "text/plain")[0] == 415
    assert get(f"{base}/api/projector?key={token}")[0] == 403
    assert get(f"{base}/projector")[0] == 403
    assert get(f"{base}/api/state?token=wrong")[0] == 403
    assert get(f"{base}/api/state")[0] == 403
    # flooding: one learner is slowed down (429), the others are not
    statuses = [post(base, "/api/signals", {"token": token, "learner": "honest", "story": "s1",
                                            "signals": {"ownership": 0.5}})[0] for _ in range(40)]
    assert statuses.count(429) >= 15 and set(statuses) == {200, 429}
    client.join("second", "second learner")
    assert client.answer("second", quiz.id, question.id, [question.options[0].id]) is True
    after = projector(served)
    assert after["joined"] == before["joined"] + 1 == 2
    shown = next(q for q in after["quizzes"] if q["id"] == quiz.id)["questions"][0]
    assert shown["answered"] == 1 and after["mode"] == "workshop" and after["signals"]["stories"] == 1


def _raw_post_status(url, body):
    """The status for a body far over what the server reads (it may also just close the connection)."""
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, ConnectionError):
        return 400  # refused by closing the connection: nothing reached the room


def test_the_pages_escape_and_protect_themselves(served):
    base = served.link.base
    status, page, headers = get(served.projector)
    assert status == 200 and served.link.code in page
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Referrer-Policy"] == "no-referrer" and headers["Cache-Control"] == "no-store"
    assert served.key not in page and served.link.token not in page  # the page reads its key from its address
    status, page, _ = get(served.link.url)
    assert status == 200 and "notebook 00" in page and served.link.token not in page
    status, page, _ = get(f"{base}/join/ZZZZZZ")
    assert status == 404
    script = get(f"{base}/projector.js")[1]
    assert script.count("innerHTML") == 1 and "api/board" in script  # the only markup put in is the board's


def test_the_board_is_the_facilitators_only_and_shows_no_learner_string_as_markup(served, quizzes):
    base, key = served.link.base, served.key
    quiz = next(iter(quizzes.values()))
    question = next(q for q in quiz.questions if q.kind == "single")
    client = RoomClient(served.link, timeout=10)
    client.join("a1", "<img src=x onerror=alert(1)>")
    client.answer("a1", quiz.id, question.id, [question.answer[0]])
    for refused in (f"{base}/api/board", f"{base}/api/board?key=wrong&quiz={quiz.id}", f"{base}/api/board?key="):
        status, body, _ = get(refused)
        assert status == 403 and "img" not in body
    status, board, headers = get(f"{base}/api/board?key={key}&quiz={quiz.id}")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Cache-Control"] == "no-store"
    assert "1 answered" in board and "STAR stories" in board and quiz.title.split()[0] in board
    assert "<img" not in board and "onerror" not in board  # no pseudonym is drawn, let alone as markup
    assert " style=" not in board  # the page's policy allows no inline style: widths are classes
    assert "Choose a quiz" in get(f"{base}/api/board?key={key}&quiz=nothing")[1]


def test_the_board_escapes_every_text_it_draws(quizzes, tmp_path):
    from course_lib.room import Room
    from course_lib.room_service import RoomService

    quiz = next(iter(quizzes.values()))
    hostile = quiz.model_copy(update={"title": "<img src=x onerror=alert(1)>"})
    room = Room({quiz.id: hostile}, facilitator_token="fac-token")
    port, stop = serve_in_thread(lambda: RoomService(room, tmp_path))
    try:
        status, board, _ = get(f"http://127.0.0.1:{port}/api/board?key=fac-token&quiz={quiz.id}")
    finally:
        stop()
    assert status == 200 and "<img" not in board and "&lt;img src=x onerror=alert(1)&gt;" in board


def test_a_learner_can_be_refused_with_a_reason(served):
    client = RoomClient(parse_join_link(served.link.url.replace(served.link.token, "x" * 22)))
    with pytest.raises(Refused) as e:
        client.join("a1", "a")
    assert e.value.status == 403 and "token" in str(e.value)


class _Loop:
    """An event loop that is stopped as soon as it starts (Ctrl+C)."""

    def start(self):
        raise KeyboardInterrupt

    def call_later(self, *args):
        pass


@pytest.mark.parametrize("lan, address, host", [(False, "127.0.0.1", "127.0.0.1"), (True, "0.0.0.0", "192.168.1.20")])
def test_the_room_binds_this_laptop_only_unless_lan_and_then_says_what_that_exposes(monkeypatch, tmp_path, lan,
                                                                                    address, host):
    from course_lib import room_service as rs

    bound = []
    monkeypatch.setattr(rs.RoomService, "listen", lambda self, port, where: bound.append(where) or 9999)
    monkeypatch.setattr(rs, "lan_address", lambda: "192.168.1.20")
    monkeypatch.setattr(rs.tornado.ioloop.IOLoop, "current", staticmethod(lambda: _Loop()))
    lines = []
    assert rs.run(lan=lan, out=tmp_path / "out", print_=lines.append) == 0
    assert bound == [address]
    text = "\n".join(lines)
    assert (rs.LAN_WARNING in text) is lan
    if lan:
        assert "every device on this network" in text and "unencrypted" in text
    assert re.search(rf"http://{re.escape(host)}:9999/join/[A-Z0-9]{{6}}\?token=\S+", text)
    assert re.search(rf"http://{re.escape(host)}:9999/projector\?key=\S+", text)
    assert lines[-1] == "Stopped. Nothing was saved." and not (tmp_path / "out").exists()


def test_a_busy_port_is_one_sentence(monkeypatch, tmp_path):
    from course_lib import room_service as rs

    def busy(self, port, where):
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(rs.RoomService, "listen", busy)
    lines = []
    assert rs.run(port=8765, out=tmp_path, print_=lines.append) == 1
    assert lines == ["The room did not start: port 8765 is not free on 127.0.0.1 (Address already in use). "
                     "Try another with --port."]


@pytest.fixture
def limited(tmp_path, quizzes, request):
    """A laptop room in this process whose limits also count this laptop (which they never do in
    use), so that one test machine stands for a busy device on the network."""
    from course_lib import room as rm
    from course_lib.room_service import RoomService

    room = rm.Room(quizzes)
    limits = rm.AddressLimits(**{"burst": 8, "rate": 0.5, "joins": 2, **getattr(request, "param", {})}, exempt=())
    port, stop = serve_in_thread(lambda: RoomService(room, tmp_path, limits=limits))
    yield room, f"http://127.0.0.1:{port}"
    stop()


def test_one_device_over_its_limits_is_refused_with_429_and_the_room_is_untouched(limited, quizzes):
    room, base = limited
    quiz = next(iter(quizzes.values()))
    question = quiz.questions[0]
    join = {"token": room.token, "pseudonym": "p"}
    assert post(base, "/api/join", {**join, "learner": "one"})[0] == 200
    assert post(base, "/api/join", {**join, "learner": "two"})[0] == 200
    status, reply = post(base, "/api/join", {**join, "learner": "three"})  # a third learner from one device
    assert status == 429 and reply == {"error": "at most 2 learners may join from one device"}
    assert post(base, "/api/join", {**join, "learner": "one"})[0] == 200  # joining again is fine
    assert sorted(room.learners) == ["one", "two"]
    version = room.version
    answer = {"token": room.token, "learner": "one", "quiz": quiz.id, "question": question.id,
              "choice": [question.options[0].id]}
    statuses = [post(base, "/api/answer", answer)[0] for _ in range(6)]
    statuses += [get(f"{base}/api/state?token={room.token}")[0] for _ in range(4)]
    assert statuses[:4] == [200] * 4 and statuses.count(429) >= 5  # 8 at once in all, 4 of them went on joins
    assert room.version == version + 1  # one first try counted; the refused requests changed nothing
    assert room.learners["one"].answers and not room.learners["two"].answers
    assert post(base, "/api/join", {**join, "learner": "one"})[0] == 429  # every route counts


def test_a_laptop_room_has_per_address_limits_that_spare_the_laptop_itself(monkeypatch, tmp_path):
    from course_lib import room_service as rs

    built = []
    monkeypatch.setattr(rs.RoomService, "listen", lambda self, port, where: built.append(self) or 9999)
    monkeypatch.setattr(rs.tornado.ioloop.IOLoop, "current", staticmethod(lambda: _Loop()))
    assert rs.run(lan=True, out=tmp_path / "out", print_=lambda line: None) == 0
    limits = built[0].limits
    assert isinstance(limits, rs.rm.AddressLimits) and "127.0.0.1" in limits.exempt
    assert (limits.burst, limits.rate, limits.joins) == (rs.rm.ADDRESS_BURST, rs.rm.ADDRESS_PER_SECOND,
                                                         rs.rm.JOINS_PER_ADDRESS)


@pytest.mark.parametrize("limited", [{"burst": 100, "joins": 1}], indirect=True)
def test_a_join_the_room_refuses_takes_no_place_and_the_cap_is_one_sentence(limited):
    room, base = limited
    assert post(base, "/api/join", {"token": "wrong", "learner": "x1", "pseudonym": "p"})[0] == 403
    assert post(base, "/api/join", {"token": room.token, "learner": "", "pseudonym": "p"})[0] == 400
    link = parse_join_link(f"{base}/join/{room.code}?token={room.token}")
    RoomClient(link).join("first", "first learner")  # the refused joins above took no place
    with pytest.raises(Refused) as e:
        RoomClient(link).join("second", "second learner")
    assert e.value.status == 429
    assert str(e.value) == "The room said no: at most 1 learner may join from one device."
    assert list(room.learners) == ["first"]
