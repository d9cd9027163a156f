"""Write a file so that no reader ever sees half of it, with the permissions an ordinary
file gets (0644 under umask 022): a hidden temporary file beside the target (`.lakip-…`,
which the watcher's scan ignores), flushed and synced, then renamed over the target."""
from __future__ import annotations

import os
import tempfile
from typing import Callable

_UMASK: list[int] = []


def umask() -> int:
    """The process umask (read once; reading it means setting it for an instant)."""
    if not _UMASK:
        current = os.umask(0o022)
        os.umask(current)
        _UMASK.append(current)
    return _UMASK[0]


def write_atomically(path: str, data: str | bytes | Callable[[str], None], suffix: str = ".tmp") -> None:
    """Write `data` (text as UTF-8, bytes, or a function that writes the file at the path it
    is given) to `path`."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".lakip-", suffix=suffix, dir=directory)
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~umask())       # mkstemp makes it private; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
