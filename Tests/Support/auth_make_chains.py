#!/usr/bin/env python3
"""Makes Decentraland auth chains with an independent signer (eth-account) for the Swift verifier tests.

Prints one JSON object: {"now": <ms>, "cases": [{"name", "credential", "expect", "reason", "address"}]}
where `credential` is the first-frame JSON text (the x-identity-* headers as an object, rpc-protocol.md §3.2),
`expect` is "accept" or "reject", `reason` the AuthenticationError reason raw value for rejections and
`address` the lowercase owner address for acceptances. The verifier under test must use `now` as its clock
and the default configuration (5 minute window, 60 s future skew, legacy lowercase payload accepted).

Options: --now MS (default: the current time), --seed TEXT (deterministic keys; default: fresh random keys).
"""
import argparse
import json
import secrets
import time
from datetime import datetime, timezone

from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils import keccak

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
MINUTE = 60_000


class Keys:
    def __init__(self, seed):
        self.seed = seed
        self.counter = 0

    def new(self):
        self.counter += 1
        if self.seed is None:
            return Account.from_key(secrets.token_bytes(32))
        return Account.from_key(keccak(text=f"{self.seed}/{self.counter}"))


def sign(account, text):
    signed = Account.sign_message(encode_defunct(text=text), account.key)
    return "0x" + bytes(signed.signature).hex()


def iso(ms):
    stamp = datetime.fromtimestamp(ms // 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{stamp}.{ms % 1000:03d}Z"


def with_v(signature, mode):
    raw = bytearray.fromhex(signature[2:])
    if mode == "01" and raw[64] >= 27:
        raw[64] -= 27
    return "0x" + raw.hex()


def high_s(signature):
    raw = bytearray.fromhex(signature[2:])
    s = int.from_bytes(raw[32:64], "big")
    raw[32:64] = (N - s).to_bytes(32, "big")
    raw[64] = 55 - raw[64] if raw[64] >= 27 else raw[64] ^ 1  # 27 <-> 28, 0 <-> 1
    return "0x" + raw.hex()


def flip_bit(signature, byte_index):
    raw = bytearray.fromhex(signature[2:])
    raw[byte_index] ^= 0x01
    return "0x" + raw.hex()


def link(kind, payload, signature=""):
    return json.dumps({"type": kind, "payload": payload, "signature": signature}, separators=(",", ":"))


def chain(keys, now, *, timestamp=None, metadata="{}", expiration=None, ephemeral_signer=None, signed_payload=None,
          lowercase_payload=False, crlf=False, v_mode="27", owner_text=None):
    """A three-link chain (owner → ephemeral → signed payload) as a list of links plus the owner account."""
    owner, ephemeral = keys.new(), keys.new()
    timestamp = now if timestamp is None else timestamp
    expiration = now + 60 * MINUTE if expiration is None else expiration
    newline = "\r\n" if crlf else "\n"
    ephemeral_payload = newline.join(
        ["Decentraland Login", f"Ephemeral address: {ephemeral.address}", f"Expiration: {iso(expiration)}"])
    payload = signed_payload if signed_payload is not None else f"get:/:{timestamp}:{metadata}"
    if lowercase_payload:
        payload = payload.lower()
    links = [
        ["SIGNER", owner_text or owner.address, ""],
        ["ECDSA_EPHEMERAL", ephemeral_payload, with_v(sign(ephemeral_signer or owner, ephemeral_payload), v_mode)],
        ["ECDSA_SIGNED_ENTITY", payload, with_v(sign(ephemeral, payload), v_mode)],
    ]
    return links, owner, str(timestamp), metadata


def credential(links, timestamp, metadata):
    headers = {f"x-identity-auth-chain-{i}": link(*parts) for i, parts in enumerate(links)}
    if timestamp is not None:
        headers["x-identity-timestamp"] = timestamp
    if metadata is not None:
        headers["x-identity-metadata"] = metadata
    return json.dumps(headers)


def build_cases(keys, now):
    cases = []

    def accept(name, links, owner, timestamp, metadata):
        cases.append({"name": name, "credential": credential(links, timestamp, metadata), "expect": "accept",
                      "reason": None, "address": owner.address.lower()})

    def reject(name, reason, links, timestamp, metadata):
        cases.append({"name": name, "credential": credential(links, timestamp, metadata), "expect": "reject",
                      "reason": reason, "address": None})

    accept("good_v27_28", *chain(keys, now))
    accept("good_v0_1", *chain(keys, now, v_mode="01"))
    links, owner, ts, md = chain(keys, now)
    links[0][1] = links[0][1].lower()
    accept("good_lowercase_owner", links, owner, ts, md)
    links, owner, ts, md = chain(keys, now)
    links[2][2] = high_s(links[2][2])
    links[1][2] = high_s(links[1][2])
    accept("good_high_s", links, owner, ts, md)
    accept("good_crlf_ephemeral_payload", *chain(keys, now, crlf=True))
    accept("good_four_minutes_old", *chain(keys, now, timestamp=now - 4 * MINUTE))
    accept("good_thirty_seconds_ahead", *chain(keys, now, timestamp=now + 30_000))
    accept("good_other_signer_metadata", *chain(keys, now, metadata='{"signer":"dcl:explorer","intent":"x"}'))
    accept("good_legacy_lowercased_payload", *chain(keys, now, metadata='{"Origin":"Explorer"}', lowercase_payload=True))

    links, owner, ts, md = chain(keys, now)
    reject("wrong_payload_timestamp", "payload_mismatch", links, str(int(ts) + 1), md)
    reject("wrong_payload_method", "payload_mismatch", *chain(keys, now, signed_payload=f"post:/:{now}:{{}}")[0:1],
           str(now), "{}")
    links, owner, ts, md = chain(keys, now)
    links[2][1] = f"get:/:{int(ts) - 1}:{{}}"
    reject("tampered_signed_payload", "bad_signature", links, str(int(ts) - 1), md)
    links, owner, ts, md = chain(keys, now, ephemeral_signer=keys.new())
    reject("wrong_ephemeral_signer", "bad_signature", links, ts, md)
    links, owner, ts, md = chain(keys, now)
    links[0][1] = keys.new().address
    reject("wrong_owner", "bad_signature", links, ts, md)
    reject("expired_ephemeral", "ephemeral_expired", *chain(keys, now, expiration=now - 1000)[0:1], str(now), "{}")
    reject("timestamp_too_old", "signature_expired", *chain(keys, now, timestamp=now - 10 * MINUTE)[0:1],
           str(now - 10 * MINUTE), "{}")
    reject("timestamp_in_future", "timestamp_in_future", *chain(keys, now, timestamp=now + 10 * MINUTE)[0:1],
           str(now + 10 * MINUTE), "{}")
    scene = '{"signer":"decentraland-kernel-scene"}'
    reject("scene_signer", "scene_signer", *chain(keys, now, metadata=scene)[0:1], str(now), scene)
    odd = '{"signer":" Decentraland-Kernel-Scene"}'
    reject("signer_not_normalised", "bad_metadata", *chain(keys, now, metadata=odd)[0:1], str(now), odd)
    numeric = '{"signer":1}'
    reject("signer_not_string", "bad_metadata", *chain(keys, now, metadata=numeric)[0:1], str(now), numeric)

    for name, mutate in [
        ("truncated_signature", lambda sig: sig[:-2]),
        ("bit_flipped_in_r", lambda sig: flip_bit(sig, 5)),
        ("bit_flipped_in_s", lambda sig: flip_bit(sig, 40)),
        ("v_is_29", lambda sig: sig[:-2] + "1d"),
        ("signature_not_hex", lambda sig: sig[:-4] + "zz1b"),
    ]:
        links, owner, ts, md = chain(keys, now)
        links[2][2] = mutate(links[2][2])
        reject(name, "bad_signature", links, ts, md)
    links, owner, ts, md = chain(keys, now)
    links[1][2] = flip_bit(links[1][2], 33)
    reject("bit_flipped_in_ephemeral_s", "bad_signature", links, ts, md)

    links, owner, ts, md = chain(keys, now)
    reject("signer_only", "invalid_chain", links[:1], ts, md)
    reject("signer_twice", "invalid_chain", [links[0], links[0], links[1], links[2]], ts, md)
    reject("first_link_not_signer", "invalid_chain", links[1:], ts, md)
    reject("too_many_links", "invalid_chain", links + [links[2]] * 8, ts, md)
    reject("unknown_link_type", "invalid_chain", [links[0], ["ECDSA_MAGIC", links[1][1], links[1][2]], links[2]], ts, md)
    reject("signer_payload_not_address", "invalid_chain", [["SIGNER", "alice", ""], links[1], links[2]], ts, md)
    reject("contract_wallet_link_without_validator", "contract_wallet_disabled",
           [links[0], ["ECDSA_EIP_1654_EPHEMERAL", links[1][1], links[1][2]], links[2]], ts, md)
    reject("bad_timestamp", "bad_timestamp", links, "yesterday", md)
    reject("missing_timestamp", "bad_timestamp", links, None, md)
    reject("bad_metadata", "bad_metadata", links, ts, "{")
    # Index 2 missing: the chain stops at link 1 and its final authority is the ephemeral address.
    gap = {f"x-identity-auth-chain-{i}": link(*links[j]) for i, j in [(0, 0), (1, 1), (3, 2)]}
    gap.update({"x-identity-timestamp": ts, "x-identity-metadata": md})
    cases.append({"name": "gap_in_link_indices", "credential": json.dumps(gap), "expect": "reject",
                  "reason": "payload_mismatch", "address": None})
    cases.append({"name": "not_json", "credential": "x-identity-auth-chain-0", "expect": "reject",
                  "reason": "bad_json", "address": None})
    cases.append({"name": "json_array", "credential": "[1,2]", "expect": "reject", "reason": "bad_json", "address": None})
    # Added later than the recorded fixtures: keep new cases last so seeded keys of earlier cases stay the same.
    direct_owner = keys.new()
    direct_payload = f"get:/:{now}:{{}}"
    accept("good_owner_signs_payload_directly",
           [["SIGNER", direct_owner.address, ""], ["ECDSA_SIGNED_ENTITY", direct_payload, sign(direct_owner, direct_payload)]],
           direct_owner, str(now), "{}")

    links, owner, ts, md = chain(keys, now)
    links[1][1] = links[1][1].replace("Expiration: ", "Expiration: next ")
    links[1][2] = sign(owner, links[1][1])
    reject("unparseable_expiration", "invalid_chain", links, ts, md)
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--now", type=int, default=None)
    parser.add_argument("--seed", default=None)
    options = parser.parse_args()
    now = options.now if options.now is not None else int(time.time() * 1000)
    print(json.dumps({"now": now, "cases": build_cases(Keys(options.seed), now)}, indent=1))


if __name__ == "__main__":
    main()
