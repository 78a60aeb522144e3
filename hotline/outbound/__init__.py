"""The outbound package."""
