"""The app served to other machines, in a real Chromium, with the server's network calls traced.

One server for the module (``--server.address 0.0.0.0``, no login configured, so each browser session
has its own history), run under ``strace`` so that the last test can check it never looked up a name or
reached anything beyond loopback. Every test drives it the way a visitor (or an attacker) would.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import cv2
import numpy as np
import pytest

from browser_support import CHROMIUM, REPO, chromium, streamlit_server, write_y4m
from network_trace import non_loopback_calls, strace_prefix

pytestmark = [pytest.mark.browser, pytest.mark.model]

CLIP_FRAMES = 60  # two seconds of the rendered squat: enough for a real analysis, quick on two cores


@dataclass
class Deployment:
    url: str
    folder: Path
    tmpdir: Path
    db: Path
    trace: Path
    clip: Path
    requests: list[str] = field(default_factory=list)  # every URL any page asked for
    stop: Callable[[], None] = lambda: None


def short_clip(path: Path) -> Path:
    capture = cv2.VideoCapture(str(REPO / "sample_videos" / "squat_side_clean.mp4"))
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 30.0, (640, 480))
    for _ in range(CLIP_FRAMES):
        ok, image = capture.read()
        assert ok
        writer.write(image)
    writer.release()
    capture.release()
    return path


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium chromium-driver (.ci/run does)")
    folder = tmp_path_factory.mktemp("deployed")
    samples = folder / "samples"
    samples.mkdir()
    clip = short_clip(samples / "squat_demo.mp4")
    (samples / "squat_demo.truth.json").write_text(json.dumps({"exercise": "squat"}))
    tmpdir = folder / "tmp"
    (tmpdir / "posecoach-999999999").mkdir(parents=True)  # left by a server that died (no such process)
    (tmpdir / "posecoach-999999999" / "upload.mp4").write_bytes(b"x" * 1000)
    (tmpdir / "posecoach-video-abc123").mkdir()  # an earlier version's upload folder, untouched for two days
    os.utime(tmpdir / "posecoach-video-abc123", (time.time() - 2 * 86_400,) * 2)
    deployment = Deployment("", folder, tmpdir, folder / "owned" / "history.db", folder / "network.trace", clip)
    env = {"TMPDIR": str(tmpdir), "POSECOACH_DB": str(deployment.db), "POSECOACH_SAMPLES": str(samples)}
    wrapper = strace_prefix(deployment.trace)
    with ExitStack() as server:
        deployment.url = server.enter_context(
            streamlit_server(folder / "server.log", env=env, address="0.0.0.0", wrapper=wrapper, timeout_s=120)
        )
        deployment.stop = server.close
        yield deployment


@pytest.fixture(scope="module")
def browser(deployed: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    camera = write_y4m([np.zeros((480, 640, 3), np.uint8)], tmp_path_factory.mktemp("camera") / "still.y4m")
    with chromium(camera) as launched:
        yield launched


def visitor(browser: Any, deployed: Deployment) -> Any:
    """A new browser context: its own cookies and storage, its own Streamlit session."""
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    page = context.new_page()
    page.on("request", lambda request: deployed.requests.append(request.url))
    return page


def open_page(page: Any, deployed: Deployment, path: str, heading: str) -> None:
    page.goto(f"{deployed.url}/{path}")
    page.get_by_text(heading).first.wait_for(timeout=120_000)


def analyse_upload(page: Any, file: Path, name: str) -> None:
    page.locator('input[type="file"]').set_input_files({"name": name, "mimeType": "video/mp4", "buffer": file.read_bytes()})
    page.get_by_role("button", name="Analyse this video").click(timeout=60_000)


def files_in(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_a_crafted_database_upload_reads_and_creates_nothing_outside_the_owned_folders(deployed: Deployment, browser: Any):
    """The attack of issue 10: upload a crafted SQLite file whose row points at a server file, then use the History page."""
    crafted = deployed.folder / "crafted.db"
    with sqlite3.connect(crafted) as raw:
        raw.executescript(
            "CREATE TABLE sessions (id INTEGER PRIMARY KEY, source TEXT, exercise TEXT, started_at REAL, ended_at REAL,"
            " set_number INTEGER, label TEXT, video_path TEXT, owner TEXT DEFAULT '');"
            "INSERT INTO sessions VALUES (1, 'video', 'squat', 1.7e9, 1.7e9, NULL, 'x', '/etc/passwd', '');"
        )
    page = visitor(browser, deployed)
    open_page(page, deployed, "video", "Check a recorded video")
    analyse_upload(page, crafted, "crafted.mp4")
    error = page.locator('[data-testid="stAlertContentError"]').first
    error.wait_for(timeout=60_000)
    assert "crafted.mp4" in error.inner_text() and "upload" not in error.inner_text().replace("crafted", "")
    # Nothing of the upload stays on disk: only this session's own (empty) history may exist.
    assert all(name.split("/")[-1].startswith("history.db") for name in files_in(deployed.tmpdir))

    open_page(page, deployed, "history?db=/etc/passwd&video=/etc/passwd", "Your progress")
    page.get_by_text("Nothing here yet").wait_for(timeout=30_000)
    assert page.get_by_role("textbox").count() == 0  # no field takes a path
    assert page.locator("video").count() == 0
    assert "root:" not in page.content()
    assert not deployed.db.exists()  # per-session mode: the operator's file is not even created
    page.context.close()


def test_visitor_b_never_sees_visitor_a_and_downloads_name_the_users_file(deployed: Deployment, browser: Any):
    alice = visitor(browser, deployed)
    open_page(alice, deployed, "video", "Check a recorded video")
    websocket_frames: list[int] = []
    alice.on("websocket", lambda socket: socket.on("framesent", lambda _: websocket_frames.append(1)))
    analyse_upload(alice, deployed.clip, "alice squats.mp4")
    alice.locator('[data-testid="pc-video-reps"]').first.wait_for(timeout=300_000)
    assert alice.get_by_text(re.compile(r"Saved to your history")).count() == 1
    assert all(name.split("/")[-1].startswith("history.db") for name in files_in(deployed.tmpdir))  # no video left

    time.sleep(1.0)
    sent_before = len(websocket_frames)
    with alice.expect_download() as download:
        alice.get_by_role("button", name="Report (.json)").click()
    report = json.loads(Path(download.value.path()).read_text())
    assert report["video"] == "alice squats.mp4"  # never the server's copy or a temporary path
    time.sleep(1.0)
    assert len(websocket_frames) == sent_before, "the download asked the server to rerun the page"

    alice.get_by_role("link", name="History").click()  # within the app: the same session (a reload starts a new one)
    alice.get_by_text("this visit only", exact=False).first.wait_for(timeout=30_000)
    # The grid draws on a canvas; its accessible copy (a <table> inside it) carries the cells.
    alice.locator('[data-testid="stDataFrame"]').first.locator("tbody td", has_text="video: alice squats.mp4").first.wait_for(
        state="attached", timeout=30_000)

    bob = visitor(browser, deployed)
    open_page(bob, deployed, "history", "Your progress")
    bob.get_by_text("Nothing here yet").wait_for(timeout=30_000)
    assert "alice" not in bob.content()
    bob.context.close()
    alice.context.close()


def test_no_network_beyond_loopback_and_no_file_left_after_the_server_stops(deployed: Deployment):
    """Runs last: the server started, served pages and analysed a video (creating a pose landmarker) above."""
    assert any("/video" in url for url in deployed.requests), "the browser tests above did not run"
    hosts = {urlsplit(url).hostname for url in deployed.requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, f"the page fetched from {hosts - {'127.0.0.1'}}"
    deployed.stop()
    assert list(deployed.tmpdir.iterdir()) == []  # this server's folders removed at exit, a dead one's swept at start
    calls = non_loopback_calls(deployed.trace.read_text())
    assert calls == [], "\n".join(calls[:10])


