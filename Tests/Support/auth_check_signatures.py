#!/usr/bin/env python3
"""Checks signatures made by SocialBridge's signer with an independent implementation (eth-account).

Reads one JSON object on stdin: {"keys": [{"key": "0x…", "address": "0x…"}],
                                 "signatures": [{"message": "…", "signature": "0x…"}],
                                 "credentials": ["<first-frame JSON text>", …]}
and prints one JSON object: {"addresses": [eth-account's address of each key, checksummed],
                             "recovered": [Account.recover_message of each signature],
                             "chains": [[signer recovered for each signed link of each credential], …]}
"""
import json
import sys

from eth_account import Account
from eth_account.messages import encode_defunct


def recover(message, signature):
    return Account.recover_message(encode_defunct(text=message), signature=signature)


def main():
    request = json.load(sys.stdin)
    addresses = [Account.from_key(entry["key"]).address for entry in request.get("keys", [])]
    recovered = [recover(entry["message"], entry["signature"]) for entry in request.get("signatures", [])]
    chains = []
    for text in request.get("credentials", []):
        headers = json.loads(text)
        links, index = [], 0
        while f"x-identity-auth-chain-{index}" in headers:
            links.append(json.loads(headers[f"x-identity-auth-chain-{index}"]))
            index += 1
        chains.append([recover(link["payload"], link["signature"]) if link["signature"] else link["payload"] for link in links])
    print(json.dumps({"addresses": addresses, "recovered": recovered, "chains": chains}))


if __name__ == "__main__":
    main()
