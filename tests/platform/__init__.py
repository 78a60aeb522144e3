"""Tests of `platform` (hotline.platform)."""
