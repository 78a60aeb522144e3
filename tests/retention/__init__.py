"""Tests of `retention` (hotline.retention)."""
