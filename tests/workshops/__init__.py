"""Tests of `workshops` (hotline.workshops)."""
