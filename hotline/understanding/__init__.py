"""The understanding package."""
