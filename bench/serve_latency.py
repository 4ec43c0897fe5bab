#!/usr/bin/env python3
"""Edit-to-reload latency of a running dev server (helper of bench/serve.sh).

Starts one server, waits until it serves the page, then EDITS times makes one edit of KIND to
the page's source and measures, from the write:
  - page: until a GET of the page contains the new line (every tool; the fair common measure),
  - event: until the live-reload event arrives (handbook only: its SSE endpoint).
Prints one JSON line: {"tool", "size", "kind", "page_ms": [...], "event_ms": [...], "median_page_ms", ...}.

Edit kinds (--kind; each edit leaves a unique marker the served page must show, or for `delete`,
the page must be gone):
  body             append a line to the page (the default)
  title            give the page a new `title:` in its front matter
  front-matter     give the page a new `description:` (shown as its lead)
  new-page         write a new page beside it; time until that page is served
  delete           remove a page written (untimed) just before; time until its URL is a 404
  decision-status  change a decision record's `status:` (and append the marker to its body)
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except Exception:
        # Refused, reset or cut short (a server mid-rebuild): not there yet.
        return 0, ""


class SseListener(threading.Thread):
    """Reads handbook's /__handbook/events with a plain socket; records reload arrival times."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        # The server answers only a loopback Host (its guard against DNS rebinding): any other
        # gets 421 and no events.
        self.sock.sendall(f"GET /__handbook/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.reloads = []
        self.lock = threading.Lock()

    def run(self):
        buf = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return
            now = time.perf_counter()
            buf += chunk
            # One event per blank-line-terminated block: `event: reload` then `data: {...}`.
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                if b"event: reload" not in block:
                    continue
                data = block.split(b"data:", 1)[-1].decode("utf-8", "replace")
                with self.lock:
                    self.reloads.append((now, data))

    def first_after(self, t0, deadline, path):
        """The first reload event after t0 that reloads `path` (not, say, the health page's
        deferred update from the edit before)."""
        while time.perf_counter() < deadline:
            with self.lock:
                for t, data in self.reloads:
                    if t >= t0 and (f'"{path}"' in data or '"all":true' in data):
                        return t
            time.sleep(0.001)
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True, choices=["handbook", "hugo", "mdbook"])
    ap.add_argument("--size", required=True)
    ap.add_argument("--cmd", required=True, help="server command; {port} is replaced")
    ap.add_argument("--file", required=True, help="the page's source file")
    ap.add_argument("--path", required=True, help="the page's URL path")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--kind", default="body",
                    choices=["body", "title", "front-matter", "new-page", "delete", "decision-status"])
    ap.add_argument("--startup-timeout", type=float, default=600)
    ap.add_argument("--edit-timeout", type=float, default=120)
    args = ap.parse_args()

    port = free_port()
    cmd = args.cmd.replace("{port}", str(port))
    log = open(f"/tmp/bench-serve-{args.tool}-{args.size}.log", "w")
    proc = subprocess.Popen(cmd, shell=True, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    original = open(args.file, encoding="utf-8").read()
    url = f"http://127.0.0.1:{port}{args.path}"
    try:
        started = time.perf_counter()
        while True:
            status, _ = get(url)
            if status == 200:
                break
            if proc.poll() is not None or time.perf_counter() - started > args.startup_timeout:
                # A row that says so, so that the other tools' figures still get reported.
                print(json.dumps({"tool": args.tool, "size": args.size,
                                  "failed": f"did not serve the page within {args.startup_timeout:.0f} s"}), flush=True)
                print(f"{args.tool} did not start serving {url} (see {log.name})", file=sys.stderr)
                return
            time.sleep(0.2)
        startup_s = time.perf_counter() - started
        listener = None
        if args.tool == "handbook":
            listener = SseListener(port)
            listener.start()
        time.sleep(1.0)
        page_ms, event_ms = [], []
        folder = os.path.dirname(args.file)
        url_dir = args.path.rsplit("/", 2)[0] + "/"

        def new_page(i):
            name = f"bench-new-{i}-{os.getpid()}"
            return os.path.join(folder, name + ".md"), f"{url_dir}{name}/"

        def wait_for(page_url, marker, deadline):
            while True:
                status, body = get(f"http://127.0.0.1:{port}{page_url}")
                if (marker is None and status == 404) or (marker is not None and marker in body):
                    return
                if time.perf_counter() > deadline:
                    raise SystemExit(f"{args.tool}: {args.kind} edit never showed up at {page_url}")
                time.sleep(0.002)

        created = []
        for i in range(args.edits):
            marker = f"bench-edit-{i}-{os.getpid()}"
            target_path = args.path
            if args.kind == "delete":
                # The page to delete, written and served first (not timed).
                gone, gone_url = new_page(i)
                with open(gone, "w", encoding="utf-8") as f:
                    f.write(f"# Doomed {marker}\n\nSoon gone.\n")
                wait_for(gone_url, marker, time.perf_counter() + args.edit_timeout)
                time.sleep(0.5)
            t0 = time.perf_counter()
            if args.kind == "body":
                with open(args.file, "a", encoding="utf-8") as f:
                    f.write(f"\n{marker}\n")
            elif args.kind in ("title", "front-matter"):
                key = "title" if args.kind == "title" else "description"
                text = open(args.file, encoding="utf-8").read()
                head, sep, rest = text.partition("\n---\n")
                lines = [l for l in head.split("\n") if not l.startswith(key + ":")]
                lines.append(f"{key}: Edited {marker}")
                with open(args.file, "w", encoding="utf-8") as f:
                    f.write("\n".join(lines) + sep + rest)
            elif args.kind == "new-page":
                path, target_path = new_page(i)
                created.append(path)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(f"# New {marker}\n\nA new page.\n")
            elif args.kind == "delete":
                os.remove(gone)
                target_path, marker = gone_url, None
            else:  # decision-status
                text = open(args.file, encoding="utf-8").read()
                status = "deprecated" if i % 2 == 0 else "accepted"
                lines = [f"status: {status}" if l.startswith("status:") else l for l in text.split("\n")]
                with open(args.file, "w", encoding="utf-8") as f:
                    f.write("\n".join(lines).rstrip("\n") + f"\n\n{marker}\n")
            deadline = t0 + args.edit_timeout
            wait_for(target_path, marker, deadline)
            page_ms.append((time.perf_counter() - t0) * 1000)
            if listener:
                # The page is served: its event has come, or comes within moments, or never.
                t = listener.first_after(t0, min(deadline, time.perf_counter() + 2.0), target_path)
                if t is not None:
                    event_ms.append((t - t0) * 1000)
            # Let the server settle (and the page's own reload, in a browser) before the next edit.
            time.sleep(0.5)
        for path in created:
            os.remove(path)
        result = {
            "tool": args.tool,
            "size": args.size,
            "kind": args.kind,
            "startup_s": round(startup_s, 1),
            "median_page_ms": round(statistics.median(page_ms), 1),
            "median_event_ms": round(statistics.median(event_ms), 1) if event_ms else None,
            "page_ms": [round(x, 1) for x in page_ms],
            "event_ms": [round(x, 1) for x in event_ms],
        }
        print(json.dumps(result), flush=True)
    finally:
        with open(args.file, "w", encoding="utf-8") as f:
            f.write(original)
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=10)
        except Exception:
            os.killpg(proc.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
