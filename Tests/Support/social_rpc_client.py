"""A Decentraland Social Service client that knows only the spec (rpc-protocol.md §1-§3).

The @dcl/rpc transport frames are encoded by hand below; the SocialService messages come from the
repository's .proto files compiled with protoc from grpcio-tools at start. Used by the end-to-end
scenarios in social_e2e.py.
"""
import datetime
import glob
import importlib
import json
import os
import queue
import struct
import subprocess
import sys
import tempfile
import threading
import time

from websockets.sync.client import connect

REQUEST, RESPONSE, STREAM_MESSAGE, STREAM_ACK = 1, 2, 3, 4
CREATE_PORT, CREATE_PORT_RESPONSE, REQUEST_MODULE, REQUEST_MODULE_RESPONSE = 5, 6, 7, 8
REMOTE_ERROR, DESTROY_PORT, SERVER_READY = 9, 10, 11


# --- protobuf wire helpers for the transport messages (§1.4) -------------------------------------

def _varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _fixed32(field, value):
    return _varint((field << 3) | 5) + struct.pack("<I", value)


def _bytes(field, value):
    return _varint((field << 3) | 2) + _varint(len(value)) + value


def _bool(field, value):
    return _varint((field << 3) | 0) + _varint(1) if value else b""


def _identifier(kind, number):
    return ((kind & 0xF) << 27) | (number & 0x07FFFFFF)


def parse_fields(data):
    """Returns {field: [values]}: ints for varint/fixed, bytes for length-delimited."""
    fields, i = {}, 0
    while i < len(data):
        key, i = _read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _read_varint(data, i)
        elif wire == 5:
            value, i = struct.unpack_from("<I", data, i)[0], i + 4
        elif wire == 1:
            value, i = struct.unpack_from("<Q", data, i)[0], i + 8
        elif wire == 2:
            length, i = _read_varint(data, i)
            value, i = bytes(data[i:i + length]), i + length
        else:
            raise ValueError(f"unexpected wire type {wire}")
        fields.setdefault(number, []).append(value)
    return fields


def _read_varint(data, i):
    shift = result = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, i
        shift += 7


# --- proto compilation ---------------------------------------------------------------------------

def load_social_messages(repo):
    """Compiles every .proto under Sources/SocialProtocol/proto and returns a namespace object whose
    attributes are the message classes (GetFriendsPayload, FriendshipUpdate, ...)."""
    from grpc_tools import protoc
    import grpc_tools
    proto_root = os.path.join(repo, "Sources", "SocialProtocol", "proto")
    files = sorted(glob.glob(os.path.join(proto_root, "**", "*.proto"), recursive=True))
    if not files:
        raise SystemExit(f"no .proto files under {proto_root}")
    out = tempfile.mkdtemp(prefix="social-proto-")
    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    args = ["protoc", f"-I{proto_root}", f"-I{include}", f"--python_out={out}"] + files
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed on " + " ".join(files))
    sys.path.insert(0, out)
    namespace = type("Messages", (), {})()
    for path in glob.glob(os.path.join(out, "**", "*_pb2.py"), recursive=True):
        module_name = os.path.relpath(path, out)[:-3].replace(os.sep, ".")
        module = importlib.import_module(module_name)
        for name in dir(module):
            value = getattr(module, name)
            is_message = hasattr(value, "DESCRIPTOR") and hasattr(value, "SerializeToString")
            is_enum = type(value).__name__ == "EnumTypeWrapper"
            if is_message or is_enum:
                if not hasattr(namespace, name) or "social_service" in module_name:
                    setattr(namespace, name, value)
    return namespace


# --- credentials ---------------------------------------------------------------------------------

def auth_chain_credential(private_key, now_ms=None):
    """The §3.2 JSON object for the owner `private_key` (hex), through a fresh ephemeral key."""
    from eth_account import Account
    from eth_account.messages import encode_defunct
    owner = Account.from_key(private_key)
    ephemeral = Account.create()
    expiration = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1))
    expiration_text = expiration.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    ephemeral_payload = f"Decentraland Login\nEphemeral address: {ephemeral.address}\nExpiration: {expiration_text}"
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    signed_payload = f"get:/:{timestamp}:{{}}"

    def sign(account, text):
        signature = account.sign_message(encode_defunct(text=text)).signature.hex()
        return signature if signature.startswith("0x") else "0x" + signature

    chain = [
        {"type": "SIGNER", "payload": owner.address, "signature": ""},
        {"type": "ECDSA_EPHEMERAL", "payload": ephemeral_payload, "signature": sign(owner, ephemeral_payload)},
        {"type": "ECDSA_SIGNED_ENTITY", "payload": signed_payload, "signature": sign(ephemeral, signed_payload)},
    ]
    headers = {f"x-identity-auth-chain-{i}": json.dumps(link) for i, link in enumerate(chain)}
    headers["x-identity-timestamp"] = timestamp
    headers["x-identity-metadata"] = "{}"
    return json.dumps(headers), owner.address.lower()


def address_of(private_key):
    from eth_account import Account
    return Account.from_key(private_key).address.lower()


# --- the client ----------------------------------------------------------------------------------

class RemoteError(Exception):
    pass


class Stream:
    """A server stream: elements are acknowledged as they arrive (one in flight, §1.9)."""

    def __init__(self, client, number, port, element_class):
        self.client, self.number, self.port, self.element_class = client, number, port, element_class
        self.items = queue.Queue()
        self.last_sequence = 0
        self.closed = False
        self.offered = threading.Event()

    def _on_frame(self, kind, fields):
        if kind == REMOTE_ERROR:
            self.items.put(RemoteError(fields.get(3, [b""])[0].decode()))
            return
        sequence = fields.get(4, [0])[0]
        if fields.get(7, [0])[0]:
            self.items.put(None)
            return
        self.last_sequence = sequence
        if sequence == 0:
            self.offered.set()
        if 6 in fields:
            element = self.element_class()
            element.ParseFromString(fields[6][0])
            self.items.put(element)
        # Offer (seq 0) or element: ask for the next one.
        self.client._send(_fixed32(1, _identifier(STREAM_ACK, self.number)) + _fixed32(2, self.port)
                          + _fixed32(4, sequence) + _bool(8, True))

    def next(self, timeout=5.0):
        """The next element; None when the server closed the stream; raises queue.Empty on timeout."""
        item = self.items.get(timeout=timeout)
        if isinstance(item, Exception):
            raise item
        if item is None:
            self.closed = True
        return item

    def expect_nothing(self, wait=0.3):
        try:
            item = self.items.get(timeout=wait)
        except queue.Empty:
            return
        raise AssertionError(f"unexpected stream element {item}")

    def cancel(self):
        self.client._send(_fixed32(1, _identifier(STREAM_MESSAGE, self.number)) + _fixed32(2, self.port)
                          + _fixed32(4, self.last_sequence) + _bool(7, True))


class SocialClient:
    def __init__(self, url, credential, messages):
        self.messages = messages
        self.ws = connect(url, max_size=2 ** 21, open_timeout=10, close_timeout=2)
        self.ws.send(credential)
        first = self.ws.recv(timeout=10)
        fields = parse_fields(first)
        if fields.get(1, [0])[0] >> 27 != SERVER_READY:
            raise AssertionError(f"first frame is not SERVER_READY: {first!r}")
        self._lock = threading.Lock()
        self._next_number = 0
        self._waiters = {}
        self._streams = {}
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        reply = self._roundtrip(CREATE_PORT, lambda n: _fixed32(1, _identifier(CREATE_PORT, n)) + _bytes(4, b"social_service"))
        self.port = reply.get(2, [0])[0]
        reply = self._roundtrip(REQUEST_MODULE, lambda n: _fixed32(1, _identifier(REQUEST_MODULE, n))
                                + _fixed32(2, self.port) + _bytes(4, b"SocialService"))
        self.procedures = {}
        self.procedure_order = []
        for entry in reply.get(5, []):
            proc = parse_fields(entry)
            name = proc[2][0].decode()
            self.procedures[name] = proc[1][0]
            self.procedure_order.append(name)

    def _send(self, data):
        self.ws.send(data)

    def _number(self):
        with self._lock:
            self._next_number += 1
            return self._next_number

    def _read_loop(self):
        try:
            for frame in self.ws:
                if isinstance(frame, str):
                    raise AssertionError("server sent a text frame")
                fields = parse_fields(frame)
                identifier = fields.get(1, [0])[0]
                kind, number = identifier >> 27, identifier & 0x07FFFFFF
                with self._lock:
                    stream = self._streams.get(number)
                    waiter = self._waiters.pop(number, None) if stream is None else None
                if stream is not None:
                    stream._on_frame(kind, fields)
                elif waiter is not None:
                    waiter.put((kind, fields))
        except Exception:
            pass
        finally:
            with self._lock:
                for stream in self._streams.values():
                    stream.items.put(None)

    def _roundtrip(self, kind, build, timeout=10):
        number = self._number()
        box = queue.Queue()
        with self._lock:
            self._waiters[number] = box
        self._send(build(number))
        reply_kind, fields = box.get(timeout=timeout)
        if reply_kind == REMOTE_ERROR:
            raise RemoteError(fields.get(3, [b""])[0].decode())
        return fields

    def call(self, name, request, response_class):
        payload = request.SerializeToString()
        fields = self._roundtrip(REQUEST, lambda n: _fixed32(1, _identifier(REQUEST, n)) + _fixed32(2, self.port)
                                 + _fixed32(4, self.procedures[name]) + (_bytes(6, payload) if payload else b""))
        response = response_class()
        response.ParseFromString(fields.get(6, [b""])[0])
        return response

    def subscribe(self, name, element_class, settle=0.2):
        number = self._number()
        stream = Stream(self, number, self.port, element_class)
        with self._lock:
            self._streams[number] = stream
        self._send(_fixed32(1, _identifier(REQUEST, number)) + _fixed32(2, self.port) + _fixed32(4, self.procedures[name]))
        # The server starts the subscription only after our ACK of the offer, and the protocol has no
        # signal for "registered": wait for the offer, then give the handler a moment.
        if not stream.offered.wait(timeout=10):
            raise AssertionError(f"no stream offer for {name}")
        time.sleep(settle)
        return stream

    def close(self):
        self.ws.close()
        self._reader.join(timeout=5)
