"""Files about a learner, written so that only they can read them.

A learner's answers, backups, prep pack and results file are personal data. On a shared machine (a
JupyterHub, a lab PC) the usual permissions let every other user read them, so whatever the
umask says, the course makes its files readable by their owner only (0600) and its folders
enterable by their owner only (0700). Links are never followed when a file is written or tightened.

One place for every such write: :func:`write_private` (a whole file, replaced atomically, so a
failure never leaves an empty or half file), :func:`create_private` (an empty file another library
fills, such as SQLite's store), :func:`private_folder` (a folder), :func:`tighten` (a file made by
an earlier version), and :func:`check_own_folder` for a folder in a place other users share.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from course_lib.paths import PROGRESS_DIR_VAR

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_POSIX = os.name == "posix"


class NotPrivate(OSError):
    """A folder in a shared place that the course will not use: the message says why and what to do."""


def _me() -> int:
    """The user the course runs as (the owner its folders must have)."""
    return os.geteuid()


def private_folder(folder: Path | str) -> Path:
    """``folder``, made if missing: each folder the course creates is 0700 whatever the umask.
    An existing folder is left as it is (it may be the learner's choice, such as a shared drive)."""
    folder = Path(folder)
    missing = []
    for parent in (folder, *folder.parents):
        if os.path.lexists(parent):
            break
        missing.append(parent)
    for made in reversed(missing):
        try:
            os.mkdir(made, FOLDER_MODE)
        except FileExistsError:  # made at the same moment by another notebook
            continue
        if _POSIX:
            os.chmod(made, FOLDER_MODE)  # the umask may have taken bits away from the owner too
    if not folder.is_dir():
        raise NotADirectoryError(20, "not a folder", str(folder))
    return folder


def create_private(path: Path | str) -> bool:
    """Create ``path`` empty and private unless something is already there; True if it was made.
    Never follows a link: a link planted at ``path`` is left alone for the caller to judge."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, FILE_MODE)
    except FileExistsError:
        return False
    try:
        if _POSIX:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return True


def write_private(path: Path | str, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, line ends as they are) to ``path``, readable by its owner only,
    atomically: a temporary file beside it is written in full and then renamed over it, so a full
    disk or any failure leaves the earlier file as it was, never an empty or half one. A link at
    ``path`` is replaced, not followed."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    private_folder(path.parent)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")  # made 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def tighten(path: Path | str) -> None:
    """Make a regular file of the learner's private (a store or backup made before the course did
    this, or under a loose umask). Links, other people's files and failures are left alone."""
    if not _POSIX:
        return
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_uid == _me() and info.st_mode & 0o077:
            os.fchmod(fd, FILE_MODE)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def private_umask():
    """Inside: every file and folder created is for its owner only (for code that writes with
    ``open``; the course's own writes use :func:`write_private`)."""
    if not _POSIX:
        yield
        return
    earlier = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(earlier)


def check_own_folder(folder: Path | str) -> Path:
    """``folder`` in a place every user can write to (the system's temporary space), made 0700 if
    missing. Refused with :class:`NotPrivate` if it is a link, not a folder, not the learner's own,
    or open to other users: someone else could have planted a store there, or could read it."""
    folder = Path(folder)
    if not _POSIX:
        return private_folder(folder)
    try:
        os.mkdir(folder, FOLDER_MODE)
        os.chmod(folder, FOLDER_MODE)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    fix = f"Set {PROGRESS_DIR_VAR} to a folder of your own instead."
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise NotPrivate(f"{folder} is not a plain folder (a link or a file is in its place), so the course "
                         f"will not keep your answers there. {fix}")
    if info.st_uid != _me():
        raise NotPrivate(f"{folder} belongs to another user of this computer, so the course will not keep your "
                         f"answers there: they could read them, or have put answers there that are not yours. {fix}")
    if info.st_mode & 0o077:
        raise NotPrivate(f"{folder} is open to other users of this computer (permissions "
                         f"{stat.filemode(info.st_mode)}), so the course will not keep your answers there. "
                         f"Make it yours only (chmod 700 {folder}), or set {PROGRESS_DIR_VAR} to a folder of your own.")
    return folder
