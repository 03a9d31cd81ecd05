"""Tracing a process's network calls with strace, to prove that posecoach reaches nothing beyond loopback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

TRACED_CALLS = "connect,sendto,sendmsg,sendmmsg"
#: Also the addresses servers listen on (a server bound to every interface can be reached from other machines).
TRACED_CALLS_AND_BINDS = TRACED_CALLS + ",bind"


def strace_prefix(log: Path, calls: str = TRACED_CALLS) -> list[str]:
    """The command prefix that records every traced call of the process and its children in ``log``."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.fail("strace is missing: apt-get install strace (.ci/run does)")
    return [strace, "-f", "-qq", "--seccomp-bpf", "-e", f"trace={calls}", "-o", str(log)]


def non_loopback_calls(trace: str) -> list[str]:
    """Traced calls to an internet address, or to any DNS port (a name lookup, even through a local resolver);
    traced binds to any address but loopback (e.g. 0.0.0.0 or ::, every interface)."""
    suspicious = []
    for line in trace.splitlines():
        if "AF_INET" not in line:
            continue
        port = re.search(r"sin6?_port=htons\((\d+)\)", line)
        address = re.search(r'inet_(?:addr|pton)\((?:AF_INET6, )?"([^"]+)"', line)
        if port is None or address is None:
            continue
        loopback = address.group(1).startswith("127.") or address.group(1) in ("::1", "::ffff:127.0.0.1")
        if not loopback or port.group(1) == "53":
            suspicious.append(line)
    return suspicious
