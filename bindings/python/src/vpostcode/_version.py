"""The binding's version; it follows the C library's (the VERSION file)."""

VERSION = "0.1.0"
