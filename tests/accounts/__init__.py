"""Tests of `accounts` (hotline.accounts)."""
