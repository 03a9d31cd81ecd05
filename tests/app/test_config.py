"""App settings: ICE servers for WebRTC, and the private streamlit-webrtc field the app relies on."""

from __future__ import annotations

import pytest
from streamlit_webrtc.component import WebRtcStreamerContext, WebRtcStreamerState

from posecoach.app import webrtc
from posecoach.app.config import ICE_ENV, ConfigError, ice_servers


def test_no_ice_servers_by_default_so_localhost_works_offline(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(ICE_ENV, raising=False)
    assert ice_servers() == []


def test_ice_servers_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    turn = {"urls": ["turn:turn.example.org:3478"], "username": "u", "credential": "p"}
    monkeypatch.setenv(ICE_ENV, '[{"urls": "stun:stun.example.org:3478"}, ' + str(turn).replace("'", '"') + "]")
    assert ice_servers() == [{"urls": "stun:stun.example.org:3478"}, turn]


@pytest.mark.parametrize("raw", ["not json", '[{"username": "no urls"}]', '"stun:x"'])
def test_bad_ice_servers_are_a_clear_error(monkeypatch: pytest.MonkeyPatch, raw: str):
    monkeypatch.setenv(ICE_ENV, raw)
    with pytest.raises(ConfigError, match=ICE_ENV):
        ice_servers()


def test_the_stale_context_field_still_exists():
    """The workaround in posecoach.app.webrtc clears this private field; a version bump must keep it."""
    context = WebRtcStreamerContext(worker=None, state=WebRtcStreamerState(playing=False, signalling=False))
    assert hasattr(context, webrtc._STALE_MARK)


def _camera_script() -> None:
    from unittest import mock

    import streamlit as st

    from posecoach.app import webrtc
    from posecoach.exercises import get_exercise
    from posecoach.live import LiveCoach
    from posecoach.live_models import ModelSwitcher

    calls: list[dict] = []
    with mock.patch.object(webrtc, "server_can_stream", lambda: True), \
            mock.patch.object(webrtc, "webrtc_streamer", lambda **kwargs: calls.append(kwargs)):
        webrtc.live_camera(LiveCoach(get_exercise("squat"), models=ModelSwitcher(lambda: None)))  # type: ignore[arg-type, return-value]
    st.session_state["streamer_kwargs"] = calls[0]


def test_the_camera_asks_for_no_ice_servers_on_localhost(monkeypatch: pytest.MonkeyPatch):
    """An empty list (not None) keeps streamlit-webrtc from adding a public STUN server."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv(ICE_ENV, raising=False)
    at = AppTest.from_function(_camera_script).run()
    assert not at.exception
    kwargs = at.session_state["streamer_kwargs"]
    assert kwargs["rtc_configuration"] == {"iceServers": []}
    assert kwargs["media_stream_constraints"]["audio"] is False
    assert kwargs["async_processing"] is True and kwargs["queued_video_frames_callback"] is not None


def test_the_camera_uses_the_configured_turn_server(monkeypatch: pytest.MonkeyPatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv(ICE_ENV, '[{"urls": ["turn:turn.example.org:3478"], "username": "u", "credential": "p"}]')
    at = AppTest.from_function(_camera_script).run()
    assert not at.exception
    [server] = at.session_state["streamer_kwargs"]["rtc_configuration"]["iceServers"]
    assert server["urls"] == ["turn:turn.example.org:3478"] and server["credential"] == "p"


def test_ice_servers_from_secrets_toml(tmp_path, monkeypatch: pytest.MonkeyPatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv(ICE_ENV, raising=False)
    at = AppTest.from_function(_camera_script)
    at.secrets["ice_servers"] = [{"urls": ["turn:turn.example.org:443?transport=tcp"], "username": "u", "credential": "p"}]
    at.run()
    assert not at.exception
    [server] = at.session_state["streamer_kwargs"]["rtc_configuration"]["iceServers"]
    assert server["urls"] == ["turn:turn.example.org:443?transport=tcp"]
