"""Swap two folders in one step: Linux's `renameat2(RENAME_EXCHANGE)`, called through ctypes.

Python has no binding for it. glibc 2.28 and later provide it; Linux file systems in common use
(ext4, XFS, Btrfs, tmpfs, overlayfs) support it. Elsewhere `exchange` says it cannot, and the
caller falls back to two renames.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

AT_FDCWD = -100
"""`renameat2`'s "relative to the current folder" (the paths given are absolute anyway)."""
RENAME_EXCHANGE = 2
"""`renameat2` flag from linux/fs.h: swap the two paths in one step."""


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """glibc's `renameat2` (2.28 and later), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step; False (nothing done) where the system or
    the file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # an old kernel, or a file system without exchange
    raise OSError(code, os.strerror(code), str(second))
