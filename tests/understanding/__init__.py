"""Tests of `understanding` (hotline.understanding)."""
