"""A room service in this test process, on its own event loop in a background thread."""

import asyncio
import threading


def serve_in_thread(build):
    """``build()`` (a :class:`course_lib.room_service.RoomService`, made inside the thread's loop)
    listening on a free port of 127.0.0.1; returns (port, stop)."""
    ready, box = threading.Event(), {}

    def serve():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        box["port"], box["loop"] = build().listen(0, "127.0.0.1"), loop
        ready.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    assert ready.wait(10), "the room service did not start"
    return box["port"], lambda: box["loop"].call_soon_threadsafe(box["loop"].stop)
