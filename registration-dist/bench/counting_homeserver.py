#!/usr/bin/env python3
"""A stand-in homeserver for registration-dist/bench/run that only counts what it is asked.

  counting_homeserver.py PORT COUNT_FILE

Answers every request with 404 M_UNRECOGNIZED, except GET /_matrix/client/versions (so the
portal's health check passes). Each request whose path contains "register" (nonce, shared-secret
registration, username availability) increments the number written to COUNT_FILE.
"""
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
COUNT = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self):
        global COUNT
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if "register" in self.path:
            with LOCK:
                COUNT += 1
                with open(sys.argv[2], "w") as out:
                    out.write(str(COUNT))
        if self.path.startswith("/_matrix/client/versions"):
            status, body = 200, b'{"versions":["v1.11"]}'
        else:
            status, body = 404, b'{"errcode":"M_UNRECOGNIZED","error":"bench stand-in"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = answer
    do_POST = answer


if __name__ == "__main__":
    with open(sys.argv[2], "w") as out:
        out.write("0")
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
