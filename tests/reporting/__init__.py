"""Tests of `reporting` (hotline.reporting)."""
