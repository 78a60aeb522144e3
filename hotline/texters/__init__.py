"""The texters package."""
