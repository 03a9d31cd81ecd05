"""posecoach's web app: ``streamlit run app.py`` (operator settings after ``--``: ``--db FILE``, ``--history shared``).

Three pages: live coaching with the webcam, checking a recorded video, and the training history.
Everything runs on this machine; see posecoach/app/ for the pages.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from posecoach.app import history_page, live_page, video_page
from posecoach.app.config import ConfigError, history_setting
from posecoach.app.state import prepare_temp_folders
from posecoach.app.webrtc import count_script_run

# A shipped image, not a ":material/...:" icon: Streamlit makes the browser fetch those favicons from Google's servers.
ICON = Path(__file__).resolve().parent / "posecoach" / "app" / "static" / "icon.png"

st.set_page_config(page_title="posecoach", page_icon=str(ICON), layout="wide")
count_script_run()
prepare_temp_folders()
try:
    history_setting()
except ConfigError as error:  # the operator's mistake: one line on every page, no traceback
    st.error(f"posecoach is not configured right: {error}")
    st.stop()
page = st.navigation(
    [
        st.Page(live_page.render, title="Live coach", icon=":material/videocam:", default=True),
        st.Page(video_page.render, title="Check a video", icon=":material/movie:", url_path="video"),
        st.Page(history_page.render, title="History", icon=":material/monitoring:", url_path="history"),
    ]
)
with st.sidebar:
    st.caption("Stop if it hurts. posecoach is a practice aid, not medical advice. Video is analysed on the server "
               "that runs posecoach and sent nowhere else.")
page.run()
