"""The retention package."""
