"""Tests of `conversation` (hotline.conversation)."""
