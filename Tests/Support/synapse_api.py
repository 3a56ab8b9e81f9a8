"""Small synchronous Matrix/Synapse HTTP helpers shared by the test-support scripts (stdlib only).

Tokens are never printed by these helpers; errors name the method and path only.
"""
import hashlib
import http.client
import threading
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request


class MatrixHTTPError(Exception):
    def __init__(self, method, path, status, body):
        self.status = status
        self.body = body
        try:
            self.errcode = json.loads(body).get("errcode")
        except (ValueError, AttributeError):
            self.errcode = None
        super().__init__(f"{method} {path} -> {status} {self.errcode or ''} {body[:200]}")


def quote(value):
    """Percent-encodes a Matrix identifier for a path segment ('!', '@', ':', '#', '+', '/' ...)."""
    return urllib.parse.quote(value, safe="")


class Synapse:
    def __init__(self, base_url, token=None, timeout=30, keep_alive=False):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.keep_alive = keep_alive
        self._local = threading.local()

    def as_token(self, token):
        return Synapse(self.base_url, token, self.timeout, self.keep_alive)

    def _keep_alive_request(self, method, path, data):
        """One request on this thread's persistent connection (real clients keep theirs open)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            parsed = urllib.parse.urlparse(self.base_url)
            connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=self.timeout)
            self._local.connection = connection
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode(errors="replace")
        except (http.client.HTTPException, OSError):
            connection.close()
            self._local.connection = None
            raise

    def request(self, method, path, body=None, query=None, retries=20):
        if self.keep_alive:
            full = path + ("?" + urllib.parse.urlencode(query) if query else "")
            data = None if body is None else json.dumps(body).encode()
            for attempt in range(retries):
                try:
                    status, text = self._keep_alive_request(method, full, data)
                except (http.client.HTTPException, OSError):
                    if attempt + 1 < retries:
                        time.sleep(0.1)
                        continue
                    raise
                if status == 429 and attempt + 1 < retries:
                    time.sleep(0.5)
                    continue
                if status >= 400:
                    raise MatrixHTTPError(method, path, status, text)
                return json.loads(text) if text else {}
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode()
        for attempt in range(retries):
            req = urllib.request.Request(url, data=data, method=method)
            req.add_header("Content-Type", "application/json")
            if self.token:
                req.add_header("Authorization", "Bearer " + self.token)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    raw = resp.read().decode()
                    return json.loads(raw) if raw else {}
            except urllib.error.HTTPError as err:
                text = err.read().decode(errors="replace")
                if err.code == 429 and attempt + 1 < retries:
                    try:
                        wait = json.loads(text).get("retry_after_ms", 500) / 1000
                    except ValueError:
                        wait = 0.5
                    time.sleep(min(wait, 5))
                    continue
                raise MatrixHTTPError(method, path, err.code, text) from None

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, {} if body is None else body, **kw)

    def put(self, path, body, **kw):
        return self.request("PUT", path, body, **kw)

    # Shared-secret registration (docs/admin_api/register_api.md).
    def register(self, shared_secret, localpart, password, admin=False):
        nonce = self.get("/_synapse/admin/v1/register")["nonce"]
        mac = hmac.new(shared_secret.encode(), digestmod=hashlib.sha1)
        mac.update(nonce.encode() + b"\x00" + localpart.encode() + b"\x00" + password.encode() + b"\x00")
        mac.update(b"admin" if admin else b"notadmin")
        body = {"nonce": nonce, "username": localpart, "password": password, "admin": admin, "mac": mac.hexdigest()}
        return self.post("/_synapse/admin/v1/register", body)

    def login_password(self, localpart, password):
        body = {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": localpart}, "password": password}
        return self.post("/_matrix/client/v3/login", body)["access_token"]

    def whoami(self):
        return self.get("/_matrix/client/v3/account/whoami")["user_id"]

    def wait_until_up(self, deadline_seconds=120):
        end = time.time() + deadline_seconds
        while time.time() < end:
            try:
                self.get("/_matrix/client/versions", retries=1)
                return True
            except (urllib.error.URLError, ConnectionError, OSError, MatrixHTTPError):
                time.sleep(0.2)
        return False
