"""alcoach: an offline terminal reflection coach for Action Learning."""

__version__ = "0.1.0"
