"""smgov: social media governance for UK schools."""

__version__ = "0.1.0"
APP_NAME = "smgov"
