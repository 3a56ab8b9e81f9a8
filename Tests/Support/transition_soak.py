"""Soak of the transition: `serve --sync appservice --mirror` against the live Synapse for a while, with
legacy-side and RPC writes mixed across many users, then a pair-by-pair comparison of both sides.

usage: transition_soak.py --binary PATH --repo PATH --port PORT --registration FILE
                          [--duration SECONDS] [--users N] [--rate WRITES_PER_SECOND] [--json]

Each pair of users (N/2 disjoint pairs) walks the friendship lifecycle (request → accept|reject|cancel →
delete → request …). Each action is made on a random side: as a legacy client (the `""` then per-user
state write, in the pair's DM room) or over the RPC (auth chain). Before the pair's next action the driver
waits until the action has crossed over, watching the bridge's database read-only (so the measurement puts
no load on the homeserver): a legacy write until the store holds it as the pair's newest action (sync lag),
an RPC action until its outbox row is delivered (mirror delivery latency), both counted from the moment the
action is sent. Before the traffic starts, the homeserver's own ceiling is measured in the same run: state
writes per second from 8 threads (each friendship action costs two: the legacy double write, or the
mirror's per-user key and `""`). At the end it waits for the outbox to drain, stops the bridge with SIGTERM, and compares
both sides with `social-bridge diff` when the binary has it, else pair by pair (Matrix's last `""` action
and sender against the store's newest action).

Prints a summary (or one JSON object with --json): writes per side, latencies p50/p99, outbox depth at the
end, differences. Exit status 0 when there are no differences and the outbox drained, else 1.
"""
import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import threading
import time

from synapse_api import MatrixHTTPError, quote
from transition_e2e import EVENT, World, shared_state

STATUS_AFTER = {"request": "REQUEST_RECEIVED", "accept": "ACCEPTED", "reject": "REJECTED", "cancel": "CANCELED", "delete": "DELETED"}


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


class Pair:
    def __init__(self, a, b, room):
        self.a, self.b, self.room = a, b, room
        self.last = None  # (action, actor)

    def next_action(self, rng):
        """A valid next action and its actor for the pair's current state (rpc-protocol §4.2)."""
        if self.last is None or self.last[0] in ("reject", "cancel", "delete"):
            return "request", rng.choice([self.a, self.b])
        action, actor = self.last
        other = self.b if actor is self.a else self.a
        if action == "request":
            return rng.choice([("accept", other), ("accept", other), ("reject", other), ("cancel", actor)])
        return "delete", rng.choice([self.a, self.b])  # after accept


class Soak:
    def __init__(self, args):
        self.args = args
        self.world = World(args)
        self.lock = threading.Lock()
        self.mirror_latency = []
        self.sync_lag = []
        self.writes = {"legacy": 0, "rpc": 0}
        self.timeouts = 0
        self.errors = []
        self.bucket_next = time.monotonic()

    def throttle(self):
        """A global pacing of writes at --rate per second."""
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.bucket_next)
            self.bucket_next = slot + 1.0 / self.args.rate
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def wait_for(self, probe, timeout=60.0, started=None):
        started = time.monotonic() if started is None else started
        while time.monotonic() - started < timeout:
            try:
                if probe():
                    return time.monotonic() - started
            except Exception:
                pass
            time.sleep(0.02)
        return None

    @staticmethod
    def shared_event(user, room):
        """The current `""` friendship event's content (one small GET, not the room's whole state)."""
        try:
            return user.matrix.get(f"/_matrix/client/v3/rooms/{quote(room)}/state/{EVENT}/", query={"format": "event"})
        except MatrixHTTPError as error:
            if error.status == 404:
                return None
            raise

    def act(self, pair, rng, db):
        action, actor = pair.next_action(rng)
        other = pair.b if actor is pair.a else pair.a
        side = rng.choice(["legacy", "rpc"])
        self.throttle()
        # Both latencies count from the moment the action is sent (so they include the write itself).
        sent = time.monotonic()
        if side == "legacy":
            actor.legacy_write(pair.room, action)
            # Sync lag: the legacy write is sent → the store holds it as the pair's newest action (the RPC
            # side reads the store; subscribers are told at that commit).
            waited = self.wait_for(lambda: newest(db, pair) == (action, actor.address), started=sent)
            bucket = self.sync_lag
        else:
            actor.upsert(action, other)
            # Mirror delivery: the RPC call is sent → its outbox row is delivered (the `""` write has returned).
            waited = self.wait_for(lambda: pending(db, pair) == 0, started=sent)
            bucket = self.mirror_latency
        with self.lock:
            self.writes[side] += 1
            if waited is None:
                self.timeouts += 1
            else:
                bucket.append(waited)
        pair.last = (action, actor)

    def worker(self, pairs, seed, deadline, db):
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            for pair in pairs:
                if time.monotonic() >= deadline:
                    return
                try:
                    self.act(pair, rng, db)
                except Exception as error:  # a refused action or a transient failure: note it and go on
                    with self.lock:
                        self.errors.append(f"{type(error).__name__}: {error}"[:300])

    def run(self):
        args, world = self.args, self.world
        db = os.path.join(world.directory, "soak.sqlite")
        world.start_bridge(db)
        users = [world.user() for _ in range(args.users)]
        pairs = []
        for a, b in zip(users[0::2], users[1::2]):
            room = a.dm_room(b)
            b.join(room)
            pairs.append(Pair(a, b, room))
        baseline = self.homeserver_ceiling(users[:8])
        for user in users:
            user.connect()
        # Measure the steady state: the catch-up pass (re-deriving every room of this homeserver once, since
        # this database was never migrated) finishes first.
        caught_up = self.wait_for(lambda: "sync catch-up:" in world.bridge_log(), timeout=1800)
        if caught_up is None:
            raise AssertionError("the bridge's catch-up pass did not finish within 30 minutes")
        workers = max(1, min(len(pairs), int(args.rate * 3)))
        chunks = [pairs[i::workers] for i in range(workers)]
        started = time.monotonic()
        deadline = started + args.duration
        threads = [threading.Thread(target=self.worker, args=(chunk, index, deadline, db), daemon=True) for index, chunk in enumerate(chunks)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        drained = self.wait_for(lambda: self.outbox_depth(db) == 0, timeout=120) is not None
        depth = self.outbox_depth(db)
        for user in users:
            try:
                user.rpc.close()
            except Exception:
                pass
        world.stop_bridge()
        differences, method = self.compare(db, pairs)
        return {
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "homeserver_state_writes_per_second": baseline,
            "duration_seconds": round(elapsed, 1),
            "users": args.users, "pairs": len(pairs),
            "writes": dict(self.writes), "writes_per_second": round(sum(self.writes.values()) / elapsed, 2),
            "mirror_latency_ms": {"p50": ms(percentile(self.mirror_latency, 0.5)), "p99": ms(percentile(self.mirror_latency, 0.99)),
                                  "count": len(self.mirror_latency)},
            "sync_lag_ms": {"p50": ms(percentile(self.sync_lag, 0.5)), "p99": ms(percentile(self.sync_lag, 0.99)),
                            "count": len(self.sync_lag)},
            "not_seen_within_60s": self.timeouts,
            "refused_or_failed_actions": len(self.errors), "first_errors": self.errors[:5],
            "outbox_depth_at_end": depth, "outbox_drained": drained,
            "differences": differences, "comparison": method,
        }

    def homeserver_ceiling(self, users, writes=20):
        """State writes per second the homeserver sustains from len(users) threads (scratch rooms, an event
        type the bridge ignores)."""
        rooms = [user.matrix.post("/_matrix/client/v3/createRoom", {"preset": "private_chat"})["room_id"] for user in users]

        def write(user, room):
            for k in range(writes):
                user.matrix.put(f"/_matrix/client/v3/rooms/{quote(room)}/state/org.socialbridge.ceiling/", {"k": k})
        threads = [threading.Thread(target=write, args=pair) for pair in zip(users, rooms)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return round(len(users) * writes / (time.monotonic() - started), 1)

    def outbox_depth(self, db):
        with sqlite3.connect(db) as connection:
            return connection.execute("SELECT count(*) FROM mirror_outbox WHERE state = 'pending'").fetchone()[0]

    def compare(self, db, pairs):
        """0 differences expected. `social-bridge diff` when the binary has it, else pair by pair."""
        help_text = subprocess.run([self.args.binary, "--help"], capture_output=True, text=True).stdout
        if " diff " in help_text:
            users_file = os.path.join(self.world.directory, "users.txt")
            with open(users_file, "w") as handle:
                for pair in pairs:
                    handle.write(pair.a.address + "\n" + pair.b.address + "\n")
            environment = dict(os.environ, SOCIAL_BRIDGE_ADMIN_TOKEN=self.world.admin.token)
            result = subprocess.run([self.args.binary, "diff", "--homeserver", self.world.url, "--db", db, "--users", users_file,
                                     "--server-name", self.world.server, "--format", "json"],
                                    capture_output=True, text=True, env=environment)
            try:
                report = json.loads(result.stdout)
                return report["summary"]["drift"], f"social-bridge diff (exit {result.returncode}, {report['summary']})"
            except (ValueError, KeyError):
                return -1, f"social-bridge diff failed (exit {result.returncode}): {result.stderr[-500:]}"
        differences = 0
        with sqlite3.connect(db) as connection:
            for pair in pairs:
                event = shared_state(pair.a, pair.room)
                row = connection.execute(
                    """SELECT a.action, a.acting_user FROM friendship_actions a JOIN friendships f ON f.id = a.friendship_id
                       WHERE (f.address_requester = ? AND f.address_requested = ?) OR (f.address_requester = ? AND f.address_requested = ?)
                       ORDER BY a.timestamp DESC, a.rowid DESC LIMIT 1""",
                    (pair.a.address, pair.b.address, pair.b.address, pair.a.address)).fetchone()
                legacy = (event["content"].get("type"), event["sender"].split(":")[0][1:]) if event else None
                if legacy != (tuple(row) if row else None):
                    differences += 1
        return differences, "pair by pair (Matrix's last \"\" action and sender vs the store's newest action)"


_local = threading.local()


def connection(db):
    """One read-only SQLite connection per driver thread (cheap local reads, no load on the homeserver)."""
    if getattr(_local, "db", None) is None:
        _local.db = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    return _local.db


def newest(db, pair):
    row = connection(db).execute(
        """SELECT a.action, a.acting_user FROM friendship_actions a JOIN friendships f ON f.id = a.friendship_id
           WHERE (f.address_requester = ? AND f.address_requested = ?) OR (f.address_requester = ? AND f.address_requested = ?)
           ORDER BY a.timestamp DESC, a.rowid DESC LIMIT 1""", (pair.a.address, pair.b.address, pair.b.address, pair.a.address)).fetchone()
    return tuple(row) if row else None


def pending(db, pair):
    lo, hi = sorted([pair.a.address, pair.b.address])
    return connection(db).execute("SELECT count(*) FROM mirror_outbox WHERE pair_lo = ? AND pair_hi = ? AND state = 'pending'",
                                  (lo, hi)).fetchone()[0]


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--registration", required=True)
    parser.add_argument("--duration", type=float, default=600)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rate", type=float, default=24, help="writes per second in total")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--token-in-argv", action="store_true")
    args = parser.parse_args()
    args.keep_alive = True
    soak = Soak(args)
    report = soak.run()
    if args.json:
        print(json.dumps(report, sort_keys=True))
    else:
        print(f"transition soak: {report['duration_seconds']} s, {report['users']} users ({report['pairs']} pairs)")
        print(f"  homeserver ceiling (same run, 8 threads): {report['homeserver_state_writes_per_second']} state writes/s; "
              f"load average at the end {report['load_average']}")
        print(f"  writes: legacy {report['writes']['legacy']}, rpc {report['writes']['rpc']} ({report['writes_per_second']}/s)")
        print(f"  mirror delivery latency (RPC call sent → written into Matrix): p50 {report['mirror_latency_ms']['p50']} ms, "
              f"p99 {report['mirror_latency_ms']['p99']} ms over {report['mirror_latency_ms']['count']}")
        print(f"  sync lag (legacy write sent → applied to the store): p50 {report['sync_lag_ms']['p50']} ms, "
              f"p99 {report['sync_lag_ms']['p99']} ms over {report['sync_lag_ms']['count']}")
        print(f"  not seen within 60 s: {report['not_seen_within_60s']}; refused or failed actions: {report['refused_or_failed_actions']}")
        print(f"  outbox depth at the end: {report['outbox_depth_at_end']}")
        print(f"  differences: {report['differences']} ({report['comparison']})")
    ok = report["differences"] == 0 and report["outbox_depth_at_end"] == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
