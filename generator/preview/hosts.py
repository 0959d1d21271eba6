"""Which Host and Origin headers the preview server answers: its guard against DNS rebinding.

A page of another site whose name was rebound to 127.0.0.1 still sends its own name as `Host`
(and its own `Origin`), so a server that answers only to the names it was started for cannot be
read by it. IP addresses are never rebound, so any of them is fine on a server bound to all
interfaces. The port is not compared: a forwarded port (`ssh -L`, a container) changes it, and
another site cannot choose it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
"""Host names that always reach this machine and that no other site can take over."""
_HOST = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9._-]+))(?::\d{1,5})?", re.I)


@dataclass(frozen=True)
class HostPolicy:
    """Which `Host` headers the server answers: a browser visiting a rebound name sends its own."""

    names: frozenset[str]
    """Accepted host names, lower case, without port, brackets or final dot."""
    any_address: bool
    """True when bound to every interface: any IP address is accepted too (no name, no rebinding)."""

    def allows(self, host: str | None) -> bool:
        """True when a `Host` header names this server (any port: a forwarded port is fine)."""
        found = _HOST.fullmatch(host or "")
        if not found:
            return False
        name = (found["v6"] or found["name"]).lower().rstrip(".")
        return name in self.names or (self.any_address and _is_address(name))

    def allows_origin(self, origin: str | None, host: str | None) -> bool:
        """True when a request has no `Origin` (not a cross-site page) or comes from this site."""
        if origin is None:
            return True
        parts = urlsplit(origin.strip())
        same = parts.scheme in ("http", "https") and parts.netloc.lower() == (host or "").lower()
        return same and parts.path in ("", "/") and self.allows(parts.netloc)


def host_policy(host: str, bound: str, allowed: Iterable[str] = ()) -> HostPolicy:
    """The names a server started with `--host host`, bound to address `bound`, answers to."""
    names = {name.strip("[]").lower().rstrip(".") for name in (host, bound, *allowed) if name}
    wildcard = bound in ("0.0.0.0", "::", "")
    return HostPolicy(frozenset(LOCAL_NAMES | names), any_address=wildcard)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
