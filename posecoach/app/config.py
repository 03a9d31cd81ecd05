"""Where the app finds its settings: command-line flags after ``--``, environment variables,
``.streamlit/secrets.toml``, defaults (in that order). Operator settings only: nothing a browser
sends can change them.

``streamlit run app.py -- --db /srv/posecoach/history.db --history shared``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from posecoach.history import DB_ENV, default_db_path

ICE_ENV = "POSECOACH_ICE_SERVERS"
SAMPLES_ENV = "POSECOACH_SAMPLES"
HISTORY_ENV = "POSECOACH_HISTORY"
REPO = Path(__file__).resolve().parents[2]
#: "auto": one history on localhost, per signed-in user with OIDC login, else per browser session.
#: "shared": the operator's explicit choice of one history for every visitor.
HISTORY_CHOICES = ("auto", "shared")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


class ConfigError(ValueError):
    """A setting that cannot be used: the message is one line for the user."""


def ice_servers() -> list[dict[str, Any]]:
    """STUN/TURN servers for WebRTC: none by default (localhost needs none and the app stays offline).

    A deployed app sets ``POSECOACH_ICE_SERVERS`` to a JSON list, e.g.
    ``[{"urls": ["turn:turn.example.org:3478"], "username": "u", "credential": "p"}]``,
    or ``ice_servers`` in ``.streamlit/secrets.toml`` (the same list, as TOML tables).
    """
    raw = os.environ.get(ICE_ENV, "").strip()
    if raw:
        try:
            servers = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ConfigError(f"{ICE_ENV} is not valid JSON: {error}") from error
    else:
        servers = _secret("ice_servers", [])
    if isinstance(servers, Mapping):  # one [ice_servers] table in secrets.toml
        servers = [servers]
    if not isinstance(servers, list) or not all(isinstance(server, Mapping) and "urls" in server for server in servers):
        raise ConfigError(f"{ICE_ENV} / ice_servers must be a list of objects with 'urls'.")
    return [dict(server) for server in servers]


def _secret(name: str, default: Any) -> Any:
    try:
        return st.secrets.get(name, default)
    except Exception:  # no secrets.toml (FileNotFoundError or Streamlit's own error): use the default
        return default


def _app_flags() -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--db")
    parser.add_argument("--history")
    flags, _ = parser.parse_known_args(sys.argv[1:])
    return flags


def configured_db_path() -> Path:
    """The history file: ``--db``, else $POSECOACH_DB, else ``history_db`` in secrets.toml, else ~/.posecoach/history.db."""
    chosen = _app_flags().db or os.environ.get(DB_ENV) or _secret("history_db", "")
    return Path(str(chosen)).expanduser() if chosen else default_db_path()


def history_setting() -> str:
    """``--history``, else $POSECOACH_HISTORY, else ``history`` in secrets.toml, else "auto"."""
    value = str(_app_flags().history or os.environ.get(HISTORY_ENV) or _secret("history", "") or "auto").strip().lower()
    if value not in HISTORY_CHOICES:
        raise ConfigError(f"{HISTORY_ENV} / --history must be one of {', '.join(HISTORY_CHOICES)}, not {value!r}.")
    return value


def login_configured() -> bool:
    """Streamlit's OIDC login (``st.login``) is set up in secrets.toml's ``[auth]`` section."""
    return bool(_secret("auth", None))


def bound_to_loopback() -> bool:
    """The server listens on this computer only (the default in .streamlit/config.toml)."""
    return str(st.get_option("server.address") or "") in LOOPBACK_NAMES


def db_path() -> Path:
    """This visitor's history file (see ``posecoach.app.state.visitor_history``)."""
    from posecoach.app.state import visitor_history  # state builds on these settings

    return visitor_history().path


def samples_dir() -> Path:
    return Path(os.environ.get(SAMPLES_ENV) or REPO / "sample_videos")


def max_upload_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))
