"""Tests of `console` (hotline.console)."""
