"""Tests of `broadcasts` (hotline.broadcasts)."""
