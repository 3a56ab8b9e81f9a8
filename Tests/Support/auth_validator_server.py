#!/usr/bin/env python3
"""A stand-in for the contract-wallet validation service (`POST /lambdas/crypto/validate-signature`).

Listens on 127.0.0.1 on an ephemeral port, prints the port on the first stdout line, and answers each POST:
- body not `{"authChain": [...], "timestamp": str}` → 400;
- link 1 of type ECDSA_EIP_1654_EPHEMERAL and `timestamp` equal to the last link's payload →
  200 `{"valid": true, "ownerAddress": <link 0 payload>}`;
- otherwise 200 `{"valid": false, "ownerAddress": null, "error": "..."}`.
Path `/broken` always answers 503. Exits when stdin closes.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path == "/broken":
            return self.answer(503, {"error": "unavailable"})
        try:
            body = json.loads(raw)
            chain, payload = body["authChain"], body["timestamp"]
            assert isinstance(chain, list) and isinstance(payload, str)
            assert all(set(link) == {"type", "payload", "signature"} for link in chain)
        except Exception:
            return self.answer(400, {"error": "bad request"})
        if len(chain) >= 2 and chain[1]["type"] == "ECDSA_EIP_1654_EPHEMERAL" and chain[-1]["payload"] == payload:
            return self.answer(200, {"valid": True, "ownerAddress": chain[0]["payload"]})
        return self.answer(200, {"valid": False, "ownerAddress": None, "error": "invalid signature"})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
