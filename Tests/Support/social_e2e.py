"""End-to-end scenarios against a running SocialBridge RPC server (issue 5).

usage: social_e2e.py --url ws://127.0.0.1:PORT/ --repo REPO [--auth authchain|plain] [--scenario NAME ...]

--auth authchain signs a real §3.2 auth chain per user with eth-account; --auth plain sends the
lowercase address as the first frame (for servers run with a test authenticator). Prints one
"PASS <scenario>" line per scenario and exits 1 at the first failure.
"""
import argparse
import random
import sys
import time
import traceback

from social_rpc_client import SocialClient, address_of, auth_chain_credential, load_social_messages

M = None
ARGS = None
_key_base = random.randrange(1, 2 ** 200)
_key_counter = 0


def new_key():
    global _key_counter
    _key_counter += 1
    return "0x%064x" % (_key_base + _key_counter)


class User:
    def __init__(self):
        self.key = new_key()
        self.address = address_of(self.key)
        self.clients = []

    def connect(self):
        if ARGS.auth == "authchain":
            credential, _ = auth_chain_credential(self.key)
        else:
            credential = self.address
        client = SocialClient(ARGS.url, credential, M)
        self.clients.append(client)
        return client

    def close_all(self):
        for client in self.clients:
            client.close()
        self.clients = []


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def upsert(client, kind, target, message=None):
    payload = M.UpsertFriendshipPayload()
    part = getattr(payload, kind)
    part.user.address = target
    if message is not None:
        part.message = message
    return client.call("UpsertFriendship", payload, M.UpsertFriendshipResponse)


def ok_upsert(client, kind, target, message=None):
    response = upsert(client, kind, target, message)
    check(response.WhichOneof("response") == "accepted", f"{kind} → {response}")
    return response.accepted


def status(client, target):
    payload = M.GetFriendshipStatusPayload()
    payload.user.address = target
    response = client.call("GetFriendshipStatus", payload, M.GetFriendshipStatusResponse)
    check(response.WhichOneof("response") == "accepted", f"status → {response}")
    return M.FriendshipStatus.Name(response.accepted.status)


def friends(client, limit=None, offset=None):
    payload = M.GetFriendsPayload()
    if limit is not None:
        payload.pagination.limit = limit
    if offset is not None:
        payload.pagination.offset = offset
    response = client.call("GetFriends", payload, M.PaginatedFriendsProfilesResponse)
    return [f.address for f in response.friends], response.pagination_data.total, response.pagination_data.page


def requests(client, name):
    response = client.call(name, M.GetFriendshipRequestsPayload(), M.PaginatedFriendshipRequestsResponse)
    check(response.WhichOneof("response") == "requests", f"{name} → {response}")
    return response.requests.requests


def block(client, name, target):
    payload = getattr(M, name + "Payload")()
    payload.user.address = target
    response = client.call(name, payload, getattr(M, name + "Response"))
    check(response.WhichOneof("response") == "ok", f"{name} → {response}")
    return response.ok.profile


def empty():
    return M.Empty() if hasattr(M, "Empty") else __import__("google.protobuf.empty_pb2", fromlist=["Empty"]).Empty()


# --- scenarios -----------------------------------------------------------------------------------

def scenario_procedures():
    alice = User()
    client = alice.connect()
    check(len(client.procedure_order) == 33, f"{len(client.procedure_order)} procedures")
    check(client.procedure_order[0] == "GetFriends" and client.procedure_order[4] == "UpsertFriendship",
          str(client.procedure_order[:6]))
    check(client.procedures["GetFriends"] == 1 and client.procedures["MuteSpeakerFromCommunityVoiceChat"] == 33, "ids")
    response = client.call("GetSocialSettings", empty(), M.GetSocialSettingsResponse) if hasattr(M, "GetSocialSettingsResponse") else None
    if response is not None:
        check(response.WhichOneof("response") == "internal_server_error", f"GetSocialSettings → {response}")
    alice.close_all()


def scenario_request_accept_delete():
    alice, bob, carol = User(), User(), User()
    a, b, c = alice.connect(), bob.connect(), carol.connect()
    b_updates = b.subscribe("SubscribeToFriendshipUpdates", M.FriendshipUpdate)
    a_updates = a.subscribe("SubscribeToFriendshipUpdates", M.FriendshipUpdate)
    accepted = ok_upsert(a, "request", bob.address, "hello bob")
    check(accepted.friend.address == bob.address and accepted.message == "hello bob", str(accepted))
    update = b_updates.next()
    check(update.WhichOneof("update") == "request" and update.request.friend.address == alice.address
          and update.request.message == "hello bob", str(update))
    check(status(a, bob.address) == "REQUEST_SENT" and status(b, alice.address) == "REQUEST_RECEIVED", "statuses after request")
    pending = requests(b, "GetPendingFriendshipRequests")
    check([r.friend.address for r in pending] == [alice.address] and pending[0].message == "hello bob", str(pending))
    sent = requests(a, "GetSentFriendshipRequests")
    check([r.friend.address for r in sent] == [bob.address], str(sent))
    again = ok_upsert(b, "accept", alice.address)
    check(again.id == accepted.id, "Accepted.id is the pair row's id")
    update = a_updates.next()
    check(update.WhichOneof("update") == "accept" and update.accept.user.address == bob.address, str(update))
    check(friends(a)[0] == [bob.address] and friends(b)[0] == [alice.address], "friends after accept")
    check(requests(b, "GetPendingFriendshipRequests") == [] or len(requests(b, "GetPendingFriendshipRequests")) == 0, "pending cleared")
    # Three users: mutual friends.
    ok_upsert(a, "request", carol.address)
    ok_upsert(c, "accept", alice.address)
    ok_upsert(b, "request", carol.address)
    ok_upsert(c, "accept", bob.address)
    update = b_updates.next()
    check(update.WhichOneof("update") == "accept" and update.accept.user.address == carol.address, str(update))
    payload = M.GetMutualFriendsPayload()
    payload.user.address = carol.address
    mutual = a.call("GetMutualFriends", payload, M.PaginatedFriendsProfilesResponse)
    check([f.address for f in mutual.friends] == [bob.address] and mutual.pagination_data.total == 1, str(mutual))
    ok_upsert(a, "delete", bob.address)
    update = b_updates.next()
    check(update.WhichOneof("update") == "delete" and update.delete.user.address == alice.address, str(update))
    check(status(b, alice.address) == "DELETED", "deleted")
    check(friends(a)[0] == [carol.address], "friends after delete")
    for user in (alice, bob, carol):
        user.close_all()


def scenario_reject_cancel():
    alice, bob = User(), User()
    a, b = alice.connect(), bob.connect()
    ok_upsert(a, "request", bob.address)
    ok_upsert(b, "reject", alice.address)
    check(status(a, bob.address) == "REJECTED", "rejected")
    ok_upsert(a, "request", bob.address)
    refused = upsert(b, "cancel", alice.address)
    check(refused.WhichOneof("response") == "invalid_friendship_action"
          and refused.invalid_friendship_action.message == "The friendship action is not valid for the current friendship status",
          str(refused))
    ok_upsert(a, "cancel", bob.address)
    check(status(b, alice.address) == "CANCELED", "canceled")
    to_self = upsert(a, "request", alice.address)
    check(to_self.invalid_friendship_action.message == "You cannot send a friendship request to yourself", str(to_self))
    bad = upsert(a, "request", "0x1234")
    check(bad.invalid_request.message == "Invalid user address in the request payload", str(bad))
    none = a.call("UpsertFriendship", M.UpsertFriendshipPayload(), M.UpsertFriendshipResponse)
    check(none.invalid_request.message == "Unknown message", str(none))
    alice.close_all(); bob.close_all()


def scenario_block_while_friends():
    alice, bob = User(), User()
    a, b = alice.connect(), bob.connect()
    ok_upsert(a, "request", bob.address)
    ok_upsert(b, "accept", alice.address)
    b_updates = b.subscribe("SubscribeToFriendshipUpdates", M.FriendshipUpdate)
    b_blocks = b.subscribe("SubscribeToBlockUpdates", M.BlockUpdate)
    a_updates = a.subscribe("SubscribeToFriendshipUpdates", M.FriendshipUpdate)
    a_blocks = a.subscribe("SubscribeToBlockUpdates", M.BlockUpdate)
    profile = block(a, "BlockUser", bob.address)
    check(profile.address == bob.address and profile.HasField("blocked_at"), str(profile))
    update = b_updates.next()
    check(update.WhichOneof("update") == "block" and update.block.user.address == alice.address, str(update))
    blocked = b_blocks.next()
    check(blocked.address == alice.address and blocked.is_blocked, str(blocked))
    a_updates.expect_nothing()
    a_blocks.expect_nothing(0.05)
    check(status(a, bob.address) == "BLOCKED" and status(b, alice.address) == "BLOCKED_BY", "block statuses")
    check(friends(a)[1] == 0 and friends(b)[1] == 0, "friends filtered")
    listed = a.call("GetBlockedUsers", M.GetBlockedUsersPayload(), M.GetBlockedUsersResponse)
    check([p.address for p in listed.profiles] == [bob.address] and listed.pagination_data.total == 1, str(listed))
    blocking = b.call("GetBlockingStatus", empty(), M.GetBlockingStatusResponse)
    check(list(blocking.blocked_by_users) == [alice.address] and list(blocking.blocked_users) == [], str(blocking))
    refused = upsert(b, "request", alice.address)
    check(refused.WhichOneof("response") == "invalid_friendship_action", str(refused))
    block(a, "UnblockUser", bob.address)
    update = b_updates.next()
    check(update.WhichOneof("update") == "delete", str(update))
    unblocked = b_blocks.next()
    check(unblocked.address == alice.address and not unblocked.is_blocked, str(unblocked))
    check(status(b, alice.address) == "DELETED", "deleted after unblock")
    ok_upsert(b, "request", alice.address)
    alice.close_all(); bob.close_all()


def scenario_pagination():
    hub = User()
    h = hub.connect()
    others = [User() for _ in range(5)]
    for other in others:
        o = other.connect()
        ok_upsert(h, "request", other.address)
        ok_upsert(o, "accept", hub.address)
        other.close_all()
    addresses, total, page = friends(h)
    check(total == 5 and page == 1 and addresses == [o.address for o in reversed(others)], f"{addresses} {total} {page}")
    addresses, total, page = friends(h, limit=2, offset=2)
    check(total == 5 and page == 2 and addresses == [others[2].address, others[1].address], f"{addresses} {total} {page}")
    addresses, total, page = friends(h, limit=2, offset=4)
    check(total == 5 and page == 3 and len(addresses) == 1, f"{addresses} {total} {page}")
    hub.close_all()


def scenario_presence():
    alice, bob = User(), User()
    a = alice.connect()
    b = bob.connect()
    ok_upsert(a, "request", bob.address)
    ok_upsert(b, "accept", alice.address)
    bob.close_all()
    time.sleep(0.5)  # let the server see bob's close before the snapshot is taken
    stream = a.subscribe("SubscribeToFriendConnectivityUpdates", M.FriendConnectivityUpdate)
    stream.expect_nothing(0.3)
    bob.connect()
    update = stream.next()
    check(update.friend.address == bob.address and M.ConnectivityStatus.Name(update.status) == "ONLINE", str(update))
    second = bob.connect()  # a second connection changes nothing
    stream.expect_nothing(0.3)
    bob.close_all()
    update = stream.next()
    check(update.friend.address == bob.address and M.ConnectivityStatus.Name(update.status) == "OFFLINE", str(update))
    # Snapshot on subscribe: bob online again, a new connection of alice sees him first.
    bob.connect()
    a2 = alice.connect()
    snapshot = a2.subscribe("SubscribeToFriendConnectivityUpdates", M.FriendConnectivityUpdate).next()
    check(snapshot.friend.address == bob.address and M.ConnectivityStatus.Name(snapshot.status) == "ONLINE", str(snapshot))
    # Duplicate subscription on one connection: one stream_closed element, then closed.
    duplicate = a2.subscribe("SubscribeToFriendConnectivityUpdates", M.FriendConnectivityUpdate)
    element = duplicate.next()
    check(element.HasField("stream_closed") and element.stream_closed.reason == 1, str(element))
    check(duplicate.next() is None, "duplicate stream closed")
    alice.close_all(); bob.close_all()


def scenario_away():
    """Needs a server whose idle time is about one second: bob idles into AWAY, a call brings him back."""
    alice, bob = User(), User()
    a, b = alice.connect(), bob.connect()
    ok_upsert(a, "request", bob.address)
    ok_upsert(b, "accept", alice.address)
    stream = a.subscribe("SubscribeToFriendConnectivityUpdates", M.FriendConnectivityUpdate, settle=0)
    statuses = []
    deadline = time.time() + 10
    while time.time() < deadline and "AWAY" not in statuses:
        update = stream.next(timeout=10)
        if update.friend.address == bob.address:
            statuses.append(M.ConnectivityStatus.Name(update.status))
        a.call("GetBlockingStatus", empty(), M.GetBlockingStatusResponse)  # alice stays active
    check("AWAY" in statuses, f"bob never went AWAY: {statuses}")
    b.call("GetBlockingStatus", empty(), M.GetBlockingStatusResponse)
    update = stream.next(timeout=5)
    check(update.friend.address == bob.address and M.ConnectivityStatus.Name(update.status) == "ONLINE", str(update))
    alice.close_all(); bob.close_all()


SCENARIOS = {
    "procedures": scenario_procedures,
    "request_accept_delete": scenario_request_accept_delete,
    "reject_cancel": scenario_reject_cancel,
    "block_while_friends": scenario_block_while_friends,
    "pagination": scenario_pagination,
    "presence": scenario_presence,
    "away": scenario_away,
}
DEFAULT_SCENARIOS = [name for name in SCENARIOS if name != "away"]


def main():
    global M, ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--auth", choices=["authchain", "plain"], default="authchain")
    parser.add_argument("--scenario", action="append")
    ARGS = parser.parse_args()
    M = load_social_messages(ARGS.repo)
    for name in ARGS.scenario or DEFAULT_SCENARIOS:
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
