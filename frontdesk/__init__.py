"""frontdesk: the Qt-free core of the property-management front-desk suite."""

__version__ = "0.1.0"
