"""Live path speed, measured in a real browser: frames analysed per second, frames dropped, added delay.

    python benchmarks/bench_live.py [--clip sample_videos/squat_side_clean.mp4] [--seconds 20]

Chromium's fake camera plays the clip at 640x480 / 30 fps with each frame's number drawn into it
as a column of black/white blocks (11 bits + parity) at the left edge. An init script inside the
camera component reads the number of every camera frame as the page receives it (a
``MediaStreamTrackProcessor`` on a clone of the camera track) and of every annotated frame as the
page presents it (``requestVideoFrameCallback``), on the same clock. It copies only the strip of
blocks out of each frame (WebCodecs ``VideoFrame.copyTo`` with a rect: no colour conversion, no
canvas); an earlier canvas-based tap cost the server 3-4 frames/s of the CPU it was measuring. So,
per frame number:

- delay = when its annotated frame is shown on the page - when the camera frame reached the page;
- dropped = camera frames whose annotated version never showed;
- the longest gap between two annotated frames shown (a frozen overlay shows here);
- how long after the overlay showed a new count the panel's counter went up (the frames a rep is counted on
  come from one pass of the same checker over the clip), and whether the panel's "set so far" line ever
  showed another count than its counter;
- the browser's own stats of the video it received (freezes, lost packets, NACK/PLI, keyframes), from
  the peer connection inside the camera component.

The server's own view (frames analysed per second, share of camera frames skipped, ms per frame)
is read from the page's status line once a second through the measured window and averaged.
Targets: >= 25 processed fps, < 150 ms added delay, the panel within about 1 s of the overlay's count.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "app"))
from browser_support import chromium, start_camera, streamlit_server, video_frames, write_y4m  # noqa: E402

BITS = 12  # 11 bits of frame number + 1 parity bit
BLOCK_W, BLOCK_H, TOP = 24, 26, 70  # pixels at 640x480

TAP_SCRIPT = """
(() => {
  const BITS = %(bits)d, TOP = %(top)f, BH = %(bh)f, BW = %(bw)f;  // fractions of the frame
  window.__pc = {local: [], remote: []};
  const even = (v) => v & ~1;
  // Copy only the strip of blocks out of the frame's first plane (luma for YUV frames): no colour
  // conversion and no canvas, so the tap does not eat the CPU it measures.
  const readTag = async (frame) => {
    const box = frame.visibleRect, w = box.width, h = box.height;
    const sw = Math.max(2, even(Math.round(BW * w))), sy = even(Math.round(TOP * h)), sh = even(Math.round(BH * BITS * h));
    const rect = {x: box.x, y: box.y + sy, width: sw, height: sh};  // the left edge: frames are never mirrored (the page mirrors the element)
    const pixels = new Uint8Array(frame.allocationSize({rect}));
    const [plane] = await frame.copyTo(pixels, {rect});
    const rgb = /^(RGB|BGR)/.test(frame.format), step = rgb ? 4 : 1, x = even(Math.floor(sw / 2));
    let value = 0, ones = 0;
    for (let i = 0; i < BITS; i++) {
      const y = Math.min(sh - 1, Math.floor(BH * h * (i + 0.5)));
      const k = plane.offset + y * plane.stride + x * step;
      const level = rgb ? (pixels[k] + pixels[k + 1] + pixels[k + 2]) / 3 : pixels[k];
      const bit = level > 128 ? 1 : 0;
      ones += bit;
      if (i < BITS - 1) value = value * 2 + bit;
    }
    return ones %% 2 === 0 ? value : null;  // even parity
  };
  const record = async (getFrame, list, at) => {  // a frame that cannot be had or read is noted, not fatal
    let frame;
    try {
      frame = getFrame();
      const tag = await readTag(frame);
      if (tag !== null) list.push([tag, at]);
    } catch (error) {
      window.__pc.error = String(error);
    } finally {
      if (frame) frame.close();
    }
  };
  const watchShown = (video, list) => {  // annotated frames, when the page presents them
    const step = (now) => {
      video.requestVideoFrameCallback(step);
      record(() => new VideoFrame(video), list, performance.timeOrigin + now);
    };
    video.requestVideoFrameCallback(step);
  };
  const watchCaptured = async (track, list) => {  // camera frames, as the page receives them
    const reader = new MediaStreamTrackProcessor({track}).readable.getReader();
    for (;;) {
      const {value: frame, done} = await reader.read();
      if (done) return;
      await record(() => frame, list, performance.timeOrigin + performance.now());
    }
  };
  if (!navigator.mediaDevices) return;
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    watchCaptured(stream.getVideoTracks()[0].clone(), window.__pc.local);
    const seen = new Set();
    setInterval(() => {
      for (const video of document.querySelectorAll('video')) {
        if (video.srcObject && !seen.has(video)) { seen.add(video); watchShown(video, window.__pc.remote); }
      }
    }, 200);
    return stream;
  };
})();
"""


# The browser's own account of the annotated video it received (inside the camera component, which makes the
# peer connection): freezes, lost packets, retransmission and keyframe requests, keyframes decoded.
RTC_STATS_TAP = """
if (window !== window.top && window.RTCPeerConnection) {
  const Original = window.RTCPeerConnection;
  window.__connections = [];
  window.RTCPeerConnection = function (...args) {
    const connection = new Original(...args);
    window.__connections.push(connection);
    return connection;
  };
  window.RTCPeerConnection.prototype = Original.prototype;
  window.__videoStats = async () => {
    for (const connection of window.__connections) {
      const report = await connection.getStats();
      for (const stats of report.values()) {
        if (stats.type === "inbound-rtp" && stats.kind === "video") return stats;
      }
    }
    return null;
  };
}
"""
RTC_FIGURES = ("framesReceived", "framesDecoded", "framesDropped", "keyFramesDecoded", "freezeCount", "totalFreezesDuration",
               "pauseCount", "totalPausesDuration", "packetsLost", "nackCount", "pliCount", "firCount", "jitterBufferDelay",
               "jitterBufferEmittedCount")


# The panel's rep counter and its "set so far" line, as the page shows them: every change with its time (top window only).
PANEL_TAP = """
if (window === window.top) {
  window.__panel = [];
  let last = null;
  setInterval(() => {
    const read = (id) => { const node = document.querySelector(`[data-testid="${id}"]`); return node ? node.getAttribute('data-value') : null; };
    const value = read('pc-reps'), soFar = read('pc-so-far'), both = `${value}|${soFar}`;
    if (both !== last) { last = both; window.__panel.push([value, performance.timeOrigin + performance.now(), soFar]); }
  }, 20);
}
"""

#: The overlay shows a new count from the first annotated frame shown at or after the frame the rep is counted
#: on: the coach skips frames to stay live and the browser may drop some, so look this many frames on (0.5 s).
COUNT_FRAME_SLACK = 15


def count_frames(clip: Path, model: str) -> list[int]:
    """The clip frames each rep is counted on, in one pass of the same checker over every frame (lite for "auto",
    the model it ends on). Live, the overlay shows the new count on that frame (or a few frames later)."""
    from posecoach.report import analyze_video

    counted: list[int] = []
    variant = "lite" if model == "auto" else model
    analyze_video(clip, "squat", variant=variant,  # the exercise the page is set to below
                  on_frame=lambda result, frame: counted.extend(frame.index for event in result.events if event.rep and event.rep.counted))
    return counted


def overlay_count_times(remote: list[list[float]], counted_frames: list[int]) -> list[float]:
    """When the overlay showed a new count: the first annotated frame shown at or just after a counting frame,
    once per loop of the clip (the fake camera plays it over and over)."""
    times: list[float] = []
    for start in counted_frames:
        shown = sorted(t for tag, t in remote if start <= int(tag) <= start + COUNT_FRAME_SLACK)
        times += [t for previous, t in zip([-math.inf, *shown], shown) if t - previous > 1000]  # each showing's first
    return sorted(times)


def panel_lags(panel: list[list], overlay_counts: list[float], window: tuple[float, float], match_ms: float) -> tuple[list[float], int]:
    """For each rep the panel's counter went up by within the window: how long after the overlay showed the new
    count (negative: the panel was first). Paired with the nearest overlay count within ``match_ms`` (half the
    time between reps); the second value is how many went up with no overlay count that near."""
    lags, unmatched, previous = [], 0, None
    for value, at, *_ in panel:
        count = int(str(value).split("/")[0]) if value else None
        if previous is not None and count is not None and count > previous and window[0] <= at <= window[1]:
            near = [at - t for t in overlay_counts if abs(at - t) <= match_ms]
            if near:
                lags.append(min(near, key=abs))
            else:
                unmatched += 1
        previous = count if count is not None else previous
    return lags, unmatched


def panel_disagreements(panel: list[list]) -> list[float]:
    """How long (ms) each time lasted that the "set so far" line showed another count than the counter. From one
    snapshot they differ only while the page applies one update (a few ms); from two fragments, up to a refresh."""
    lasted = []
    for (value, at, so_far), (_, until, _) in zip(panel, panel[1:]):
        if value and so_far and int(str(value).split("/")[0]) != int(so_far):
            lasted.append(until - at)
    return lasted


def tag_frame(image: np.ndarray, number: int) -> np.ndarray:
    image = cv2.resize(image, (640, 480), interpolation=cv2.INTER_AREA)
    bits = [(number >> (BITS - 2 - i)) & 1 for i in range(BITS - 1)]
    bits.append(sum(bits) % 2)  # even parity over all 12
    for i, bit in enumerate(bits):
        y = TOP + i * BLOCK_H
        cv2.rectangle(image, (0, y), (BLOCK_W - 1, y + BLOCK_H - 1), (255, 255, 255) if bit else (0, 0, 0), -1)
    return image


def analyse(local: list[list[float]], remote: list[list[float]], window: tuple[float, float]) -> dict[str, float]:
    start, end = window
    local_in = [(int(tag), t) for tag, t in local if start <= t <= end]
    remote_in = [(int(tag), t) for tag, t in remote if start <= t <= end]
    captured = {tag for tag, _ in local_in}
    first_shown: dict[int, float] = {}
    for tag, t in remote_in:
        first_shown.setdefault(tag, t)
    delays = []
    for tag, shown in first_shown.items():
        seen_locally = [t for local_tag, t in local if local_tag == tag and t <= shown]
        if seen_locally and shown - seen_locally[-1] < 2000:
            delays.append(shown - seen_locally[-1])
    span_s = (end - start) / 1000
    delivered = len(set(first_shown) & captured)
    shown_times = [start, *sorted(first_shown.values()), end]  # an overlay frozen up to the window's end counts too
    gaps = [later - earlier for earlier, later in zip(shown_times, shown_times[1:])]
    return {
        "camera_fps": len(captured) / span_s,
        "annotated_fps": len(first_shown) / span_s,
        "dropped_share": 1 - delivered / len(captured) if captured else float("nan"),
        "delay_median_ms": statistics.median(delays) if delays else float("nan"),
        "delay_p90_ms": statistics.quantiles(delays, n=10)[-1] if len(delays) >= 10 else float("nan"),
        "delay_samples": len(delays),
        "longest_gap_ms": max(gaps) if gaps else float("nan"),  # the longest the overlay stood still (a freeze)
        "gaps_over_500ms": sum(gap > 500 for gap in gaps),
    }


def server_figures(statuses: list[str]) -> dict[str, float]:
    """Means of the page's status lines ("23 frames/s analysed · 12% skipped to stay live · 38 ms per frame")."""
    pattern = re.compile(r"(\d+) frames/s analysed · (\d+)% skipped to stay live · (\d+) ms per frame")
    rows = [tuple(float(x) for x in match.groups()) for line in statuses if (match := pattern.search(line))]
    if not rows:
        return {"fps": float("nan"), "skipped": float("nan"), "ms": float("nan")}
    return {"fps": statistics.mean(r[0] for r in rows), "skipped": statistics.mean(r[1] for r in rows) / 100,
            "ms": statistics.mean(r[2] for r in rows)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clip", type=Path, default=REPO / "sample_videos" / "squat_side_clean.mp4")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--model", choices=["auto", "full", "lite"], default="auto")
    parser.add_argument("--screenshot", type=Path, default=REPO / "test-artifacts" / "bench-live.png",
                        help="where to save a screenshot of the live page taken at the end of the run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        folder = Path(tmp)
        frames = (tag_frame(image, index) for index, image in enumerate(video_frames(args.clip)))
        y4m = write_y4m(frames, folder / "camera.y4m")
        env = {"POSECOACH_DB": str(folder / "history.db")}
        with streamlit_server(folder / "server.log", env=env) as url, chromium(y4m) as browser:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.context.add_init_script(TAP_SCRIPT % {"bits": BITS, "top": TOP / 480, "bh": BLOCK_H / 480, "bw": BLOCK_W / 640})
            page.context.add_init_script(PANEL_TAP)
            page.context.add_init_script(RTC_STATS_TAP)
            page.goto(url)
            page.get_by_label("Exercise").click()
            page.get_by_role("option", name="Squat", exact=True).click()
            page.get_by_text("Live coach: Squat").wait_for(timeout=15_000)
            page.get_by_text(args.model, exact=True).click()
            camera = start_camera(page)
            page.get_by_text(re.compile("frames/s analysed")).first.wait_for(timeout=30_000)
            time.sleep(args.warmup)
            started = camera.evaluate("performance.timeOrigin + performance.now()")
            statuses = []
            deadline = time.monotonic() + args.seconds
            while time.monotonic() < deadline:
                time.sleep(1.0)
                statuses.append(page.get_by_text(re.compile("frames/s analysed")).first.inner_text())
            ended = camera.evaluate("performance.timeOrigin + performance.now()")
            notes = page.get_by_text(re.compile("Switched to the faster pose model"))
            note = notes.first.inner_text() if notes.count() else ""
            local, remote, tap_error, videos = camera.evaluate(
                "[window.__pc.local, window.__pc.remote, window.__pc.error || '',"
                " [...document.querySelectorAll('video')].map(v => `${v.readyState}/${v.paused ? 'paused' : 'playing'}/${v.currentTime.toFixed(1)}s`)]"
            )
            panel = page.evaluate("window.__panel || []")
            video_stats = camera.evaluate("window.__videoStats ? window.__videoStats() : null") or {}
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.screenshot))
            result = analyse(local, remote, (started, ended))

    counted = count_frames(args.clip, args.model)
    rep_spacing_ms = min((b - a for a, b in zip(counted, counted[1:])), default=90) / 30 * 1000
    lags, unmatched = panel_lags(panel, overlay_count_times(remote, counted), (started, ended), rep_spacing_ms / 2)
    print(f"model: {args.model}; clip: {args.clip.name} at 640x480 / 30 fps, {args.seconds:.0f} s measured after {args.warmup:.0f} s warm-up")
    server = server_figures(statuses)
    print(f"server, mean of {len(statuses)} status lines: {server['fps']:.1f} frames/s analysed   (target >= 25), "
          f"{100 * server['skipped']:.0f}% of camera frames skipped, {server['ms']:.0f} ms per frame")
    print(f"pose model: {args.model}" + (f" -> {note}" if note else ""))
    print(f"screenshot: {args.screenshot}")
    if tap_error:
        print(f"frame-number tap error: {tap_error}")
    print(f"video elements on the page (readyState/playing/time): {', '.join(videos)}")
    print(f"camera frames read locally: {result['camera_fps']:.1f} /s")
    print(f"annotated frames shown:     {result['annotated_fps']:.1f} /s   (target >= 25)")
    print(f"camera frames never shown:  {100 * result['dropped_share']:.0f} %")
    if lags or unmatched:
        spread = f"median {statistics.median(lags):.0f} ms, max {max(lags):.0f} ms" if lags else "no rep matched"
        print(f"panel counter after the overlay's count: {spread} over {len(lags)} reps ({', '.join(f'{lag:.0f}' for lag in lags)}); "
              f"{unmatched} rep(s) with no overlay count within {rep_spacing_ms / 2000:.1f} s   (target: within about 1 s)")
    disagreements = panel_disagreements(panel)
    print(f"panel's 'so far' line and its counter disagreed {len(disagreements)} times, for at most "
          f"{max(disagreements, default=0):.0f} ms ({', '.join(f'{ms:.0f}' for ms in disagreements)})")
    if video_stats:
        figures = {name: video_stats[name] for name in RTC_FIGURES if name in video_stats}
        if "jitterBufferDelay" in figures and figures.get("jitterBufferEmittedCount"):
            figures["jitterBufferDelay"] = f"{1000 * figures['jitterBufferDelay'] / figures.pop('jitterBufferEmittedCount'):.0f} ms mean"
        print("browser's received-video stats (whole stream): " + ", ".join(f"{name} {value}" for name, value in figures.items()))
    print(f"longest gap between annotated frames: {result['longest_gap_ms']:.0f} ms; gaps over 500 ms: {result['gaps_over_500ms']}")
    print(
        f"delay, camera frame -> annotated frame on the page: median {result['delay_median_ms']:.0f} ms, "
        f"p90 {result['delay_p90_ms']:.0f} ms over {result['delay_samples']} frames   (target < 150 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
