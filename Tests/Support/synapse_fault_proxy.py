"""A fault-injecting HTTP/1.1 proxy on 127.0.0.1 for retry tests (asyncio, stdlib only).

usage: synapse_fault_proxy.py [--upstream http://127.0.0.1:PORT] [--rules JSON | --rules-file FILE] [--port 0]

Prints "PORT <n>" on stdout once listening; runs until killed or until stdin reaches EOF.
Every request is answered with "Connection: close". GET /_proxy/stats returns
{"requests": n, "max_in_flight": n, "rules": [{"matched": n, "applied": n}, ...]}.

Rules (JSON array, first match wins; a rule whose "times" are used up no longer matches):
  {"path": "substring", "method": "GET", "skip": 0, "times": null, "action": ..., ...}
actions:
  "429"        429 M_LIMIT_EXCEEDED JSON with "retry_after_ms" (default 10)
  "429_header" 429 without body, "Retry-After: <retry_after>" seconds (default 1)
  "429_bare"   429 without body or header
  "500"        500 M_UNKNOWN JSON ("status" overrides the code)
  "hang"       never answer (until the client gives up)
  "truncate"   forward, then send half of the body under the full Content-Length and close
  "garbage"    200 with a body that is not JSON ("body" overrides)
  "respond"    answer "status" (200) with "body" (string or JSON), "headers" {}, after "delay_ms";
               "gzip": true compresses the body when the client accepts gzip
  "echo"       200 with {"method","path","headers","body"} of the request
  "pass"       forward (the default for requests no rule matches; 502 without --upstream)
"""
import argparse
import asyncio
import gzip
import json
import sys
import urllib.parse


class Proxy:
    def __init__(self, upstream, rules):
        self.upstream = urllib.parse.urlsplit(upstream) if upstream else None
        self.rules = rules
        self.matched = [0] * len(rules)
        self.applied = [0] * len(rules)
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0

    def pick(self, method, path):
        for index, rule in enumerate(self.rules):
            if rule.get("method") and rule["method"].upper() != method:
                continue
            if rule.get("path") and rule["path"] not in path:
                continue
            self.matched[index] += 1
            if self.matched[index] <= rule.get("skip", 0):
                return None
            times = rule.get("times")
            if times is not None and self.applied[index] >= times:
                continue
            self.applied[index] += 1
            return rule
        return None

    async def handle(self, reader, writer):
        self.requests += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = []
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers.append((name.strip(), value.strip()))
            length = int(next((v for n, v in headers if n.lower() == "content-length"), "0"))
            body = await reader.readexactly(length) if length else b""
            if target.startswith("/_proxy/stats"):
                stats = {"requests": self.requests - 1, "max_in_flight": self.max_in_flight,
                         "rules": [{"matched": m, "applied": a} for m, a in zip(self.matched, self.applied)]}
                self.requests -= 1
                await self.send(writer, 200, {"Content-Type": "application/json"}, json.dumps(stats).encode())
                return
            rule = self.pick(method, target) or {"action": "pass"}
            await self.apply(rule, writer, method, target, headers, body)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            self.in_flight -= 1
            try:
                writer.close()
            except ConnectionError:
                pass

    async def apply(self, rule, writer, method, target, headers, body):
        action = rule.get("action", "pass")
        json_type = {"Content-Type": "application/json"}
        if action == "429":
            wait = rule.get("retry_after_ms", 10)
            payload = {"errcode": "M_LIMIT_EXCEEDED", "error": "Too Many Requests", "retry_after_ms": wait}
            await self.send(writer, 429, json_type, json.dumps(payload).encode())
        elif action == "429_header":
            await self.send(writer, 429, {"Retry-After": str(rule.get("retry_after", 1))}, b"")
        elif action == "429_bare":
            await self.send(writer, 429, {}, b"")
        elif action == "500":
            payload = {"errcode": "M_UNKNOWN", "error": "Internal server error"}
            await self.send(writer, rule.get("status", 500), json_type, json.dumps(payload).encode())
        elif action == "hang":
            await asyncio.sleep(rule.get("seconds", 3600))
        elif action == "garbage":
            await self.send(writer, 200, json_type, rule.get("body", '{"users": [ {"name": "@tru').encode())
        elif action == "respond":
            await asyncio.sleep(rule.get("delay_ms", 0) / 1000)
            payload = rule.get("body", "")
            data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
            extra = dict(rule.get("headers", {}))
            accepts = next((v for n, v in headers if n.lower() == "accept-encoding"), "")
            if rule.get("gzip") and "gzip" in accepts:
                data = gzip.compress(data)
                extra["Content-Encoding"] = "gzip"
            await self.send(writer, rule.get("status", 200), extra, data)
        elif action == "echo":
            payload = {"method": method, "path": target, "headers": [[n, v] for n, v in headers],
                       "body": body.decode(errors="replace")}
            await self.send(writer, 200, json_type, json.dumps(payload).encode())
        elif action == "truncate":
            status, upstream_headers, data = await self.forward(method, target, headers, body)
            upstream_headers = [(n, v) for n, v in upstream_headers if n.lower() not in ("content-length", "transfer-encoding")]
            head = f"HTTP/1.1 {status}\r\n" + "".join(f"{n}: {v}\r\n" for n, v in upstream_headers)
            head += f"Content-Length: {len(data)}\r\n\r\n"
            writer.write(head.encode("latin-1") + data[: len(data) // 2])
            await writer.drain()
        else:
            if self.upstream is None:
                await self.send(writer, 502, {}, b"no upstream")
                return
            status, upstream_headers, data = await self.forward(method, target, headers, body)
            upstream_headers = [(n, v) for n, v in upstream_headers
                                if n.lower() not in ("content-length", "transfer-encoding", "connection")]
            await self.send(writer, status, dict(upstream_headers), data, status_text=True)

    async def forward(self, method, target, headers, body):
        """Sends the request upstream (identity encoding, Connection: close) and returns the decoded response."""
        if self.upstream is None:
            return "502 Bad Gateway", [], b"no upstream"
        reader, writer = await asyncio.open_connection(self.upstream.hostname, self.upstream.port or 80)
        skip = {"host", "connection", "accept-encoding", "content-length", "expect"}
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.upstream.netloc}", "Connection: close",
                 "Accept-Encoding: identity", f"Content-Length: {len(body)}"]
        lines += [f"{n}: {v}" for n, v in headers if n.lower() not in skip]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        raw = await reader.read()
        writer.close()
        head, _, data = raw.partition(b"\r\n\r\n")
        head_lines = head.decode("latin-1").split("\r\n")
        status = head_lines[0].split(" ", 1)[1] if " " in head_lines[0] else "502 Bad Gateway"
        upstream_headers = []
        for line in head_lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                upstream_headers.append((name.strip(), value.strip()))
        if any(n.lower() == "transfer-encoding" and "chunked" in v.lower() for n, v in upstream_headers):
            data = dechunk(data)
        return status, upstream_headers, data

    async def send(self, writer, status, headers, data, status_text=False):
        line = f"HTTP/1.1 {status}" if status_text else f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}"
        head = line + "\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers.items())
        head += f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
        writer.write(head.encode("latin-1") + data)
        await writer.drain()


REASONS = {200: "OK", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
           302: "Found", 503: "Service Unavailable"}


def dechunk(data):
    out, rest = b"", data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2:]
    return out


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream")
    parser.add_argument("--rules", default="[]")
    parser.add_argument("--rules-file")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    rules = json.load(open(args.rules_file)) if args.rules_file else json.loads(args.rules)
    proxy = Proxy(args.upstream, rules)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", args.port)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    # Exit when the parent closes our stdin (test process gone), so no proxy outlives its test.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
