#!/usr/bin/env python3
"""Acts as a legacy Matrix client of the Decentraland social service: writes one friendship action in the
pair's DM room exactly as matrix-client did (the `""` state key, then the sender's own user id), joining the
room first if invited. For the demo and for poking a running bridge by hand.

usage: legacy_write.py --token-file FILE --to ADDRESS --action request|accept|reject|cancel|delete
                       [--message TEXT] [--url URL]

The user's access token comes from FILE (mode 0600), never the command line. URL defaults to
SOCIALBRIDGE_SYNAPSE_URL.
"""
import argparse
import os
import sys

from synapse_api import MatrixHTTPError, Synapse, quote

EVENT = "org.decentraland.friendship"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--to", required=True, help="the other user's address")
    parser.add_argument("--action", required=True, choices=["request", "accept", "reject", "cancel", "delete"])
    parser.add_argument("--message")
    parser.add_argument("--url", default=os.environ.get("SOCIALBRIDGE_SYNAPSE_URL"))
    args = parser.parse_args()
    if not args.url:
        parser.error("--url or SOCIALBRIDGE_SYNAPSE_URL is required")
    with open(args.token_file) as handle:
        client = Synapse(args.url, handle.read().strip())
    me = client.whoami()
    server = me.split(":", 1)[1]
    other = args.to.lower()
    lo, hi = sorted([me.split(":")[0][1:], other])
    alias = f"#{lo}+{hi}:{server}"
    try:
        room = client.get(f"/_matrix/client/v3/directory/room/{quote(alias)}")["room_id"]
    except MatrixHTTPError as error:
        if error.status != 404:
            raise
        body = {"room_alias_name": f"{lo}+{hi}", "preset": "trusted_private_chat", "is_direct": True, "invite": [f"@{other}:{server}"]}
        room = client.post("/_matrix/client/v3/createRoom", body)["room_id"]
    try:
        client.post(f"/_matrix/client/v3/rooms/{quote(room)}/join", {})
    except MatrixHTTPError:
        pass
    content = {"type": args.action}
    if args.message:
        content["message"] = args.message
    path = f"/_matrix/client/v3/rooms/{quote(room)}/state/{EVENT}"
    event = client.put(path + "/", content)["event_id"]
    client.put(path + "/" + quote(me), content)
    print(f"{me} wrote {args.action} in {room} ({alias}), event {event}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
