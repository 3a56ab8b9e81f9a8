#!/usr/bin/env python3
"""Conformance peer for the Swift WebSocket server, using the independent `websockets` client.

Usage: ws_client.py <scenario> <port>
Each scenario prints `ok <details>` and exits 0, or prints `FAIL <why>` and exits 1. The server under
test runs an echo handler: text/binary are echoed, `close:<code>` makes the server close with that code,
`flood:<n>` makes it send n x 64 KiB binary messages at once.
"""
import base64
import os
import socket
import struct
import sys
import time

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect


def fail(why):
    print(f"FAIL {why}")
    sys.exit(1)


def check(condition, why):
    if not condition:
        fail(why)


def url(port):
    return f"ws://127.0.0.1:{port}/"


def scenario_handshake(port):
    with connect(url(port), subprotocols=["rpc.v1", "other"], open_timeout=5) as ws:
        check(ws.subprotocol == "rpc.v1", f"subprotocol {ws.subprotocol!r}")
        accept = ws.response.headers.get("Sec-WebSocket-Accept")
        key = ws.request.headers.get("Sec-WebSocket-Key")
        check(accept and key, "handshake headers missing")
    with connect(url(port), open_timeout=5) as ws:
        check(ws.subprotocol is None, "subprotocol without offer")
    print(f"ok subprotocol=rpc.v1 accept={accept}")


def scenario_echo(port):
    with connect(url(port), open_timeout=5) as ws:
        for message in ["hello", "ünïcödé ✓ 🎉", "", "x" * 70000]:
            ws.send(message)
            check(ws.recv(timeout=5) == message, f"text echo of {len(message)} chars")
        for message in [b"\x00\x01\xff", b"", os.urandom(200000)]:
            ws.send(message)
            check(ws.recv(timeout=5) == message, f"binary echo of {len(message)} bytes")
    print("ok text and binary echoed")


def scenario_fragments(port):
    with connect(url(port), open_timeout=5) as ws:
        ws.send(["frag", "men", "ted ✓"])
        check(ws.recv(timeout=5) == "fragmented ✓", "fragmented text")
        ws.send([b"\x01" * 10, b"\x02" * 100000, b"\x03"])
        check(ws.recv(timeout=5) == b"\x01" * 10 + b"\x02" * 100000 + b"\x03", "fragmented binary")
        # A character split across fragments.
        ws.send([b"\xe2\x9c".decode("latin-1")[:0] + "a", "✓"])
        check(ws.recv(timeout=5) == "a✓", "fragment boundary")
    print("ok fragmented messages reassembled")


def scenario_ping(port):
    with connect(url(port), open_timeout=5) as ws:
        started = time.monotonic()
        pong = ws.ping(b"payload-123")
        check(pong.wait(5), "no pong")
        rtt = (time.monotonic() - started) * 1000
        ws.send("after ping")
        check(ws.recv(timeout=5) == "after ping", "echo after ping")
    print(f"ok pong in {rtt:.3f} ms")


def scenario_server_ping(port):
    # The server pings idle connections; the library answers; the connection stays open.
    with connect(url(port), open_timeout=5) as ws:
        time.sleep(1.0)
        ws.send("still here")
        check(ws.recv(timeout=5) == "still here", "echo after idle")
    print("ok idle connection kept alive by pings")


def scenario_close_codes(port):
    with connect(url(port), open_timeout=5) as ws:
        ws.send("close:4001")
        try:
            ws.recv(timeout=5)
            fail("no close")
        except ConnectionClosed as closed:
            check(closed.rcvd is not None and closed.rcvd.code == 4001, f"server close {closed.rcvd}")
    ws = connect(url(port), open_timeout=5, close_timeout=5)
    ws.close(code=4002, reason="bye")
    check(ws.protocol.close_rcvd is not None and ws.protocol.close_rcvd.code == 4002, f"echo {ws.protocol.close_rcvd}")
    print("ok server close 4001, client close 4002 echoed")


def scenario_too_large(port):
    with connect(url(port), open_timeout=5, max_size=None) as ws:
        exact = b"\x07" * (1 << 20)
        ws.send(exact)
        check(ws.recv(timeout=10) == exact, "1 MiB message")
        ws.send(b"\x07" * ((1 << 20) + 1))
        try:
            ws.recv(timeout=10)
            fail("no close after oversize message")
        except ConnectionClosed as closed:
            check(closed.rcvd is not None and closed.rcvd.code == 1009, f"close {closed.rcvd}")
    print("ok 1 MiB accepted, 1 MiB + 1 closed 1009")


class RawClient:
    """A socket speaking the handshake by hand, to send what the library refuses to."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            check(chunk, "EOF during handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        check(head.startswith(b"HTTP/1.1 101"), f"handshake {head[:40]!r}")

    def send_frame(self, opcode, payload, masked=True):
        header = bytes([0x80 | opcode])
        length = len(payload)
        mask_bit = 0x80 if masked else 0
        if length < 126:
            header += bytes([mask_bit | length])
        elif length < 65536:
            header += bytes([mask_bit | 126]) + struct.pack(">H", length)
        else:
            header += bytes([mask_bit | 127]) + struct.pack(">Q", length)
        if masked:
            key = os.urandom(4)
            payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
            header += key
        self.sock.sendall(header + payload)

    def read_frame(self):
        while True:
            if len(self.buffer) >= 2:
                length = self.buffer[1] & 0x7F
                offset = 2
                if length == 126:
                    if len(self.buffer) < 4:
                        length = None
                    else:
                        length, offset = struct.unpack(">H", self.buffer[2:4])[0], 4
                elif length == 127:
                    if len(self.buffer) < 10:
                        length = None
                    else:
                        length, offset = struct.unpack(">Q", self.buffer[2:10])[0], 10
                if length is not None and len(self.buffer) >= offset + length:
                    check(self.buffer[1] & 0x80 == 0, "server frame masked")
                    frame = (self.buffer[0] & 0x0F, self.buffer[offset:offset + length])
                    self.buffer = self.buffer[offset + length:]
                    return frame
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                return None
            self.buffer += chunk

    def read_close_code(self):
        while True:
            frame = self.read_frame()
            if frame is None:
                return None
            opcode, payload = frame
            if opcode == 0x8:
                return struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005


def scenario_unmasked(port):
    raw = RawClient(port)
    raw.send_frame(0x1, b"not masked", masked=False)
    code = raw.read_close_code()
    check(code == 1002, f"close code {code}")
    print("ok unmasked frame closed 1002")


def scenario_backpressure(port):
    slow = RawClient(port)
    with connect(url(port), open_timeout=5) as fast:
        slow.send_frame(0x1, b"flood:2000")
        # The slow client reads nothing for a while; the other connection must stay responsive meanwhile.
        for index in range(20):
            fast.send(f"ping {index}")
            check(fast.recv(timeout=5) == f"ping {index}", "fast connection stalled")
            time.sleep(0.02)
        code = slow.read_close_code()
        check(code == 1011, f"slow consumer close code {code}")
        fast.send("still fine")
        check(fast.recv(timeout=5) == "still fine", "fast connection after slow close")
    print("ok slow consumer closed 1011, other connection responsive")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail(__doc__)
    name, port = sys.argv[1], int(sys.argv[2])
    function = globals().get("scenario_" + name.replace("-", "_"))
    if function is None:
        fail(f"unknown scenario {name}")
    try:
        function(port)
    except Exception as error:  # any library or socket error is a failure of the scenario
        fail(f"{type(error).__name__}: {error}")
