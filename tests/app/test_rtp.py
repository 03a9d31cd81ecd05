"""The live camera's jitter buffer: a video frame is released when its marked last packet arrives."""

from __future__ import annotations

import pytest
from aiortc import rtcrtpreceiver
from aiortc.jitterbuffer import JitterBuffer
from aiortc.rtp import RtpPacket

from posecoach.app.rtp import MarkerJitterBuffer, release_video_frames_on_marker


def packet(sequence: int, timestamp: int, data: bytes, marker: bool = False) -> RtpPacket:
    rtp = RtpPacket(sequence_number=sequence, timestamp=timestamp, marker=int(marker))
    rtp._data = data  # type: ignore[attr-defined]  # what aiortc's depayloader attaches
    return rtp


def frames_released(buffer: JitterBuffer, packets: list[RtpPacket]) -> list[tuple[int, int, bytes]]:
    """(index of the packet whose arrival released it, timestamp, data) for every frame released."""
    released = []
    for index, rtp in enumerate(packets):
        _, frame = buffer.add(rtp)
        if frame is not None:
            released.append((index, frame.timestamp, frame.data))
    return released


def two_frames(marker: bool = True) -> list[RtpPacket]:
    return [
        packet(100, 3000, b"a1"), packet(101, 3000, b"a2"), packet(102, 3000, b"a3", marker),
        packet(103, 6000, b"b1"), packet(104, 6000, b"b2", marker),
        packet(105, 9000, b"c1"),
    ]


def test_a_marked_frame_is_released_with_its_last_packet_not_the_next_frames_first():
    assert frames_released(JitterBuffer(capacity=128, is_video=True), two_frames()) == [
        (3, 3000, b"a1a2a3"), (5, 6000, b"b1b2"),  # aiortc alone: one packet (a frame interval) later
    ]
    assert frames_released(MarkerJitterBuffer(capacity=128, is_video=True), two_frames()) == [
        (2, 3000, b"a1a2a3"), (4, 6000, b"b1b2"),
    ]


def test_a_frame_with_a_missing_packet_waits_for_it():
    packets = two_frames()
    late = packets.pop(1)  # a2 arrives after the marked a3 (reordered)
    packets.insert(3, late)
    assert frames_released(MarkerJitterBuffer(capacity=128, is_video=True), packets) == [
        (3, 3000, b"a1a2a3"), (4, 6000, b"b1b2"),
    ]


def test_unmarked_frames_fall_back_to_aiortcs_rule():
    packets = two_frames(marker=False)
    assert frames_released(MarkerJitterBuffer(capacity=128, is_video=True), packets) == frames_released(
        JitterBuffer(capacity=128, is_video=True), two_frames(marker=False)
    )


def test_single_packet_frames_and_a_lost_frame():
    packets = [packet(1, 100, b"x", True), packet(2, 200, b"y", True), packet(4, 400, b"w", True)]  # 3 lost
    assert frames_released(MarkerJitterBuffer(capacity=128, is_video=True), packets) == [(0, 100, b"x"), (1, 200, b"y")]


def test_audio_keeps_aiortcs_buffer_behaviour():
    audio = [packet(10 + i, 160 * i, bytes([i]), marker=(i == 0)) for i in range(8)]
    stock = frames_released(JitterBuffer(capacity=16, prefetch=4), audio)
    assert frames_released(MarkerJitterBuffer(capacity=16, prefetch=4), audio) == stock


def test_installing_makes_new_video_receivers_use_it(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(rtcrtpreceiver, "JitterBuffer", JitterBuffer)

    class Transport:
        state = "new"

    release_video_frames_on_marker()
    receiver = rtcrtpreceiver.RTCRtpReceiver("video", Transport())
    assert type(receiver._RTCRtpReceiver__jitter_buffer) is MarkerJitterBuffer  # type: ignore[attr-defined]
