"""Tests of `content` (hotline.content)."""
