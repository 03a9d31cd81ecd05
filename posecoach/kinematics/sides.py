"""The person's anatomical sides."""

from __future__ import annotations

from enum import Enum


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> "Side":
        return Side.RIGHT if self is Side.LEFT else Side.LEFT
