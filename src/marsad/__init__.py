"""marsad: conflict events from news reports, every figure traced to the source that claimed it."""

__version__ = "0.1.0"
