"""Tests of `text` (hotline.text)."""
