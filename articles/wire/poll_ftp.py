"""Polling an FTP or FTPS folder with the standard library's ftplib.

``ftp://host/path`` or ``ftps://host/path`` (explicit TLS, protected data channel).
The folder is listed, temporary names skipped, and each file not fetched before
(same name, size and time) is downloaded within the byte limit and taken in. A file
whose size changes while it is fetched is still being uploaded: it is left for the
next round. The source remembers what it fetched, so nothing is taken twice; after
fetching, the file is left, moved into ``done/`` on the server, or deleted, as the
source says. Without a credentials variable the login is anonymous.
"""

import contextlib
import ftplib
import io
import ssl
from urllib.parse import unquote, urlsplit

from .poll import PollError, Session, credentials
from .poll_folder import is_temporary

FILES_KEPT = 5000  # remembered names per source: more than a folder holds


class TooLarge(Exception):
    pass


def listing(ftp: ftplib.FTP) -> list[tuple[str, str, int]]:
    """(name, signature, size) of each plain file in the current folder."""
    files = []
    try:
        for name, facts in ftp.mlsd(facts=["type", "size", "modify"]):
            if facts.get("type", "file") != "file" or is_temporary(name):
                continue
            size = int(facts.get("size", "-1"))
            files.append((name, f"{size}/{facts.get('modify', '')}", size))
        return files
    except ftplib.error_perm:  # an old server without MLSD
        pass
    for name in ftp.nlst():
        if is_temporary(name) or "/" in name:
            continue
        try:
            size = ftp.size(name)
        except ftplib.error_perm:
            continue  # a folder
        files.append((name, f"{size}/", size if size is not None else -1))
    return files


def download(ftp: ftplib.FTP, name: str, limit: int) -> bytes:
    buffer = io.BytesIO()

    def write(block: bytes) -> None:
        if buffer.tell() + len(block) > limit:
            raise TooLarge
        buffer.write(block)

    try:
        ftp.retrbinary(f"RETR {name}", write)
    except TooLarge:
        ftp.abort()
        raise
    return buffer.getvalue()


def poll_ftp(source, session: Session) -> None:
    address = urlsplit(source.location)
    secrets = credentials(source, token_ok=False) or {
        "user": "anonymous",
        "password": "newsroom@",
    }
    options = session.options
    if address.scheme == "ftps":
        # ftplib's own default context checks no certificate: check it, and the
        # host name, as a browser would.
        context = ssl.create_default_context()
        ftp = ftplib.FTP_TLS(context=context, timeout=options.timeout)  # noqa: S321
    else:
        # Plain FTP only where the agency offers nothing else (its choice of URL).
        ftp = ftplib.FTP(timeout=options.timeout)  # noqa: S321
    host = address.hostname or ""
    try:
        ftp.connect(host, address.port or 21)
        ftp.login(secrets["user"], secrets["password"])
        if isinstance(ftp, ftplib.FTP_TLS):
            ftp.prot_p()
        if unquote(address.path).strip("/"):
            ftp.cwd(unquote(address.path))
        fetch_new(source, session, ftp)
    except TimeoutError:
        raise PollError(
            f"The FTP server {host} did not answer within {options.timeout:g} s."
        ) from None
    except ssl.SSLError as error:
        raise PollError(f"FTPS {host}: {error.reason or error}.") from None
    except ftplib.error_perm as error:
        raise PollError(
            f"The FTP server {host} refused: {str(error).rstrip('.')}."
        ) from None
    except ftplib.all_errors as error:
        raise PollError(f"FTP {host}: {str(error).rstrip('.')}.") from None
    finally:
        ftp.close()


def fetch_new(source, session: Session, ftp: ftplib.FTP) -> None:
    fetched: dict = source.seen.setdefault("files", {})
    limit = session.options.max_bytes
    for name, signature, size in sorted(listing(ftp)):
        if fetched.get(name) == signature:
            continue
        if session.stopping():
            break
        session.renew()
        if size > limit:
            session.fail_item(f"{name}: the file is larger than {limit:,} bytes.")
            remember(fetched, name, signature)
            continue
        try:
            data = download(ftp, name, limit)
        except TooLarge:
            session.fail_item(f"{name}: the file is larger than {limit:,} bytes.")
            remember(fetched, name, signature)
            continue
        if size >= 0 and (len(data) != size or ftp.size(name) != size):
            continue  # still being uploaded: next round
        session.take(data, name=name)
        remember(fetched, name, signature)
        after_fetch(source, ftp, name)


def remember(fetched: dict, name: str, signature: str) -> None:
    fetched.pop(name, None)  # re-inserted last: the oldest are forgotten first
    fetched[name] = signature
    while len(fetched) > FILES_KEPT:
        del fetched[next(iter(fetched))]


def after_fetch(source, ftp: ftplib.FTP, name: str) -> None:
    if source.remote_after == source.RemoteAfter.DELETE:
        ftp.delete(name)
    elif source.remote_after == source.RemoteAfter.MOVE:
        with contextlib.suppress(ftplib.error_perm):  # it exists already
            ftp.mkd("done")
        ftp.rename(name, f"done/{name}")
