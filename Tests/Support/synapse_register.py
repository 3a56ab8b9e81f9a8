"""Registers (or logs in) the admin account of the test Synapse and prints its access token.

usage: synapse_register.py BASE_URL SHARED_SECRET LOCALPART PASSWORD [--wait SECONDS]
"""
import sys

from synapse_api import MatrixHTTPError, Synapse


def main(argv):
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    base_url, secret, localpart, password = argv[1:5]
    wait = float(argv[argv.index("--wait") + 1]) if "--wait" in argv else 120
    server = Synapse(base_url)
    if not server.wait_until_up(wait):
        print(f"synapse_register: {base_url} did not answer within {wait:.0f}s", file=sys.stderr)
        return 1
    try:
        token = server.register(secret, localpart, password, admin=True)["access_token"]
    except MatrixHTTPError as err:
        if err.errcode != "M_USER_IN_USE":
            print(f"synapse_register: {err}", file=sys.stderr)
            return 1
        token = server.login_password(localpart, password)
    print(token)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
