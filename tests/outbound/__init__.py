"""Tests of `outbound` (hotline.outbound)."""
