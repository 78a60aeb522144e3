"""Tests of `web` (hotline.web)."""
