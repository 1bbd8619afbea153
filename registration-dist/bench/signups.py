#!/usr/bin/env python3
"""Sign-up load for registration-dist/bench/run: N registrations at a fixed concurrency.

  signups.py direct URL SECRET N CONCURRENCY PREFIX
      Synapse shared-secret registrations (nonce, then HMAC-SHA1) straight to the homeserver.
  signups.py portal URL[,URL...] TOKEN N CONCURRENCY PREFIX
      POST /register with Accept: application/json to the portal(s), round-robin.

Prints one line: "ok=<n> failed=<n> seconds=<s> per_second=<r> statuses=<code:count,...>".
"""
import hashlib
import hmac
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

PASSWORD = "bench-Password-12345"


def post(url, data, headers):
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as e:
        e.read()
        return e.code
    except OSError:
        return 0


def direct(base, secret, username):
    endpoint = base.rstrip("/") + "/_synapse/admin/v1/register"
    try:
        with urllib.request.urlopen(endpoint, timeout=60) as response:
            nonce = json.loads(response.read())["nonce"]
    except (OSError, ValueError, KeyError):
        return 0
    mac = hmac.new(secret.encode(), digestmod=hashlib.sha1)
    mac.update(b"\x00".join([nonce.encode(), username.encode(), PASSWORD.encode(), b"notadmin"]))
    body = json.dumps({"nonce": nonce, "username": username, "password": PASSWORD, "admin": False,
                       "mac": mac.hexdigest(), "inhibit_login": True}).encode()
    return post(endpoint, body, {"Content-Type": "application/json"})


def portal(bases, token, index, username):
    base = bases[index % len(bases)]
    body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "confirm": PASSWORD,
                                   "token": token}).encode()
    return post(base.rstrip("/") + "/register", body,
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})


def main():
    mode, target, credential, count, concurrency, prefix = sys.argv[1:7]
    count, concurrency = int(count), int(concurrency)
    bases = target.split(",")

    def one(i):
        username = f"{prefix}{i:06d}"
        if mode == "direct":
            return direct(bases[0], credential, username)
        return portal(bases, credential, i, username)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        statuses = Counter(pool.map(one, range(count)))
    seconds = time.perf_counter() - started
    ok = statuses.get(200, 0)
    print(f"ok={ok} failed={count - ok} seconds={seconds:.3f} per_second={ok / seconds:.2f} statuses="
          + ",".join(f"{code}:{n}" for code, n in sorted(statuses.items())))


if __name__ == "__main__":
    main()
