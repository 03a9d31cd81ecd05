"""The webcam component (streamlit-webrtc) wired to a ``LiveCoach``.

Two adjustments to the libraries underneath, both pinned in pyproject.toml. Camera frames reach the
coach one frame interval sooner through ``rtp.MarkerJitterBuffer`` (see that module). And a workaround:
streamlit-webrtc 0.79 resets a streamer whose context "was not rendered" for a
script run, detected from Streamlit's session ``script_run_count``. Streamlit 1.67 increments that
counter only when the "script finished" message is flushed to the browser, which can happen after
the next run has started: the counter then seems to skip a run and the check resets a live stream
right after it connects ("Context ... was not rendered ... resetting stale state", 3 of 6 trials).
The app renders the streamer on every run of the live page, so before each call we clear the
context's record of its last rendered run *when our own run counter says the previous run rendered
it*. A real orphan (the user was on another page) keeps the upstream reset. The attribute is private:
the versions are pinned together in pyproject.toml and the browser test covers it. The reset path is
upstream's (whitphx/streamlit-webrtc#2529, #2540); 0.79.0 is the newest release on PyPI (2026-11-23), so
there is no release to move to yet: drop this once one reads the run counter Streamlit actually rendered.
"""

from __future__ import annotations

import logging
from typing import Any

import av
import streamlit as st
import streamlit.components.v1 as components
from streamlit.runtime import Runtime
from streamlit_webrtc import WebRtcMode, WebRtcStreamerContext, webrtc_streamer

from posecoach.app.config import ice_servers
from posecoach.app.rtp import release_video_frames_on_marker
from posecoach.live import LiveCoach

LOGGER = logging.getLogger(__name__)
STREAMER_KEY = "live_camera"
_RUN_COUNTER = "webrtc_script_runs"  # session_state: our own count of full script runs
_RENDERED_AT = "webrtc_rendered_at_run"  # session_state: the run in which the streamer was last rendered
_STALE_MARK = "_last_rendered_run_count"  # streamlit-webrtc's private field (0.79.0)

CAMERA_CONSTRAINTS: dict[str, Any] = {
    "video": {"width": {"ideal": 640}, "height": {"ideal": 480}, "frameRate": {"ideal": 30}},
    "audio": False,
}


def count_script_run() -> None:
    """Call once at the top of every full script run (app.py does)."""
    st.session_state[_RUN_COUNTER] = st.session_state.get(_RUN_COUNTER, 0) + 1


def _forget_stale_mark(key: str) -> None:
    runs = st.session_state.get(_RUN_COUNTER, 0)
    rendered_previous_run = st.session_state.get(_RENDERED_AT) == runs - 1
    context = st.session_state.get(key)
    if rendered_previous_run and context is not None and hasattr(context, _STALE_MARK):
        setattr(context, _STALE_MARK, None)
    st.session_state[_RENDERED_AT] = runs


def server_can_stream() -> bool:
    """False under Streamlit's AppTest, whose stand-in runtime cannot host a WebRTC peer."""
    try:
        return type(Runtime.instance()) is Runtime
    except RuntimeError:
        return False


def live_camera(coach: LiveCoach, key: str = STREAMER_KEY) -> WebRtcStreamerContext | None:
    """The camera widget: frames go through ``coach`` (newest only) and come back annotated."""
    if not server_can_stream():
        st.caption("(The camera needs the Streamlit server: run `streamlit run app.py`.)")
        return None

    async def on_frames(frames: list[av.VideoFrame]) -> list[av.VideoFrame]:
        return coach.process_latest(frames)

    _forget_stale_mark(key)
    release_video_frames_on_marker()
    return webrtc_streamer(
        key=key,
        mode=WebRtcMode.SENDRECV,
        rtc_configuration={"iceServers": ice_servers()},
        media_stream_constraints=CAMERA_CONSTRAINTS,
        queued_video_frames_callback=on_frames,
        on_video_ended=coach.stream_ended,
        async_processing=True,
        video_html_attrs={"style": video_style(coach.mirror), "autoPlay": True, "muted": True, "controls": False},
        translations={"start": "Start camera", "stop": "Stop camera", "select_device": "Choose camera"},
    )


def video_style(mirror: bool) -> dict[str, str]:
    """The page mirrors the video element itself (the coach sends frames unmirrored, text drawn to read
    right in the mirror): every frame shows mirrored from the first, even the raw camera frames the
    browser shows before the first analysed one, and nothing flips when the coach changes state."""
    return {"width": "100%", "transform": "scaleX(-1)"} if mirror else {"width": "100%"}


#: The picture on the page has not changed for this long while the camera runs: the page says the video
#: has stalled (the panel may still be counting: the frames reach the coach but not the screen).
VIDEO_STALL_S = 3.0

_STALL_WATCH = """<script>
(() => {
  let doc;
  try { doc = window.parent.document; } catch (error) { return; }  // same origin: the app's own page
  const note = doc.createElement("div");
  note.dataset.testid = "pc-video-stalled";
  note.style.cssText = "display:none;padding:.5rem .8rem;margin:.3rem 0;border-radius:.5rem;background:#ffe1e1;color:#7a0010;font-weight:600";
  window.addEventListener("unload", () => note.remove());
  let watched = null, lastFrame = 0;
  setInterval(() => {
    const frame = doc.querySelector('iframe[title*="streamlit_webrtc"]');
    const video = frame && frame.contentDocument && frame.contentDocument.querySelector("video");
    if (video && video !== watched) {
      watched = video;
      const step = () => { lastFrame = performance.now(); video.requestVideoFrameCallback(step); };
      video.requestVideoFrameCallback(step);
    }
    const live = video && video.srcObject && video.srcObject.getVideoTracks().some((track) => track.readyState === "live");
    if (!live) lastFrame = performance.now();  // stopped is not stalled
    const stalledFor = (performance.now() - lastFrame) / 1000;
    if (frame && !note.isConnected) frame.parentElement.insertBefore(note, frame);
    note.style.display = stalledFor > %(stall_s)f ? "block" : "none";
    note.textContent = `The video has stalled: the picture has not changed for ${Math.round(stalledFor)} s. ` +
      "If it does not come back, press Stop camera and Start camera again.";
  }, 500);
})();
</script>"""


def video_stall_watch() -> None:
    """A watchdog in the page: says so when the video on screen stops changing while the camera runs
    (the server's own watchdog, in ``LiveCoach.snapshot``, notices camera frames that stop arriving)."""
    components.html(_STALL_WATCH % {"stall_s": VIDEO_STALL_S}, height=0)


def is_playing(context: WebRtcStreamerContext | None) -> bool:
    return bool(context is not None and context.state.playing)

