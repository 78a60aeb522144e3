"""Tests of `callbacks` (hotline.callbacks)."""
