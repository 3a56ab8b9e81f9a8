"""Seeds a Synapse with legacy Decentraland friendship data described by a fixture (fixtures/*.json),
writing it through the HTTP APIs exactly as the legacy clients and the Rust service did.

usage: synapse_seed.py FIXTURE.json [--url URL] [--admin-token TOKEN] [--shared-secret SECRET]
                       [--server-name NAME] [--salt SALT] [--out RESULT.json]

URL, tokens and server name default to the SOCIALBRIDGE_SYNAPSE_* variables printed by synapse.sh.
--salt derives fresh addresses from the fixture's (same case pattern), so one homeserver can be seeded
many times; without it a fixture already seeded is detected (admin account data marker) and skipped.

Prints (and writes to --out) the result: {"fixture", "server_name", "users": {label: user id},
"addresses": {label: address}, "rooms": {label: room id}, "events": {label: event id}, "expect": [...]}
with every template in "expect" resolved.

--generate USERS:PAIRS replaces the fixture by a synthetic one (deterministic per --salt) for benchmarks:
USERS address users and PAIRS direct rooms with a mix of legacy and Rust-era sequences; --jobs N seeds
rooms N at a time (default 4).

Fixture format (JSON object):
  "name": fixture name (the idempotency marker key)
  "users": {label: {"localpart": "0x…" or any localpart, "displayname"?: str, "deactivate"?: bool}}
           (deactivation happens after everything else, so the user leaves all rooms: member_left)
  "rooms": [{"label", "creator": user label, "invite": [labels], "invite_ids": [raw ids, templates ok],
             "join": [labels] (default: all invitees join right away; [] = never),
             "alias": "pair" (default, #<lo>+<hi>) | "rust-bug" (#%23<lo>%2B<hi>%3A<server>) |
                      "mixed-pair" (mixed-case localparts) | null (none) | a literal local part (templates ok),
             "alias_pair": [label, label] (whose addresses form the alias; default creator + first invitee),
             "room_version"?: "10" for !opaque:server ids (default: the server's, v12 gives !opaque),
             "creation_content"?: {"type": "channel"}, "preset"?, "is_direct"?,
             "actions": [ordered actions]}]
  actions (each has "as": the acting user's label):
    {"friendship": "request|accept|reject|cancel|delete", "message"?: str, "write": "legacy" | "rust" |
     "shared" | "per_user", "label"?: name}   legacy = "" then the sender's own id (legacy clients);
                                              rust/shared = "" only (rust adds "message": null);
                                              per_user = own id only
    {"content": <any JSON object>, "write": …}  raw content (garbage, unknown types, wrong casing)
    {"join": true} | {"leave": true} | {"invite": label} | {"invite_id": raw id} | {"text": message body}
    {"redact": event label}
  "direct": {label: <m.direct content, templates>}   written as that user (defects welcome)
  "ignored": {label: [labels]}                       m.ignored_user_list
  "expect": [{"pair": [label, label], "action": type, "by": label, "requester": label, "message"?,
              "rooms": [room labels], "rules": [rule names the pair's journal must contain], "row"?: §5 row}
             or {"pair": …, "result": "none", "rules": …}] — passed through with user labels (pair,
             requester, by, blocker, blocked) resolved to addresses and room labels to room ids
  other "expect_*" keys (m.direct and block expectations) are documentation for tests and not resolved
Templates in strings: {user:L} full id, {addr:L} address, {mixed:L} mixed-case address,
{mixedid:L} mixed-case full id, {room:R} room id, {event:E} event id, {server} server name.
"""
import argparse
import concurrent.futures
import itertools
import random
import hashlib
import json
import os
import re
import sys
import time
import urllib.parse

from synapse_api import MatrixHTTPError, Synapse, quote

ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
FRIENDSHIP = "org.decentraland.friendship"
MARKER = "org.socialbridge.seed"


def salted(localpart, salt):
    if not salt:
        return localpart
    if ADDRESS.match(localpart):
        digest = hashlib.sha256(f"{salt}:{localpart.lower()}".encode()).hexdigest()[:40]
        # Keep the fixture's case pattern (mixed-case cases must stay mixed-case).
        return "0x" + "".join(d.upper() if o.isupper() else d for d, o in zip(digest, localpart[2:]))
    return f"{localpart}-{salt}".lower()


def mixed_case(address):
    out, upper = [], True
    for ch in address[2:]:
        if ch.isalpha():
            out.append(ch.upper() if upper else ch.lower())
            upper = not upper
        else:
            out.append(ch)
    return "0x" + "".join(out)


class Seeder:
    def __init__(self, fixture, admin, shared_secret, server_name, salt):
        self.fixture = fixture
        self.admin = admin
        self.secret = shared_secret
        self.server = server_name
        self.salt = salt
        self.tokens = {}
        self.localparts = {}
        self.rooms = {}
        self.events = {}
        self.txn = itertools.count(int(time.time() * 1000))

    # ---- templates -------------------------------------------------------------------------
    def user_id(self, label):
        if label not in self.localparts:
            raise SystemExit(f"synapse_seed: unknown user label {label!r}")
        return f"@{self.localparts[label]}:{self.server}"

    def resolve(self, value):
        """Replaces {user:L}, {addr:L}, {mixed:L}, {mixedid:L}, {room:R}, {event:E}, {server} in strings."""
        if isinstance(value, str):
            def sub(match):
                kind, _, arg = match.group(1).partition(":")
                if kind == "user":
                    return self.user_id(arg)
                if kind == "addr":
                    return self.localparts[arg]
                if kind == "mixed":
                    return mixed_case(self.localparts[arg])
                if kind == "mixedid":
                    return f"@{mixed_case(self.localparts[arg])}:{self.server}"
                if kind == "room":
                    return self.rooms[arg]
                if kind == "event":
                    return self.events[arg]
                if kind == "server":
                    return self.server
                raise SystemExit(f"synapse_seed: unknown template {{{match.group(1)}}}")
            return re.sub(r"\{([a-z]+(?::[^{}]*)?)\}", sub, value)
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict):
            return {self.resolve(k): self.resolve(v) for k, v in value.items()}
        return value

    def as_user(self, label):
        return self.admin.as_token(self.tokens[label])

    # ---- steps -----------------------------------------------------------------------------
    def register_users(self, jobs):
        for label, spec in self.fixture.get("users", {}).items():
            self.localparts[label] = salted(spec["localpart"], self.salt).lower()
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            list(pool.map(self.register_user, self.fixture.get("users", {}).items()))

    def register_user(self, item):
        label, spec = item
        localpart = self.localparts[label]
        user_id = self.user_id(label)
        try:
            token = self.admin.register(self.secret, localpart.lower(), "pw-" + localpart.lower())["access_token"]
        except MatrixHTTPError as err:
            if err.errcode != "M_USER_IN_USE":
                raise
            token = self.admin.post(f"/_synapse/admin/v1/users/{quote(user_id)}/login", {})["access_token"]
        self.tokens[label] = token
        if spec.get("displayname"):
            self.as_user(label).put(f"/_matrix/client/v3/profile/{quote(user_id)}/displayname",
                                    {"displayname": spec["displayname"]})

    def alias_name(self, room, members):
        alias = room.get("alias", "pair")
        if alias is None:
            return None
        pair = "+".join(sorted({self.localparts[m].lower() for m in members[:2]}))
        if alias == "pair":
            return pair
        if alias == "rust-bug":
            # 2023-04-27..2023-07-04: the Rust service sent the URL-encoded full alias as the local part.
            return urllib.parse.quote(f"#{pair}:{self.server}", safe="")
        if alias == "mixed-pair":
            # Before 2020-05-14 clients did not lowercase the localparts.
            return "+".join(sorted(mixed_case(self.localparts[m]) for m in members[:2]))
        return self.resolve(alias)

    def create_room(self, room):
        creator = room["creator"]
        invites = [self.user_id(u) for u in room.get("invite", [])]
        invites += [self.resolve(raw) for raw in room.get("invite_ids", [])]
        body = {"preset": room.get("preset", "trusted_private_chat"), "is_direct": room.get("is_direct", True),
                "invite": invites}
        alias = self.alias_name(room, room.get("alias_pair") or [creator] + room.get("invite", []))
        if alias:
            body["room_alias_name"] = alias
        if room.get("room_version"):
            body["room_version"] = room["room_version"]
        if room.get("creation_content"):
            body["creation_content"] = room["creation_content"]
        room_id = self.as_user(creator).post("/_matrix/client/v3/createRoom", body)["room_id"]
        self.rooms[room["label"]] = room_id
        for label in room.get("join", room.get("invite", [])):
            self.as_user(label).post(f"/_matrix/client/v3/rooms/{quote(room_id)}/join", {})
        return room_id

    def put_state(self, label, room_id, state_key, content):
        path = f"/_matrix/client/v3/rooms/{quote(room_id)}/state/{FRIENDSHIP}/{quote(state_key)}"
        return self.as_user(label).put(path, content)["event_id"]

    def run_action(self, room_id, action):
        label = action["as"]
        user = self.as_user(label)
        room = quote(room_id)
        if "friendship" in action or "content" in action:
            if "content" in action:
                content = self.resolve(action["content"])
            else:
                content = {"type": action["friendship"]}
                write = action.get("write", "legacy")
                if action.get("message") is not None:
                    content["message"] = action["message"]
                elif write == "rust":
                    content["message"] = None
            write = action.get("write", "legacy")
            event_id = None
            if write in ("legacy", "rust", "shared"):
                event_id = self.put_state(label, room_id, "", content)
            if write in ("legacy", "per_user"):
                per_user = self.put_state(label, room_id, self.user_id(label), content)
                event_id = event_id or per_user
                if action.get("label"):
                    self.events[action["label"] + ":per_user"] = per_user
            if action.get("label"):
                self.events[action["label"]] = event_id
        elif action.get("join"):
            user.post(f"/_matrix/client/v3/rooms/{room}/join", {})
        elif action.get("leave"):
            user.post(f"/_matrix/client/v3/rooms/{room}/leave", {})
        elif "invite" in action or "invite_id" in action:
            target = self.user_id(action["invite"]) if "invite" in action else self.resolve(action["invite_id"])
            user.post(f"/_matrix/client/v3/rooms/{room}/invite", {"user_id": target})
        elif "text" in action:
            user.put(f"/_matrix/client/v3/rooms/{room}/send/m.room.message/seed{next(self.txn)}",
                     {"msgtype": "m.text", "body": action["text"]})
        elif "redact" in action:
            event = quote(self.events[action["redact"]])
            user.put(f"/_matrix/client/v3/rooms/{room}/redact/{event}/seed{next(self.txn)}", {})
        else:
            raise SystemExit(f"synapse_seed: unknown action {action}")

    def account_data(self):
        for label, content in self.fixture.get("direct", {}).items():
            self.as_user(label).put(f"/_matrix/client/v3/user/{quote(self.user_id(label))}/account_data/m.direct",
                                    self.resolve(content))
        for label, ignored in self.fixture.get("ignored", {}).items():
            content = {"ignored_users": {self.user_id(other): {} for other in ignored}}
            self.as_user(label).put(
                f"/_matrix/client/v3/user/{quote(self.user_id(label))}/account_data/m.ignored_user_list", content)

    def deactivate(self):
        for label, spec in self.fixture.get("users", {}).items():
            if spec.get("deactivate"):
                self.admin.post(f"/_synapse/admin/v1/deactivate/{quote(self.user_id(label))}", {"erase": False})

    def seed_room(self, room):
        room_id = self.create_room(room)
        for action in room.get("actions", []):
            self.run_action(room_id, action)

    def run(self, jobs=1, parallel_rooms=False):
        self.register_users(jobs)
        rooms = self.fixture.get("rooms", [])
        # Fixture rooms run in order: duplicate rooms of one pair are decided by their timestamps.
        if parallel_rooms and jobs > 1:
            with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
                list(pool.map(self.seed_room, rooms))
        else:
            for room in rooms:
                self.seed_room(room)
        self.account_data()
        self.deactivate()
        return {
            "fixture": self.fixture.get("name", ""),
            "server_name": self.server,
            "salt": self.salt or "",
            "users": {label: self.user_id(label) for label in self.localparts},
            "addresses": {label: lp for label, lp in self.localparts.items() if ADDRESS.match(lp)},
            "rooms": self.rooms,
            "events": self.events,
            "expect": self.resolve_expect(self.fixture.get("expect", [])),
        }

    def resolve_expect(self, expect):
        def resolve_labels(value):
            if isinstance(value, str) and value in self.localparts:
                return self.localparts[value]
            if isinstance(value, list):
                return [resolve_labels(v) for v in value]
            return value
        resolved = []
        for entry in expect:
            entry = dict(entry)
            for key in ("pair", "requester", "by", "blocker", "blocked"):
                if key in entry:
                    entry[key] = resolve_labels(entry[key])
            if "rooms" in entry:
                entry["rooms"] = [self.rooms.get(r, r) for r in entry["rooms"]]
            resolved.append(self.resolve(entry))
        return resolved


SEQUENCES = [
    # (actions as (member index, type, write)), expected final action, actor index, requester index
    ([(0, "request", "legacy")], "request", 0, 0),
    ([(0, "request", "legacy"), (1, "accept", "legacy")], "accept", 1, 0),
    ([(0, "request", "rust"), (1, "accept", "rust")], "accept", 1, 0),
    ([(0, "request", "legacy"), (1, "reject", "legacy")], "reject", 1, 0),
    ([(0, "request", "legacy"), (0, "cancel", "legacy")], "cancel", 0, 0),
    ([(0, "request", "legacy"), (1, "accept", "legacy"), (0, "delete", "legacy")], "delete", 0, 0),
]


def generate(user_count, pair_count, seed):
    """A synthetic fixture: user_count address users, pair_count DM rooms of distinct pairs."""
    rng = random.Random(seed)
    users = {f"g{i:05d}": {"localpart": "0x" + hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()[:40]}
             for i in range(user_count)}
    labels = list(users)
    pairs, rooms, expect = set(), [], []
    limit = user_count * (user_count - 1) // 2
    while len(pairs) < min(pair_count, limit):
        a, b = rng.sample(labels, 2)
        if (a, b) in pairs or (b, a) in pairs:
            continue
        pairs.add((a, b))
        actions, final, actor, requester = rng.choice(SEQUENCES)
        members = [a, b]
        rooms.append({"label": f"p{len(rooms):05d}", "creator": a, "invite": [b],
                      "actions": [{"as": members[i], "friendship": t, "write": w} for i, t, w in actions]})
        expect.append({"pair": [a, b], "action": final, "by": members[actor], "requester": members[requester],
                       "rooms": [rooms[-1]["label"]]})
    return {"name": f"generated-{user_count}-{pair_count}", "users": users, "rooms": rooms, "expect": expect}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fixture", nargs="?", default="")
    parser.add_argument("--url", default=os.environ.get("SOCIALBRIDGE_SYNAPSE_URL"))
    parser.add_argument("--admin-token", default=os.environ.get("SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN"))
    parser.add_argument("--shared-secret", default=os.environ.get("SOCIALBRIDGE_SYNAPSE_SHARED_SECRET"))
    parser.add_argument("--server-name", default=os.environ.get("SOCIALBRIDGE_SYNAPSE_SERVER_NAME"))
    parser.add_argument("--salt", default="")
    parser.add_argument("--out")
    parser.add_argument("--generate", help="USERS:PAIRS synthetic fixture instead of FIXTURE")
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()
    if not (args.url and args.admin_token and args.shared_secret):
        print("synapse_seed: URL, admin token and shared secret are required (eval synapse.sh start)", file=sys.stderr)
        return 2
    if args.generate:
        users, pairs = (int(n) for n in args.generate.split(":", 1))
        fixture = generate(users, pairs, args.salt or "bench")
    else:
        with open(args.fixture) as handle:
            fixture = json.load(handle)
    admin = Synapse(args.url, args.admin_token)
    admin_id = admin.whoami()
    server_name = args.server_name or admin_id.split(":", 1)[1]
    marker_path = f"/_matrix/client/v3/user/{quote(admin_id)}/account_data/{MARKER}"
    key = f"{fixture.get('name', args.fixture)}:{args.salt}"
    seeded = {}
    if not args.salt:
        # Unsalted seeds use the fixture's fixed addresses: remember them so a second run is a no-op.
        try:
            seeded = admin.get(marker_path)
        except MatrixHTTPError as err:
            if err.status != 404:
                raise
    if key in seeded:
        print(f"synapse_seed: {key} already seeded, reusing its result", file=sys.stderr)
        result = seeded[key]
    else:
        started = time.time()
        result = Seeder(fixture, admin, args.shared_secret, server_name, args.salt).run(max(1, args.jobs), parallel_rooms=bool(args.generate))
        if not args.salt:
            seeded[key] = result
            admin.put(marker_path, seeded)
        print(f"synapse_seed: seeded {key} ({len(result['users'])} users, {len(result['rooms'])} rooms) "
              f"in {time.time() - started:.1f}s", file=sys.stderr)
    text = json.dumps(result, indent=2, sort_keys=True)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
