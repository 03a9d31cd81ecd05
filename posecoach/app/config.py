"""Where the app finds its settings: environment variables, ``.streamlit/secrets.toml``, defaults."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from posecoach.history import default_db_path

ICE_ENV = "POSECOACH_ICE_SERVERS"
SAMPLES_ENV = "POSECOACH_SAMPLES"
REPO = Path(__file__).resolve().parents[2]
DB_PATH_KEY = "settings_db_path"  # session_state: the history database chosen on the History page


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


def db_path() -> Path:
    """The history database: the path set on the History page, else $POSECOACH_DB, else ~/.posecoach/history.db."""
    chosen = st.session_state.get(DB_PATH_KEY)
    return Path(chosen).expanduser() if chosen else default_db_path()


def samples_dir() -> Path:
    return Path(os.environ.get(SAMPLES_ENV) or REPO / "sample_videos")


def max_upload_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))
