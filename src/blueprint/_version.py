"""The version of Blueprint, in a module of its own: any floor reads it without the package's public names."""

__version__ = "0.1.0"
