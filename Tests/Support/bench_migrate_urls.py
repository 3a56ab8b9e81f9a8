"""Lists the reads a naive reader of the legacy homeserver needs, as full URLs for the `curl` floor of
Tests/Support/bench_migrate.sh: every users page and rooms page (500 rows, as the migration asks), each
room's state, each address user's account data, and each room's friendship history pages (newest first,
1,000 events a page, until m.room.create) for the rooms that have a friendship event.

usage: bench_migrate_urls.py --url URL --admin-token TOKEN --out URLS.txt
Prints a JSON summary {"urls": n, "rooms": n, "users": n, "history_rooms": n} on stdout.
"""
import argparse
import json
import re
import sys
import urllib.parse
import urllib.request

FRIENDSHIP = "org.decentraland.friendship"
ADDRESS_USER = re.compile(r"^@0x[0-9a-fA-F]{40}:")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--admin-token", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    base = args.url.rstrip("/")

    def get(path, query=None):
        url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        request = urllib.request.Request(url, headers={"Authorization": "Bearer " + args.admin_token})
        with urllib.request.urlopen(request, timeout=60) as answer:
            return url, json.load(answer)

    urls, users, rooms = [], [], []
    start = "0"
    while True:
        url, page = get("/_synapse/admin/v2/users", [("from", start), ("limit", "500"), ("guests", "false"), ("deactivated", "true")])
        urls.append(url)
        users += [u["name"] for u in page.get("users", [])]
        start = page.get("next_token")
        if not start:
            break
    offset = 0
    while True:
        url, page = get("/_synapse/admin/v1/rooms", [("from", str(offset)), ("limit", "500"), ("order_by", "name"), ("dir", "f")])
        urls.append(url)
        rooms += [r["room_id"] for r in page.get("rooms", [])]
        if page.get("next_batch") is None:
            break
        offset = int(page["next_batch"])
    quote = lambda text: urllib.parse.quote(text, safe="")
    for user in users:
        if ADDRESS_USER.match(user):
            urls.append(base + "/_synapse/admin/v1/users/" + quote(user) + "/accountdata")
    history_rooms = 0
    for room in rooms:
        urls.append(base + "/_synapse/admin/v1/rooms/" + quote(room) + "/state")
        pages, seen_friendship, token = [], False, None
        while True:
            query = [("dir", "b"), ("limit", "1000"), ("filter", json.dumps({"types": [FRIENDSHIP, "m.room.create"]}, separators=(",", ":")))]
            if token:
                query.append(("from", token))
            url, page = get("/_synapse/admin/v1/rooms/" + quote(room) + "/messages", query)
            pages.append(url)
            chunk = page.get("chunk", [])
            seen_friendship = seen_friendship or any(e.get("type") == FRIENDSHIP for e in chunk)
            if any(e.get("type") == "m.room.create" for e in chunk) or not chunk or page.get("end") in (None, token):
                break
            token = page["end"]
        if seen_friendship:
            history_rooms += 1
            urls += pages
    with open(args.out, "w") as out:
        out.write("\n".join(urls) + "\n")
    json.dump({"urls": len(urls), "users": len(users), "rooms": len(rooms), "history_rooms": history_rooms}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
