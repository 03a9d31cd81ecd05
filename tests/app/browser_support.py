"""Driving the real app in headless Chromium: a Streamlit server, a fake camera fed from a .y4m file.

Used by the browser test and by benchmarks/bench_live.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CAMERA_SIZE = (640, 480)


def write_y4m(frames: Iterable[np.ndarray], path: Path, fps: int = 30, size: tuple[int, int] = CAMERA_SIZE) -> Path:
    """Chromium's fake camera plays this file in a loop (raw I420 frames behind a small header)."""
    width, height = size
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for image in frames:
            if image.shape[1] != width or image.shape[0] != height:
                image = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
            out.write(b"FRAME\n")
            out.write(cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420).tobytes())
    return path


def video_frames(path: Path) -> Iterator[np.ndarray]:
    capture = cv2.VideoCapture(str(path))
    try:
        while True:
            ok, image = capture.read()
            if not ok:
                return
            yield image
    finally:
        capture.release()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(
    log_path: Path, env: dict[str, str] | None = None, timeout_s: float = 60.0, *,
    address: str = "127.0.0.1", wrapper: list[str] | None = None,
) -> Iterator[str]:
    """``streamlit run app.py`` on a free port; yields the base URL once /_stcore/health answers.

    ``wrapper`` runs the server under another program (e.g. strace); at the end the server itself is stopped.
    """
    port = free_port()
    command = [
        *(wrapper or []), sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
        "--server.port", str(port), "--server.address", address, "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    log = open(log_path, "wb")
    process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}: see {log_path}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not become healthy in {timeout_s:.0f} s: see {log_path}")
            time.sleep(0.25)
        yield url
    finally:
        children = _children(process.pid) if wrapper else []
        for pid in children:  # the wrapper ends when the server has
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if not children:
            process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def chromium_args(y4m: Path) -> list[str]:
    return [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={y4m}",
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required",
    ]


@contextmanager
def chromium(y4m: Path) -> Iterator[Any]:
    """A headless Chromium (Debian's) whose camera is ``y4m``; yields a Playwright browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=chromium_args(y4m))
        try:
            yield browser
        finally:
            browser.close()


def webrtc_frame(page: Any, timeout_s: float = 30.0) -> Any:
    """The streamlit-webrtc component's iframe (as a Playwright Frame)."""
    iframe = page.locator('iframe[title*="streamlit_webrtc"]').first
    iframe.wait_for(state="attached", timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        frame = iframe.element_handle().content_frame()
        if frame is not None:
            return frame
        time.sleep(0.2)
    raise AssertionError("the camera component did not appear")


def start_camera(page: Any, timeout_s: float = 30.0) -> Any:
    """Clicks the component's START button (``desired_playing_state`` never connects headless)."""
    frame = webrtc_frame(page, timeout_s)
    frame.get_by_role("button", name="Start camera").click(timeout=timeout_s * 1000)
    return frame


def stop_camera(frame: Any) -> None:
    frame.get_by_role("button", name="Stop camera").click(timeout=10_000)
