"""OBS scene switching that follows a room's state feed (docs/obs.md).

Load it in OBS (Tools > Scripts > +; OBS's Python settings must point at a Python 3): give it the room's state feed
(https://<server>/api/rooms/<the room's overlay token>/state-feed) and, for each overlay the room's screens show, the
OBS scene to put on program. It reads the feed (Server-Sent Events) on a thread of its own and switches the scene on
OBS's main thread within 50 ms of a message, reconnecting within a second when the feed drops. Nothing is sent to the
scoring server and nothing runs there: this script only reads the feed, so it needs no obs-websocket password.

Outside OBS, to try a feed and the mapping: python3 deploy/obs-scene-switcher.py <feed URL> [overlay=Scene ...]
prints each message and the scene it would switch to, one line each.
"""
import json
import queue
import sys
import threading
import time
import urllib.error
import urllib.request

try:
    import obspython as obs  # present only inside OBS
except ImportError:
    obs = None

# What the feed's `overlay` says the room's screens show now (none: nothing, the camera alone), and a default scene each.
OVERLAYS = {
    "none": "Camera",
    "lower-third": "Camera + lower third",
    "reveal": "Reveal",
    "board": "Leaderboard",
    "ceremony": "Ceremony",
}


def messages(lines):
    """The `state` messages (parsed JSON) of a Server-Sent Events stream given as lines; stops at an `end` event."""
    event, data = None, []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if line == "":
            if event == "end":
                return
            if event == "state" and data:
                yield json.loads("\n".join(data))
            event, data = None, []
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())


def scene_for(message, scenes):
    """The OBS scene for a state message: the one named for its overlay (none: the camera's), or None if unnamed."""
    return scenes.get(message.get("overlay") or "none") or None


def follow(url, on_message, stopped):
    """Reads the feed until `stopped` is set, calling on_message with each state message; reconnects after a drop."""
    while not stopped.is_set():
        try:
            with urllib.request.urlopen(url, timeout=40) as response:
                lines = (raw.decode("utf-8") for raw in response)
                for message in messages(lines):
                    if stopped.is_set():
                        return
                    on_message(message)
                return  # the server ended the feed (a revoked link): stop, do not hammer it
        except urllib.error.HTTPError as err:
            if err.code in (401, 404):  # a wrong or revoked link: trying again would not help
                print(f"state feed: {err.code}: use the room's overlay link", file=sys.stderr, flush=True)
                return
            time.sleep(1)
        except Exception as err:  # a dropped or refused connection: try again shortly
            print(f"state feed: {err}", file=sys.stderr, flush=True)
            time.sleep(1)


# ---- Inside OBS: settings, a reader thread, and the switch on OBS's main thread.
_state = {"thread": None, "stopped": None, "scenes": dict(OVERLAYS), "pending": queue.Queue(), "current": None}


def script_description():
    return "Switches the program scene to follow the scoring system's state feed of one room (docs/obs.md)."


def script_properties():
    props = obs.obs_properties_create()
    obs.obs_properties_add_text(props, "feed", "State feed URL", obs.OBS_TEXT_DEFAULT)
    for key in OVERLAYS:
        obs.obs_properties_add_text(props, f"scene:{key}", f"Scene for {key}", obs.OBS_TEXT_DEFAULT)
    return props


def script_defaults(settings):
    for key, name in OVERLAYS.items():
        obs.obs_data_set_default_string(settings, f"scene:{key}", name)


def script_update(settings):
    script_unload()
    _state["scenes"] = {key: obs.obs_data_get_string(settings, f"scene:{key}") for key in OVERLAYS}
    url = obs.obs_data_get_string(settings, "feed").strip()
    if not url:
        return
    stopped = threading.Event()
    thread = threading.Thread(target=follow, args=(url, lambda m: _state["pending"].put(scene_for(m, _state["scenes"])), stopped), daemon=True)
    _state.update(thread=thread, stopped=stopped)
    thread.start()
    obs.timer_add(_switch, 50)


def _switch():
    """On OBS's main thread: puts the latest wanted scene on program."""
    wanted = None
    while not _state["pending"].empty():
        wanted = _state["pending"].get_nowait()
    if not wanted or wanted == _state["current"]:
        return
    source = obs.obs_get_source_by_name(wanted)
    if source is None:
        print(f"state feed: no scene named {wanted!r}", file=sys.stderr)
        return
    obs.obs_frontend_set_current_scene(source)
    obs.obs_source_release(source)
    _state["current"] = wanted


def script_unload():
    if _state["stopped"] is not None:
        _state["stopped"].set()
        obs.timer_remove(_switch)
    _state.update(thread=None, stopped=None, current=None)


if __name__ == "__main__" and obs is None:
    scenes = dict(OVERLAYS)
    scenes.update(arg.split("=", 1) for arg in sys.argv[2:])

    def show(message):
        print(json.dumps({"rev": message["rev"], "phase": message["phase"], "overlay": message["overlay"],
                          "scene": scene_for(message, scenes)}, ensure_ascii=False), flush=True)

    follow(sys.argv[1], show, threading.Event())
