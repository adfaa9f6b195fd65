"""Polling a folder: each settled file is claimed, read, and moved aside.

A file is read only when its name is not a temporary one (hidden, ``.part``,
``.tmp``, ``~``…) and it has not changed for the settle time; one that changes while
it is read goes back untouched. It is claimed by an atomic rename into
``processing/`` under a name unique to this poller, so of two pollers on one folder
(two servers on a shared disk) only one ever reads it. What was read moves to
``done/<day>/``, or to ``failed/<day>/`` with ``<name>.error.txt`` beside it.
"""

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from .poll import PollError, Session

TEMPORARY_SUFFIXES = (
    ".part",
    ".partial",
    ".tmp",
    ".temp",
    ".crdownload",
    ".filepart",
    ".swp",
    "~",
)
# Pictures stay where they are: a story beside them names them by relative path.
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff")
SKIPPED_NAMES = {"Thumbs.db", "desktop.ini"}
AREAS = ("processing", "done", "failed")
CLAIM_SEPARATOR = "--"


def is_temporary(name: str) -> bool:
    """Names writers use while a file is not complete yet."""
    return name.startswith((".", "~")) or name.lower().endswith(TEMPORARY_SUFFIXES)


def is_copy(name: str) -> bool:
    """Whether a settled file of the folder is copy for the poller to read."""
    return not (
        is_temporary(name)
        or name in SKIPPED_NAMES
        or name.lower().endswith(PICTURE_SUFFIXES)
    )


def settled_files(folder: Path, settle: float, now: float) -> list[str]:
    """Complete-looking files of ``folder``, oldest first."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                if not entry.is_file(follow_symlinks=False) or not is_copy(entry.name):
                    continue
                stat = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # another poller claimed it since the folder was listed
            if now - stat.st_mtime < settle:
                continue  # still being written, or just finished: next round
            found.append((stat.st_mtime, entry.name))
    return [name for _, name in sorted(found)]


def free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``name.2``… if a file of that name is there."""
    target = folder / name
    number = 1
    while target.exists():
        number += 1
        stem, dot, suffix = name.rpartition(".")
        target = folder / (f"{stem}.{number}.{suffix}" if dot else f"{name}.{number}")
    return target


def put_aside(folder: Path, area: str, claimed: Path, name: str) -> Path:
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    target_dir = folder / area / day
    target_dir.mkdir(parents=True, exist_ok=True)
    target = free_name(target_dir, name)
    os.replace(claimed, target)
    return target


def give_back(folder: Path, claimed: Path, name: str) -> None:
    """Return a claimed file to the folder, for a later round."""
    os.replace(claimed, free_name(folder, name))


def reclaim_abandoned(folder: Path, lease: int, now: float) -> None:
    """Files a poller claimed and never finished (it crashed): back to the folder.

    A rename sets the file's change time, so one claimed longer ago than a lease
    is no poller's any more (a working poller renews its lease, and finishes or
    gives back a file well within one).
    """
    processing = folder / "processing"
    with os.scandir(processing) as entries:
        for entry in entries:
            try:
                if entry.is_file() and now - entry.stat().st_ctime > lease:
                    name = entry.name.partition(CLAIM_SEPARATOR)[2] or entry.name
                    give_back(folder, Path(entry.path), name)
            except FileNotFoundError:
                continue  # its poller finished it, or another gave it back first


def poll_folder(source, session: Session) -> None:
    folder = Path(source.location)
    if not folder.is_dir():
        raise PollError(f"The folder {folder} does not exist (or is not a folder).")
    try:
        for area in AREAS:
            (folder / area).mkdir(exist_ok=True)
        reclaim_abandoned(folder, session.options.lease, time.time())
        names = settled_files(folder, session.options.settle, time.time())
    except OSError as error:
        raise PollError(f"Cannot read the folder {folder}: {error}") from None
    for name in names:
        if session.stopping():
            break
        take_file(folder, name, session)


def take_file(folder: Path, name: str, session: Session) -> None:
    """Claim, read and file away one file; an error of the file's own goes to
    ``failed/``, a failure of ours (the database) gives the file back."""
    source_path = folder / name
    token = session.owner.rsplit(":", 1)[-1]
    claimed = folder / "processing" / f"{token}{CLAIM_SEPARATOR}{name}"
    try:
        before = source_path.stat()
        os.rename(source_path, claimed)  # atomic: one poller wins, the other misses
    except FileNotFoundError:
        return  # another poller took it first
    limit = session.options.max_bytes
    if before.st_size > limit:
        reason = f"{name}: the file is larger than {limit // (1024 * 1024)} MB."
        session.fail_item(reason)
        file_failed(folder, claimed, name, [reason])
        return
    try:
        data = claimed.read_bytes()
    except OSError as error:  # unreadable (permissions): say so beside it
        reason = f"{name}: cannot read the file: {error.strerror}."
        session.fail_item(reason)
        file_failed(folder, claimed, name, [reason])
        return
    after = claimed.stat()
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        give_back(folder, claimed, name)  # a writer is still at it
        return
    try:
        result = session.take(data, name=name, base_dir=folder)
    except BaseException:
        give_back(folder, claimed, name)
        raise
    if result.failed:
        kept = result.received + result.new_versions + result.duplicates
        file_failed(folder, claimed, name, result.errors, kept=kept)
    else:
        put_aside(folder, "done", claimed, name)


def file_failed(
    folder: Path, claimed: Path, name: str, errors: list[str], kept: int = 0
) -> None:
    target = put_aside(folder, "failed", claimed, name)
    lines = list(errors)
    if kept:
        lines.append(f"The other {kept} stories of the file were taken in.")
    target.with_name(target.name + ".error.txt").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )
