"""Tests of `cli` (hotline.cli)."""
