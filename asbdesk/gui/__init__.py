"""gui layer (built in a later issue)."""
