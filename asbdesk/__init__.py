"""asbdesk: a desk for the people who take reports of anti-social behaviour."""

__version__ = "0.1.0"
