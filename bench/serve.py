"""Serve a built site as a static host would: text files gzip-compressed for clients that
accept it (as GitHub Pages, Netlify or nginx's ``gzip_static`` do), everything else as is.

Python's ``http.server`` sends every file uncompressed, which would make Lighthouse measure a
transfer no real host sends. Each compressible file is compressed once, when first asked for,
and kept in memory for the server's lifetime.

Run it by hand with ``python bench/serve.py _build/html 8731``; ``bench/run.py`` starts it
in a thread for the Lighthouse runs.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import sys
import threading
from pathlib import Path
from typing import ClassVar

#: Types a static host compresses (images other than SVG, fonts in woff/woff2 already are).
COMPRESSIBLE = (
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".svg",
    ".txt",
    ".xml",
    ".ipynb",
    ".csv",
    ".map",
    ".ttf",
    ".eot",
)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` with ``Content-Encoding: gzip`` for text types."""

    cache: ClassVar[dict[str, tuple[float, bytes]]] = {}
    lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # What a static host sends: revalidate after a short while, never "no-store".
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def _gzipped(self, path: str) -> bytes:
        mtime = os.stat(path).st_mtime
        with self.lock:
            hit = self.cache.get(path)
            if hit is not None and hit[0] == mtime:
                return hit[1]
        data = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        with self.lock:
            self.cache[path] = (mtime, data)
        return data

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if not self.path.split("?", 1)[0].endswith("/") or not os.path.exists(index):
                return super().send_head()
            path = index
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        import io

        body = self._gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving ``directory`` on 127.0.0.1 in a daemon thread; return the server and its
    base URL (``port`` 0 picks a free port)."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8731
    server, url = serve(root, port)
    print(f"serving {root} at {url} (gzip); Ctrl-C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
