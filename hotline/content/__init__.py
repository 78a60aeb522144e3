"""The content package."""
