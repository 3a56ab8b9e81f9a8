#!/usr/bin/env python3
"""Logs in as a user of the test Synapse with the admin API and writes the access token to a file
readable by its owner only (mode 0600), for `social-bridge call --matrix-token-file`.

usage: synapse_user_token.py USER_ID OUT_FILE [--url URL]

The admin token comes from the environment (SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN), never from the command
line: arguments are visible to every local user.
"""
import os
import sys

from synapse_api import Synapse, quote


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    user_id, out = args
    url = argv[argv.index("--url") + 1] if "--url" in argv else os.environ["SOCIALBRIDGE_SYNAPSE_URL"]
    admin = Synapse(url, token=os.environ["SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN"])
    token = admin.post(f"/_synapse/admin/v1/users/{quote(user_id)}/login", {})["access_token"]
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    os.chmod(out, 0o600)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
