"""Kept for imports written before `hotline.understanding.normalize`, where this now lives."""

from hotline.understanding.normalize import normalize, words

__all__ = ["normalize", "words"]
