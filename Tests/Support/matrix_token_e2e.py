"""Matrix access-token credentials end to end: real Synapse users against a running SocialBridge server.

usage: matrix_token_e2e.py --url ws://127.0.0.1:PORT/ --repo REPO --synapse URL --secret SHARED_SECRET
                           [--proxy-stats URL] [--scenario NAME ...]

Users are registered fresh on the live Synapse with the shared-secret admin API; their localparts are
random lowercase addresses. The first frame is {"matrix_access_token": "<token>"} (rpc-protocol.md §3.1,
issue 6). Prints one "PASS <scenario>" line per scenario and exits 1 at the first failure.

Scenarios:
  identity       two users' tokens authenticate as their addresses (a request from one shows up as the
                 other's pending request, statuses agree on both sides)
  logged_out     a token logged out on Synapse is refused with 3003
  garbage        a token Synapse never issued is refused with 3003
  non_address    a user whose localpart is not an address is refused with 3003
  refused        a valid address user's token is refused with 3003 (server configured for another
                 server name, or pointed at an unreachable homeserver)
  cached         two connections with one token ask the homeserver once (--proxy-stats: the fault
                 proxy between the server and Synapse)
"""
import argparse
import json
import secrets
import sys
import time
import traceback
import urllib.request

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from social_rpc_client import SocialClient, load_social_messages
from synapse_api import Synapse

M = None
ARGS = None


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def register(localpart=None):
    """A fresh Synapse user: (localpart, access token)."""
    localpart = localpart or "0x" + secrets.token_hex(20)
    server = Synapse(ARGS.synapse)
    token = server.register(ARGS.secret, localpart, secrets.token_hex(12))["access_token"]
    user_id = server.as_token(token).whoami()
    check(user_id.startswith("@" + localpart + ":"), f"whoami of the new user is {user_id}")
    return localpart, token


def credential(token):
    return json.dumps({"matrix_access_token": token})


def expect_refused(token, code=3003):
    """Sends the token as the first frame; the server must close with `code` before SERVER_READY."""
    with connect(ARGS.url, open_timeout=10, close_timeout=2) as ws:
        ws.send(credential(token))
        try:
            frame = ws.recv(timeout=15)
        except ConnectionClosed as closed:
            received = closed.rcvd.code if closed.rcvd is not None else None
            check(received == code, f"closed with {received}, expected {code}")
            return
        raise AssertionError(f"expected close {code}, got a frame {frame!r}")


def status(client, target):
    payload = M.GetFriendshipStatusPayload()
    payload.user.address = target
    response = client.call("GetFriendshipStatus", payload, M.GetFriendshipStatusResponse)
    check(response.WhichOneof("response") == "accepted", f"status → {response}")
    return M.FriendshipStatus.Name(response.accepted.status)


def requests(client, name):
    response = client.call(name, M.GetFriendshipRequestsPayload(), M.PaginatedFriendshipRequestsResponse)
    check(response.WhichOneof("response") == "requests", f"{name} → {response}")
    return [r.friend.address for r in response.requests.requests]


def scenario_identity():
    alice, alice_token = register()
    bob, bob_token = register()
    # SocialClient raises unless the first frame back is SERVER_READY.
    a = SocialClient(ARGS.url, credential(alice_token), M)
    # Text and binary first frames alike (rpc-protocol.md §3.1).
    b = SocialClient(ARGS.url, credential(bob_token).encode(), M)
    try:
        payload = M.UpsertFriendshipPayload()
        payload.request.user.address = bob
        response = a.call("UpsertFriendship", payload, M.UpsertFriendshipResponse)
        check(response.WhichOneof("response") == "accepted", f"request → {response}")
        check(requests(b, "GetPendingFriendshipRequests") == [alice], "bob's pending request names alice's address")
        check(requests(a, "GetSentFriendshipRequests") == [bob], "alice's sent request names bob's address")
        check(status(a, bob) == "REQUEST_SENT" and status(b, alice) == "REQUEST_RECEIVED", "statuses")
    finally:
        a.close()
        b.close()
    print(f"identity: {alice} and {bob} authenticated by their Matrix tokens")


def scenario_logged_out():
    _, token = register()
    Synapse(ARGS.synapse, token).post("/_matrix/client/v3/logout")
    expect_refused(token)


def scenario_garbage():
    expect_refused("syt_" + secrets.token_urlsafe(24))


def scenario_non_address():
    _, token = register("user-" + secrets.token_hex(6))
    expect_refused(token)


def scenario_refused():
    _, token = register()
    expect_refused(token)


def proxied_requests():
    with urllib.request.urlopen(ARGS.proxy_stats, timeout=10) as response:
        return json.loads(response.read())["requests"]


def scenario_cached():
    check(ARGS.proxy_stats, "--proxy-stats is required")
    address, token = register()
    before = proxied_requests()
    first = SocialClient(ARGS.url, credential(token), M)
    first.close()
    after_first = proxied_requests()
    second = SocialClient(ARGS.url, credential(token), M)
    try:
        check(status(second, "0x" + "ab" * 20) == "NONE", "second connection answers rpcs")
    finally:
        second.close()
    after_second = proxied_requests()
    check(after_first - before == 1, f"first connection: {after_first - before} homeserver requests")
    check(after_second == after_first, f"second connection: {after_second - after_first} homeserver requests")
    print(f"cached: {address} resolved once for two connections")


SCENARIOS = {
    "identity": scenario_identity,
    "logged_out": scenario_logged_out,
    "garbage": scenario_garbage,
    "non_address": scenario_non_address,
    "refused": scenario_refused,
    "cached": scenario_cached,
}


def main():
    global M, ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--synapse", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--proxy-stats")
    parser.add_argument("--scenario", action="append", required=True, choices=sorted(SCENARIOS))
    ARGS = parser.parse_args()
    if any(name in ("identity", "cached") for name in ARGS.scenario):
        M = load_social_messages(ARGS.repo)
    for name in ARGS.scenario:
        started = time.time()
        try:
            SCENARIOS[name]()
        except Exception:
            print(f"FAIL {name}")
            traceback.print_exc()
            sys.stdout.flush()
            return 1
        print(f"PASS {name} ({time.time() - started:.2f}s)")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
