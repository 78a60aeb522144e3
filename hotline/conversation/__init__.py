"""The conversation package."""
