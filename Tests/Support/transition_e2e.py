"""End-to-end checks of `serve --sync … --mirror` against the live Synapse of the test scripts.

Legacy users are scripted through the client-server API exactly as the legacy clients wrote (DM room with the
pair's alias, `""` then the per-user key); RPC users are the spec-only client of social_rpc_client.py with auth
chains. The bridge is the real binary, started, stopped, kill -9ed and restarted here; Synapse is stopped and
started with Tests/Support/synapse.sh.

usage: transition_e2e.py --binary PATH --repo PATH --port PORT --registration FILE [--scenario NAME ...]
Environment: SOCIALBRIDGE_SYNAPSE_URL, SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN, SOCIALBRIDGE_SYNAPSE_SERVER_NAME,
SOCIALBRIDGE_SYNAPSE_SHARED_SECRET (printed by synapse.sh). Prints "PASS <scenario>" per scenario; exits 1 on
the first failure. Tokens are passed to the bridge through the environment, never argv, and never printed.
"""
import argparse
import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

from social_rpc_client import SocialClient, address_of, auth_chain_credential, load_social_messages
from synapse_api import MatrixHTTPError, Synapse, quote

EVENT = "org.decentraland.friendship"
MARKER = "org.decentraland.socialbridge"


def env(name):
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"{name} is not set (run through Tests/Support/test-all.sh)")
    return value


class World:
    def __init__(self, args):
        self.args = args
        self.url = env("SOCIALBRIDGE_SYNAPSE_URL")
        self.server = env("SOCIALBRIDGE_SYNAPSE_SERVER_NAME")
        self.secret = env("SOCIALBRIDGE_SYNAPSE_SHARED_SECRET")
        self.admin = Synapse(self.url, env("SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN"))
        self.messages = load_social_messages(args.repo)
        self.directory = tempfile.mkdtemp(prefix="transition-e2e-")
        self.bridge = None
        self.log = None

    # --- users ---------------------------------------------------------------------------------

    def user(self):
        """A fresh address user: a Matrix account (localpart = lowercase address) and its wallet key."""
        key = "0x" + secrets.token_hex(32)
        address = address_of(key)
        password = secrets.token_hex(12)
        Synapse(self.url).register(self.secret, address, password)
        token = Synapse(self.url).login_password(address, password)
        return User(self, key, address, token)

    # --- the bridge ----------------------------------------------------------------------------

    def start_bridge(self, db, sync="appservice", mirror=True, poll_interval=None, extra=()):
        arguments = [self.args.binary, "serve", "--db", db, "--listen", f"127.0.0.1:{self.args.port}",
                     "--homeserver", self.url, "--server-name", self.server, "--auth", "authchain",
                     "--mapping", os.path.join(self.args.repo, "mappings/decentraland.json"), "--sync", sync]
        if sync == "appservice":
            arguments += ["--registration", self.args.registration]
        if poll_interval is not None:
            arguments += ["--poll-interval", str(poll_interval)]
        if mirror:
            arguments.append("--mirror")
        arguments += list(extra)
        environment = dict(os.environ, SOCIAL_BRIDGE_ADMIN_TOKEN=self.admin.token)
        self.log = open(os.path.join(self.directory, "bridge.log"), "ab")
        self.bridge = subprocess.Popen(arguments + ["--admin-token", self.admin.token] if self.args.token_in_argv else arguments,
                                       stdout=self.log, stderr=self.log, env=environment)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.args.port}/health", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("bridge did not come up: " + self.bridge_log()[-2000:])

    def stop_bridge(self, kill=False):
        if self.bridge is None:
            return
        if kill:
            self.bridge.send_signal(signal.SIGKILL)
        else:
            self.bridge.send_signal(signal.SIGTERM)
        try:
            code = self.bridge.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.bridge.kill()
            raise AssertionError("bridge did not stop within 30 s of SIGTERM")
        if not kill and code != 0:
            raise AssertionError(f"bridge exited {code} after SIGTERM")
        self.bridge = None

    def bridge_log(self):
        with open(os.path.join(self.directory, "bridge.log"), "rb") as handle:
            return handle.read().decode(errors="replace")

    def metrics(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.args.port}/metrics", timeout=5) as answer:
            return answer.read().decode()

    # --- the homeserver ------------------------------------------------------------------------

    def synapse(self, command):
        script = os.path.join(self.args.repo, "Tests/Support/synapse.sh")
        environment = dict(os.environ, SOCIALBRIDGE_APPSERVICE_REGISTRATION=self.args.registration)
        result = subprocess.run(["bash", script, command], capture_output=True, text=True, timeout=300, env=environment)
        if result.returncode != 0:
            raise AssertionError(f"synapse.sh {command} failed: {result.stderr[-1000:]}")
        if command == "start":
            Synapse(self.url).wait_until_up(120)

    def rooms_of_pair(self, a, b):
        """Rooms the admin API lists whose members (any membership) are exactly the two users."""
        found = []
        start = 0
        while True:
            page = self.admin.get("/_synapse/admin/v1/rooms", query={"from": start, "limit": 500})
            for room in page.get("rooms", []):
                state = self.admin.get(f"/_synapse/admin/v1/rooms/{quote(room['room_id'])}/state")["state"]
                members = {e["state_key"] for e in state if e["type"] == "m.room.member"}
                if members == {a.user_id, b.user_id}:
                    found.append(room["room_id"])
            if "next_batch" not in page:
                return found
            start = page["next_batch"]


class User:
    def __init__(self, world, key, address, token):
        self.world, self.key, self.address, self.token = world, key, address, token
        self.user_id = f"@{address}:{world.server}"
        self.matrix = Synapse(world.url, token, keep_alive=getattr(world.args, "keep_alive", False))
        self.rpc = None

    # Legacy client behaviour (matrix-client FriendsManagementClient / MessagingClient).
    def alias(self, other):
        lo, hi = sorted([self.address, other.address])
        return f"#{lo}+{hi}:{self.world.server}"

    def dm_room(self, other, room_version=None):
        alias = self.alias(other)
        try:
            return self.matrix.get(f"/_matrix/client/v3/directory/room/{quote(alias)}")["room_id"]
        except MatrixHTTPError as error:
            if error.status != 404:
                raise
        lo, hi = sorted([self.address, other.address])
        body = {"room_alias_name": f"{lo}+{hi}", "preset": "trusted_private_chat", "is_direct": True, "invite": [other.user_id]}
        if room_version:
            body["room_version"] = room_version
        room = self.matrix.post("/_matrix/client/v3/createRoom", body)["room_id"]
        return room

    def join(self, room):
        self.matrix.post(f"/_matrix/client/v3/rooms/{quote(room)}/join", {})

    def legacy_write(self, room, action, message=None):
        content = {"type": action}
        if message is not None:
            content["message"] = message
        path = f"/_matrix/client/v3/rooms/{quote(room)}/state/{EVENT}"
        shared = self.matrix.put(path + "/", content)["event_id"]
        self.matrix.put(path + "/" + quote(self.user_id), content)
        return shared

    def state(self, room):
        return self.matrix.get(f"/_matrix/client/v3/rooms/{quote(room)}/state")

    def direct(self):
        try:
            return self.matrix.get(f"/_matrix/client/v3/user/{quote(self.user_id)}/account_data/m.direct")
        except MatrixHTTPError as error:
            if error.status == 404:
                return {}
            raise

    # RPC client.
    def connect(self):
        credential, _ = auth_chain_credential(self.key)
        self.rpc = SocialClient(f"ws://127.0.0.1:{self.world.args.port}/", credential, self.world.messages)
        return self.rpc

    def upsert(self, kind, target, message=None):
        M = self.world.messages
        payload = M.UpsertFriendshipPayload()
        part = getattr(payload, kind)
        part.user.address = target.address
        if message is not None:
            part.message = message
        response = self.rpc.call("UpsertFriendship", payload, M.UpsertFriendshipResponse)
        check(response.WhichOneof("response") == "accepted", f"{kind} → {response}")

    def block(self, target, unblock=False):
        M = self.world.messages
        name = "UnblockUser" if unblock else "BlockUser"
        payload = getattr(M, name + "Payload")()
        payload.user.address = target.address
        response = self.rpc.call(name, payload, getattr(M, name + "Response"))
        check(response.WhichOneof("response") == "ok", f"{name} → {response}")

    def status(self, target):
        M = self.world.messages
        payload = M.GetFriendshipStatusPayload()
        payload.user.address = target.address
        response = self.rpc.call("GetFriendshipStatus", payload, M.GetFriendshipStatusResponse)
        return M.FriendshipStatus.Name(response.accepted.status)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def eventually(probe, what, timeout=30.0, interval=0.2):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = probe()
            if last:
                return last
        except (MatrixHTTPError, KeyError) as error:
            last = error
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last})")


def shared_state(user, room):
    for event in user.state(room):
        if event["type"] == EVENT and event.get("state_key") == "":
            return event
    return None


def state_key(user, room, key):
    for event in user.state(room):
        if event["type"] == EVENT and event.get("state_key") == key:
            return event
    return None


def membership(user, room, user_id):
    for event in user.state(room):
        if event["type"] == "m.room.member" and event.get("state_key") == user_id:
            return event["content"].get("membership")
    return None


def db_path(world, name):
    return os.path.join(world.directory, name + ".sqlite")


def outbox(db):
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT kind, state, attempts, room_id FROM mirror_outbox ORDER BY id").fetchall()


def newest_action(db, a, b):
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            """SELECT a.action, a.acting_user, a.metadata FROM friendship_actions a JOIN friendships f ON f.id = a.friendship_id
               WHERE (f.address_requester = ? AND f.address_requested = ?) OR (f.address_requester = ? AND f.address_requested = ?)
               ORDER BY a.timestamp DESC, a.rowid DESC LIMIT 1""", (a.address, b.address, b.address, a.address)).fetchone()
        return row


# --- scenarios ------------------------------------------------------------------------------------

def scenario_round_trip(world):
    """Legacy request → RPC subscriber gets it with its message; RPC accept → legacy sees both keys,
    is joined, and finds the room in m.direct."""
    db = db_path(world, "round-trip")
    world.start_bridge(db)
    try:
        legacy, modern = world.user(), world.user()
        client = modern.connect()
        updates = client.subscribe("SubscribeToFriendshipUpdates", world.messages.FriendshipUpdate)
        room = legacy.dm_room(modern)
        legacy.legacy_write(room, "request", message="hi from matrix")
        update = updates.next(timeout=30)
        check(update.WhichOneof("update") == "request", f"expected a request update, got {update}")
        check(update.request.friend.address == legacy.address, f"request from {update.request.friend.address}")
        check(update.request.message == "hi from matrix", f"message {update.request.message!r}")
        check(modern.status(legacy) == "REQUEST_RECEIVED", "status after the legacy request")

        modern.upsert("accept", legacy)
        accepted = eventually(lambda: (lambda e: e if e and e["content"].get("type") == "accept" else None)(shared_state(legacy, room)),
                              "the accept in the shared key")
        check(accepted["sender"] == modern.user_id, f"accept sent by {accepted['sender']}")
        check(MARKER in accepted["content"], "bridge marker on the mirrored accept")
        per_user = state_key(legacy, room, modern.user_id)
        check(per_user is not None and per_user["content"].get("type") == "accept", f"per-user key of the acceptor: {per_user}")
        theirs = state_key(legacy, room, legacy.user_id)
        check(theirs is not None and theirs["content"].get("type") == "request", "the requester's own key still holds the request")
        check(membership(legacy, room, modern.user_id) == "join", "the RPC user is joined")
        eventually(lambda: room in legacy.direct().get(modern.user_id, []), "the room in the legacy user's m.direct")
        eventually(lambda: room in modern.direct().get(legacy.user_id, []), "the room in the RPC user's m.direct")
        # The echo of the mirrored accept comes back through sync and is not applied again.
        time.sleep(1.0)
        check(newest_action(db, legacy, modern)[0] == "accept", "the pair is accepted on the new side")
        eventually(lambda: 'socialbridge_sync_events_total{outcome="echo"}' in world.metrics(), "an echo counted in /metrics")
        client.close()
    finally:
        world.stop_bridge()


def scenario_rpc_creates_one_room(world):
    """An RPC request to a user with no room creates exactly one room with the pair's alias."""
    db = db_path(world, "create")
    world.start_bridge(db)
    try:
        a, b = world.user(), world.user()
        a.connect()
        a.upsert("request", b, message="hello from the new side")
        room = eventually(lambda: world.admin.get(f"/_matrix/client/v3/directory/room/{quote(a.alias(b))}")["room_id"],
                          "the pair's alias")
        event = eventually(lambda: (lambda e: e if e and e["content"].get("type") == "request" else None)(shared_state(a, room)),
                           "the request in the new room")
        check(event["sender"] == a.user_id and event["content"].get("message") == "hello from the new side", f"request event {event}")
        eventually(lambda: membership(a, room, b.user_id) == "join", "the other user joined")
        check(world.rooms_of_pair(a, b) == [room], f"rooms of the pair: {world.rooms_of_pair(a, b)}")
        messages = a.matrix.get(f"/_matrix/client/v3/rooms/{quote(room)}/messages", query={"dir": "b", "limit": 50})["chunk"]
        check(any(m["type"] == "m.room.message" and m["content"].get("body") == "hello from the new side" for m in messages),
              "the request's message as m.room.message")
        eventually(lambda: all(state == "delivered" for _, state, _, _ in outbox(db)), "outbox delivered")
        a.rpc.close()
    finally:
        world.stop_bridge()


def scenario_homeserver_down(world):
    """The homeserver is stopped, an RPC action made, the homeserver restarted: delivered once."""
    db = db_path(world, "down")
    world.start_bridge(db)
    a, b = world.user(), world.user()
    try:
        a.connect()
        world.synapse("stop")
        try:
            a.upsert("request", b)
            time.sleep(2)
            check(outbox(db)[0][1] == "pending", f"outbox while the homeserver is down: {outbox(db)}")
        finally:
            world.synapse("start")
        eventually(lambda: outbox(db) and outbox(db)[0][1] == "delivered", "delivery after the restart", timeout=90)
        room = world.admin.get(f"/_matrix/client/v3/directory/room/{quote(a.alias(b))}")["room_id"]
        check(world.rooms_of_pair(a, b) == [room], "one room")
        check(shared_state(a, room)["content"].get("type") == "request", "the request written")
        a.rpc.close()
    finally:
        world.stop_bridge()


def scenario_kill_after_answer(world):
    """The bridge is kill -9ed right after an RPC answer and restarted: delivered once, one room."""
    db = db_path(world, "kill")
    world.start_bridge(db)
    a, b = world.user(), world.user()
    a.connect()
    a.upsert("request", b, message="survives kill -9")
    world.stop_bridge(kill=True)
    a.rpc = None
    world.start_bridge(db)
    try:
        eventually(lambda: outbox(db) and outbox(db)[0][1] == "delivered", "delivery after the restart", timeout=60)
        room = world.admin.get(f"/_matrix/client/v3/directory/room/{quote(a.alias(b))}")["room_id"]
        check(world.rooms_of_pair(a, b) == [room], f"one room, found {world.rooms_of_pair(a, b)}")
        history = a.matrix.get(f"/_matrix/client/v3/rooms/{quote(room)}/messages",
                               query={"dir": "b", "limit": 100, "filter": json.dumps({"types": [EVENT]})})["chunk"]
        shared = [e for e in history if e.get("state_key") == ""]
        check(len(shared) == 1, f"the request written once, found {len(shared)}")
    finally:
        world.stop_bridge()


def scenario_legacy_while_down(world):
    """A legacy write while the bridge is down is applied after it starts again."""
    db = db_path(world, "catch-up")
    world.start_bridge(db)
    a, b = world.user(), world.user()
    world.stop_bridge()
    room = a.dm_room(b)
    b.join(room)
    a.legacy_write(room, "request", message="while you were away")
    world.start_bridge(db)
    try:
        eventually(lambda: (newest_action(db, a, b) or [None])[0] == "request", "the request applied after the restart", timeout=60)
        b.connect()
        check(b.status(a) == "REQUEST_RECEIVED", "status after catch-up")
        b.rpc.close()
    finally:
        world.stop_bridge()


def scenario_poll(world):
    """Poll mode picks up a legacy write within two intervals."""
    db = db_path(world, "poll")
    interval = 2
    world.start_bridge(db, sync="poll", mirror=False, poll_interval=interval)
    try:
        a, b = world.user(), world.user()
        time.sleep(interval)  # the catch-up pass is done
        room = a.dm_room(b)
        b.join(room)
        started = time.time()
        a.legacy_write(room, "request")
        eventually(lambda: (newest_action(db, a, b) or [None])[0] == "request", "the request via poll", timeout=2 * interval + 20)
        elapsed = time.time() - started
        print(f"poll: applied {elapsed:.1f} s after the legacy write (interval {interval} s)")
    finally:
        world.stop_bridge()


def scenario_block_mirror(world):
    """Block over a friendship writes `delete` and the ignored-user list; unblock removes it."""
    db = db_path(world, "block")
    world.start_bridge(db)
    try:
        a, b = world.user(), world.user()
        a.connect()
        b.connect()
        a.upsert("request", b)
        b.upsert("accept", a)
        a.block(b)
        room = eventually(lambda: world.admin.get(f"/_matrix/client/v3/directory/room/{quote(a.alias(b))}")["room_id"], "room")
        eventually(lambda: (lambda e: e if e and e["content"].get("type") == "delete" else None)(shared_state(a, room)),
                   "the block's delete in Matrix")
        ignored = eventually(lambda: a.matrix.get(f"/_matrix/client/v3/user/{quote(a.user_id)}/account_data/m.ignored_user_list"),
                             "ignored list")
        check(b.user_id in ignored.get("ignored_users", {}), f"ignored list {ignored}")
        a.block(b, unblock=True)
        eventually(lambda: b.user_id not in a.matrix.get(
            f"/_matrix/client/v3/user/{quote(a.user_id)}/account_data/m.ignored_user_list").get("ignored_users", {}),
            "the unblock removes the ignored entry")
        check(newest_action(db, a, b)[0] == "delete", "new side after unblock")
        a.rpc.close()
        b.rpc.close()
    finally:
        world.stop_bridge()


def put_transaction(world, txn_id, body, token=None, raw=None, headers=None):
    """PUT /_matrix/app/v1/transactions/{txn_id} on the bridge; returns (status, json)."""
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{world.args.port}/_matrix/app/v1/transactions/{txn_id}", data=data, method="PUT")
    request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, {"raw": text.decode(errors="replace")}


def hs_token(world):
    import yaml
    with open(world.args.registration) as handle:
        return yaml.safe_load(handle)["hs_token"]


def counts(db, a, b):
    """The pair's row and actions (other pairs may be written meanwhile by the catch-up pass)."""
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            """SELECT id, is_active, updated_at FROM friendships
               WHERE (address_requester = ? AND address_requested = ?) OR (address_requester = ? AND address_requested = ?)""",
            (a.address, b.address, b.address, a.address)).fetchone()
        actions = connection.execute("SELECT id, action, timestamp FROM friendship_actions WHERE friendship_id = ? ORDER BY id",
                                     (row[0] if row else "",)).fetchall()
        return row, actions


def scenario_appservice_api(world):
    """Replays change nothing (same txn id; a new txn id carrying an applied event); bad requests get the
    appservice API's errors and the server stays up."""
    db = db_path(world, "replay")
    world.start_bridge(db, mirror=False)
    try:
        a, b = world.user(), world.user()
        room = a.dm_room(b)
        b.join(room)
        event_id = a.legacy_write(room, "request", message="replay me")
        eventually(lambda: (newest_action(db, a, b) or [None])[0] == "request", "the request applied")
        event = world.admin.get(f"/_synapse/admin/v1/rooms/{quote(room)}/messages",
                                query={"dir": "b", "limit": 20, "filter": json.dumps({"types": [EVENT]})})["chunk"]
        pushed = next(e for e in event if e["event_id"] == event_id)
        pushed["room_id"] = room
        token = hs_token(world)
        before = counts(db, a, b)
        for txn in ("e2e-replay-1", "e2e-replay-1", "e2e-replay-2"):
            status, answer = put_transaction(world, txn, {"events": [pushed]}, token)
            check(status == 200 and answer == {}, f"txn {txn}: {status} {answer}")
        check(counts(db, a, b) == before, f"replays changed the pair: {before} → {counts(db, a, b)}")
        metrics = world.metrics()
        check('socialbridge_sync_events_total{outcome="ignored"}' in metrics, "replayed event counted as ignored")

        status, answer = put_transaction(world, "e2e-bad-1", {"events": []})
        check(status == 401 and answer.get("errcode") == "M_UNAUTHORIZED", f"no token: {status} {answer}")
        status, answer = put_transaction(world, "e2e-bad-2", {"events": []}, "wrong-" + token)
        check(status == 403 and answer.get("errcode") == "M_FORBIDDEN", f"wrong token: {status} {answer}")
        status, answer = put_transaction(world, "e2e-bad-3", None, token, raw=b"not json")
        check(status == 400 and answer.get("errcode") == "M_NOT_JSON", f"not JSON: {status} {answer}")
        status, answer = put_transaction(world, "e2e-bad-4", {"no": "events"}, token)
        check(status == 400 and answer.get("errcode") == "M_BAD_JSON", f"no events: {status} {answer}")
        status, answer = put_transaction(world, "e2e-bad-5", None, token, raw=b" " * (16 * 1024 * 1024 + 1))
        check(status == 413 and answer.get("errcode") == "M_TOO_LARGE", f"17 MiB: {status} {answer}")
        for method, path, expected in (("GET", "/_matrix/app/v1/users/%40x%3Ay", 404), ("GET", "/_matrix/app/v1/rooms/%23x%3Ay", 404),
                                       ("POST", "/_matrix/app/v1/ping", 200)):
            request = urllib.request.Request(f"http://127.0.0.1:{world.args.port}{path}", data=b"{}" if method == "POST" else None,
                                             method=method)
            request.add_header("Authorization", "Bearer " + token)
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            check(status == expected, f"{method} {path}: {status}")
        with urllib.request.urlopen(f"http://127.0.0.1:{world.args.port}/health", timeout=5) as answer:
            check(answer.status == 200, "health after the bad requests")
        with urllib.request.urlopen(f"http://127.0.0.1:{world.args.port}/health/ready", timeout=5) as answer:
            check(answer.status == 200, "ready with the homeserver answering")
        check(counts(db, a, b) == before, "bad requests changed the pair")
    finally:
        world.stop_bridge()


def scenario_room_upgrade(world):
    """A tombstone moves the pair to the replacement room: a later RPC action is written there."""
    db = db_path(world, "upgrade")
    world.start_bridge(db)
    try:
        a, b = world.user(), world.user()
        # Legacy rooms predate room version 12 (where invitees of trusted_private_chat become creators, which an
        # upgrade does not carry over): upgrade a version 10 room, as production's are.
        room = a.dm_room(b, room_version="10")
        b.join(room)
        a.legacy_write(room, "request")
        b.legacy_write(room, "accept")
        eventually(lambda: (newest_action(db, a, b) or [None])[0] == "accept", "the accept applied")
        replacement = a.matrix.post(f"/_matrix/client/v3/rooms/{quote(room)}/upgrade", {"new_version": "10"})["replacement_room"]
        with sqlite3.connect(db) as connection:
            eventually(lambda: connection.execute("SELECT replaced_by FROM legacy_rooms WHERE room_id = ?", (room,)).fetchone() == (replacement,),
                       "the tombstone recorded")
            eventually(lambda: connection.execute("SELECT count(*) FROM conflicts WHERE rule = 'room_upgraded' AND room_id = ?",
                                                  (room,)).fetchone()[0] == 1, "room_upgraded journaled")
        b.connect()
        b.upsert("delete", a)
        eventually(lambda: (lambda e: e if e and e["content"].get("type") == "delete" else None)(shared_state(a, replacement)),
                   "the delete written in the replacement room")
        check(shared_state(a, room)["content"].get("type") == "accept", "the old room is left as it was")
        b.rpc.close()
    finally:
        world.stop_bridge()


def scenario_poll_mirror(world):
    """Without a registration (poll mode), the mirror acts through the admin API's login-as-user."""
    db = db_path(world, "poll-mirror")
    world.start_bridge(db, sync="poll", mirror=True, poll_interval=2)
    try:
        a, b = world.user(), world.user()
        a.connect()
        a.upsert("request", b, message="via login-as-user")
        room = eventually(lambda: world.admin.get(f"/_matrix/client/v3/directory/room/{quote(a.alias(b))}")["room_id"], "the room")
        event = eventually(lambda: shared_state(a, room), "the request")
        check(event["sender"] == a.user_id and event["content"].get("type") == "request", f"request {event}")
        # The echo comes back through the poll pass and changes nothing.
        time.sleep(4)
        check(newest_action(db, a, b)[0] == "request", "echo not applied")
        a.rpc.close()
    finally:
        world.stop_bridge()


SCENARIOS = {
    "appservice_api": scenario_appservice_api,
    "room_upgrade": scenario_room_upgrade,
    "poll_mirror": scenario_poll_mirror,
    "round_trip": scenario_round_trip,
    "rpc_creates_one_room": scenario_rpc_creates_one_room,
    "block_mirror": scenario_block_mirror,
    "legacy_while_down": scenario_legacy_while_down,
    "kill_after_answer": scenario_kill_after_answer,
    "poll": scenario_poll,
    "homeserver_down": scenario_homeserver_down,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--registration", required=True)
    parser.add_argument("--scenario", action="append")
    parser.add_argument("--token-in-argv", action="store_true", help="pass --admin-token on the command line (old binaries)")
    args = parser.parse_args()
    world = World(args)
    for name in args.scenario or list(SCENARIOS):
        try:
            SCENARIOS[name](world)
        except Exception:
            traceback.print_exc()
            print(f"FAIL {name}")
            print("--- bridge log (tail) ---")
            print(world.bridge_log()[-6000:] if os.path.exists(os.path.join(world.directory, "bridge.log")) else "(none)")
            world.stop_bridge(kill=True)
            sys.exit(1)
        print(f"PASS {name}", flush=True)


if __name__ == "__main__":
    main()
