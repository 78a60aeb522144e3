"""The workshops package."""
