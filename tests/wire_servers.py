"""Real servers on loopback for the poller's tests, and invented wire copy.

``AgencyHTTPServer`` answers like agencies' servers do, well and badly: a ninjs
document with an ETag, a feed of items, a 500, a slow answer, a login page, a body
claiming 2 GB, an endless body, a page behind a bearer token. ``ftp_server`` runs
pyftpdlib. Every copy here is invented, in the agencies' conventions.
"""

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TOKEN = "test-token-not-a-secret"
FTP_USER, FTP_PASSWORD = "wire", "test-password-not-a-secret"
CITIES = ["MURMANSK", "KALININGRAD", "YAKUTSK", "NOVOSIBIRSK", "TOMSK", "OMSK"]


def agency_page(n: int) -> str:
    city = CITIES[n % len(CITIES)]
    return (
        f"Tugboat crews at port number {n} end their strike\n\n"
        f"{city}, June 3. /TASS/. Tugboat crews at port number {n} ended their "
        "strike on Monday after a pay deal, the union said.\n\n"
        f"Work resumed on the evening shift at berth {n}, a union spokesman said.\n"
    )


def ninjs_doc(n: int, version: int = 1) -> bytes:
    return json.dumps(
        {
            "uri": f"urn:newsroom-test:ninjs:{n}",
            "type": "text",
            "version": str(version),
            "headline": f"Ferry link number {n} reopens after repairs",
            "body_text": f"KALININGRAD, June 3. /TASS/. Ferry link number {n} "
            f"reopened on Monday, the port said (version {version}).\n\n"
            "Tickets are on sale again.",
            "versioncreated": "2026-06-03T08:00:00Z",
            "language": "en",
            "copyrightholder": "TASS",
        }
    ).encode()


def newsml_doc(n: int) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsroom-test:g2:{n}"
 version="1" xml:lang="en">
 <rightsInfo><copyrightHolder><name>TASS</name></copyrightHolder></rightsInfo>
 <itemMeta><itemClass qcode="ninat:text"/>
  <provider qcode="nprov:TASS"><name>TASS</name></provider>
  <versionCreated>2026-06-03T08:00:00Z</versionCreated></itemMeta>
 <contentMeta><headline>Harbour number {n} finishes dredging early</headline>
  <dateline>MURMANSK, June 3</dateline></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><body>
   <p>Dredging at harbour number {n} finished two weeks early.</p>
  </body></html></inlineXML></contentSet>
</newsItem>
""".encode()


def rss(base: str, numbers: list[int]) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><guid>urn:newsroom-test:feed:{n}</guid>"
        f'<link>{base}/page/{n}.html</link><enclosure url="/items/{n}.json" '
        'type="application/json" length="500"/></item>'
        for n in numbers
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"{items}</channel></rss>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    server: "AgencyHTTPServer"

    def log_message(self, *args):  # quiet: the test output shows what matters
        pass

    def send(self, status: int, body: bytes, ctype: str, **headers: str):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def stream(self, length: str | None):
        """Zeros until the client hangs up; counts what went out."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if length:
            self.send_header("Content-Length", length)
        self.end_headers()
        block = b"0" * 65536
        try:
            while True:
                self.wfile.write(block)
                self.server.streamed += len(block)
        except OSError:
            return  # the poller stopped reading and closed

    def do_GET(self):  # one branch per kind of agency server
        server, path = self.server, self.path
        server.requests.append(path)
        if path == "/ninjs":
            etag = f'"v{server.version}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            body = ninjs_doc(1, server.version)
            self.send(200, body, "application/json", ETag=etag)
        elif path == "/feed.xml":
            base = f"http://127.0.0.1:{server.server_port}"
            self.send(200, rss(base, server.feed), "application/rss+xml")
        elif path.startswith("/items/"):
            number = int(path.rsplit("/", 1)[1].split(".")[0])
            if number in server.broken_items:
                self.send(503, b"busy", "text/plain")
            else:
                self.send(200, ninjs_doc(100 + number), "application/json")
        elif path == "/error":
            self.send(500, b"Internal Server Error", "text/plain")
        elif path == "/slow":
            server.release.wait(10)  # longer than the poller's timeout in the tests
            self.send(200, ninjs_doc(2), "application/json")
        elif path == "/login":
            page = b"<!DOCTYPE html><html><body><form>Sign in</form></body></html>"
            self.send(200, page, "text/html; charset=utf-8")
        elif path == "/login-as-xml":
            page = b"<!DOCTYPE html>\n<html><body>Session expired</body></html>"
            self.send(200, page, "application/xml")
        elif path == "/huge":
            self.stream(str(2 * 1024**3))
        elif path == "/endless":
            self.stream(None)
        elif path == "/to-a-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/private":
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self.send(401, b"who are you?", "text/plain")
            else:
                self.send(200, ninjs_doc(3), "application/json")
        else:
            self.send(404, b"not here", "text/plain")


class AgencyHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []
        self.version = 1
        self.feed = [1, 2]
        self.broken_items: set[int] = set()
        self.streamed = 0
        self.release = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


@contextmanager
def agency_http_server():
    server = AgencyHTTPServer()
    # shutdown() waits for the loop to look at its flag, every poll_interval
    # (half a second by default: half a second more for every test).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (PEM files).

    Valid from 2000 to 9999: tests pin Python's clock but OpenSSL reads the machine's,
    so a window around "now" would be expired for one of them.
    """
    import ipaddress
    from datetime import UTC, datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2000, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(9999, 12, 31, tzinfo=UTC))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@contextmanager
def ftp_server(home: Path, tls: tuple[Path, Path] | None = None):
    """pyftpdlib on loopback: ``FTP_USER`` may read, write, rename and delete in
    ``home``; with ``tls`` (certificate, key) it requires TLS. Yields the port."""
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
    from pyftpdlib.servers import ThreadedFTPServer

    authorizer = DummyAuthorizer()
    authorizer.add_user(FTP_USER, FTP_PASSWORD, str(home), perm="elradfmw")
    attributes = {"authorizer": authorizer}
    if tls:
        attributes.update(
            certfile=str(tls[0]),
            keyfile=str(tls[1]),
            tls_control_required=True,
            tls_data_required=True,
        )
    base = TLS_FTPHandler if tls else FTPHandler
    handler = type("Handler", (base,), attributes)
    handler.auth_failed_timeout = 0.05  # pyftpdlib's 3 s would outlast our timeout
    server = ThreadedFTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"timeout": 0.1}, daemon=True
    )
    thread.start()
    try:
        yield server.address[1]
    finally:
        server.close_all()
        thread.join(timeout=10)


def wait_for(check, seconds: float = 30.0, what: str = "the condition"):
    """Wait until ``check()`` is true; a bound, not a timed assertion."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)
