"""The callbacks package."""
