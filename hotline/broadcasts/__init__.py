"""The broadcasts package."""
