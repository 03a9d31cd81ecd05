"""One frame less of delay on the live camera: hand a received video frame to the decoder as soon as it is complete.

aiortc 1.16's jitter buffer knows a video frame is complete only when the first packet of the *next*
frame arrives (a new RTP timestamp), so every camera frame waits one frame interval (33 ms at 30 fps)
before it is decoded. The sender marks the last packet of each frame with the RTP marker bit (RFC 7741
for VP8, RFC 6184 for H.264), so a frame whose packets are all present up to a marked one is complete.
``MarkerJitterBuffer`` releases such a frame at once and otherwise keeps aiortc's own rule, so a lost
or reordered packet is handled exactly as before. Audio is untouched.

``release_video_frames_on_marker()`` makes aiortc's receivers use it; the streamlit-webrtc page calls
it. aiortc is pinned in pyproject.toml because this relies on ``JitterBuffer._remove_frame``.
"""

from __future__ import annotations

from aiortc import rtcrtpreceiver
from aiortc.jitterbuffer import JitterBuffer, JitterFrame


class MarkerJitterBuffer(JitterBuffer):
    def _remove_frame(self, sequence_number: int) -> JitterFrame | None:
        frame = self._complete_marked_frame() if self._is_video else None
        return frame if frame is not None else super()._remove_frame(sequence_number)

    def _complete_marked_frame(self) -> JitterFrame | None:
        """The oldest frame if its packets are all here up to one with the marker bit, else None."""
        if self._origin is None:
            return None
        timestamp = None
        data: list[bytes] = []
        for count in range(self.capacity):
            packet = self._packets[(self._origin + count) % self.capacity]
            if packet is None or (timestamp is not None and packet.timestamp != timestamp):
                return None  # a gap, or the frame ended unmarked: aiortc's rule decides
            timestamp = packet.timestamp
            data.append(packet._data)  # type: ignore[attr-defined]  # the depayloaded bytes aiortc attaches
            if packet.marker:
                self.remove(count + 1)
                return JitterFrame(data=b"".join(data), timestamp=timestamp)
        return None


def release_video_frames_on_marker() -> None:
    """Makes every aiortc receiver created from now on use ``MarkerJitterBuffer`` (idempotent)."""
    rtcrtpreceiver.JitterBuffer = MarkerJitterBuffer  # type: ignore[misc]
