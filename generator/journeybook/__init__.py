"""journeybook: one checked source of truth for what every department tells a customer."""

__version__ = "0.1.0"
