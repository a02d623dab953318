"""storage layer (built in a later issue)."""
