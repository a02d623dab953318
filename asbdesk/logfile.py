"""asbdesk's application log file: private to the user, and never personal data."""

from __future__ import annotations


def _private_log_classes():
    """The log file's handler and formatter (made on first use: logging is imported lazily)."""
    import logging
    import traceback
    from logging.handlers import RotatingFileHandler

    from asbdesk import paths

    class PrivateRotatingFileHandler(RotatingFileHandler):
        """The log file and each one it rotates into are made 0600 (readable by this user only)."""

        def _open(self):
            return paths.open_private(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors)

    class PrivateFormatter(logging.Formatter):
        """Tracebacks keep their frames but not their exceptions' messages: a driver's or a
        validation message can quote the values it was given (names, numbers, answers)."""

        def formatException(self, ei) -> str:  # noqa: N802 - logging's name
            error, parts, seen = ei[1], [], set()
            while error is not None and id(error) not in seen:
                seen.add(id(error))
                frames = "".join(traceback.format_tb(error.__traceback__))
                parts.append(f"{frames}{type(error).__module__}.{type(error).__qualname__} (message not logged)")
                error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
            return "Traceback (most recent call last):\n" + "\n(while handling or caused by the above)\n".join(
                reversed(parts)
            )

    return PrivateRotatingFileHandler, PrivateFormatter


def configure_logging() -> None:
    """Application log file in the log folder. Log lines carry references, counts and
    error kinds, never personal data (names, numbers, addresses, answers); tracebacks are
    logged without their exceptions' messages. The file is private to the user (0600,
    in a folder made 0700)."""
    import logging
    from logging.handlers import RotatingFileHandler

    from asbdesk import paths

    root = logging.getLogger("asbdesk")
    target = str(paths.log_dir() / "asbdesk.log")
    for old in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        if old.baseFilename == target:
            return
        root.removeHandler(old)  # the log folder moved (ASBDESK_HOME changed)
        old.close()
    handler_class, formatter_class = _private_log_classes()
    handler = handler_class(target, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(formatter_class("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
