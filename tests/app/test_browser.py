"""End to end in a real (headless) Chromium: the fake camera plays a rendered squat clip in a loop.

Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from posecoach.history import History

from browser_support import CHROMIUM, REPO, chromium, start_camera, stop_camera, streamlit_server, video_frames, write_y4m

pytestmark = [pytest.mark.browser, pytest.mark.model]

ARTIFACTS = REPO / "test-artifacts"
CLIP = REPO / "sample_videos" / "squat_side_clean.mp4"


@pytest.fixture(scope="module")
def clip() -> tuple[Path, dict]:
    # The browser test is part of the suite: a missing browser or clip fails it rather than hiding it.
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium chromium-driver (.ci/run does)")
    truth_path = CLIP.with_name(CLIP.stem + ".truth.json")
    if not CLIP.is_file() or not truth_path.is_file():
        pytest.fail(f"{CLIP.name} and its truth file are missing from sample_videos/ (python -m tools.render build)")
    return CLIP, json.loads(truth_path.read_text())


# Records what the page asks the browser to say (the speaker component calls the top window's speechSynthesis).
SPEECH_TAP = """
if (window === window.top && window.speechSynthesis) {
  window.__spoken = [];
  const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (utterance) => { window.__spoken.push(utterance.text); try { speak(utterance); } catch (e) {} };
}
"""


def reps_shown(page) -> int:  # type: ignore[no-untyped-def]
    value = page.locator('[data-testid="pc-reps"]').first.get_attribute("data-value", timeout=5_000) or ""
    return int(value.split("/")[0])


def wait_until(condition, timeout_s: float, step_s: float = 0.25) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step_s)
    return False


def test_live_counts_the_clip_and_a_video_upload_shows_its_table(clip: tuple[Path, dict], tmp_path: Path):
    video, truth = clip
    expected = int(truth["expected"]["reps"])
    loop_s = float(truth["frames"]) / float(truth["fps"])
    y4m = write_y4m(video_frames(video), tmp_path / "camera.y4m", fps=int(truth["fps"]))
    ARTIFACTS.mkdir(exist_ok=True)
    env = {"POSECOACH_DB": str(tmp_path / "history.db")}
    with streamlit_server(ARTIFACTS / "browser-server.log", env=env) as url, chromium(y4m) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(SPEECH_TAP)
        page.goto(url)
        page.get_by_text("Live coach:").first.wait_for(timeout=90_000)  # a cold start on a busy machine
        page.get_by_label("Exercise").click()
        page.get_by_role("option", name="Squat", exact=True).click()  # "Chair squat" and others also contain it
        page.get_by_text("Live coach: Squat").wait_for(timeout=60_000)

        speech = page.get_by_role("switch", name="Speak cues aloud")
        assert not speech.is_checked()  # off by default
        page.get_by_text("Speak cues aloud").click()
        wait_until(speech.is_checked, 30)
        camera = start_camera(page, timeout_s=60)
        # Streaming has begun when the panel reports analysed frames.
        assert wait_until(lambda: page.get_by_text(re.compile(r"frames/s analysed")).count() > 0, 120), "no frames came back"
        started, first = time.monotonic(), reps_shown(page)
        time.sleep(max(0.0, loop_s - (time.monotonic() - started)))
        counted = reps_shown(page) - first
        page.screenshot(path=str(ARTIFACTS / "live-squat.png"))
        assert abs(counted - expected) <= 1, f"counted {counted} reps in one loop of the clip, expected {expected}"
        assert page.locator('[data-testid="pc-set"]').first.get_attribute("data-value") == "1 of 2"
        spoken = page.evaluate("window.__spoken || null")
        assert spoken is not None, "this Chromium has no speechSynthesis"
        assert f"rep {first + counted}" in spoken or f"rep {first + counted - 1}" in spoken, spoken
        # Still streaming: the stale-context reset (see posecoach/app/webrtc.py) would have stopped it.
        assert page.get_by_text(re.compile(r"frames/s analysed")).count() > 0
        # With the camera on, the how-to folds away to the target and the safety line, keeping the video in view.
        assert page.get_by_text("How to do it, and where to put the camera").count() == 0
        assert page.get_by_text(re.compile(r"Safety:")).count() > 0

        # Set controls: end the set early; its summary shows and the rest timer starts.
        page.get_by_role("button", name="Finish set").click()
        page.locator('[data-testid="pc-rest"]').first.wait_for(timeout=60_000)
        assert "set 2 next" in page.locator('[data-testid="pc-rest"]').first.inner_text()
        summary = page.locator('[data-testid="stMarkdownContainer"]', has_text=re.compile(r"Set 1 \(ended early\):")).first
        summary.wait_for(timeout=60_000)
        set_reps = int(re.search(r"(\d+) reps", summary.inner_text()).group(1))
        assert set_reps >= counted
        page.screenshot(path=str(ARTIFACTS / "live-squat-rest.png"))
        stop_camera(camera)

        # The set went to the history database as it happened.
        [saved] = History(env["POSECOACH_DB"]).sessions()
        assert (saved.source, saved.exercise, saved.set_number, saved.reps) == ("live", "squat", 1, set_reps)

        page.get_by_role("link", name="Check a video").click()
        page.get_by_text("Check a recorded video").wait_for(timeout=60_000)
        page.locator('input[type="file"]').set_input_files(str(video))
        page.get_by_role("button", name="Analyse this video").click(timeout=60_000)
        reps_value = page.locator('[data-testid="pc-video-reps"]').first
        reps_value.wait_for(timeout=600_000)  # 600 frames through the full model, maybe at a few fps
        assert abs(int(reps_value.get_attribute("data-value") or -1) - expected) <= 1
        table = page.locator('[data-testid="stDataFrame"]').first
        table.wait_for(timeout=60_000)
        # The grid draws on a canvas; its accessible copy (a <table> inside the canvas) carries the cells.
        counted_cells = table.locator('tbody td[aria-colindex="2"]')
        assert wait_until(lambda: counted_cells.count() > 0, 60), "the rep table has no rows"
        column = counted_cells.all_inner_texts()
        assert column.count("rep") == int(reps_value.get_attribute("data-value") or -1)
        assert column.count("attempt") == int(page.locator('[data-testid="pc-video-attempts"]').first.get_attribute("data-value") or -1)
        page.set_viewport_size({"width": 1400, "height": 2400})  # Streamlit scrolls inside the page: show it all
        table.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "video-report.png"))
        assert page.get_by_role("button", name="Report (.json)").count() == 1
        assert page.get_by_role("button", name="Reps (.csv)").count() == 1
        assert page.locator("video").count() >= 1  # the annotated video
