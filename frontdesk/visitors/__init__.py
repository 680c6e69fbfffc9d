"""Visitors (接待來訪): registration, notification, the on-site list, the watch list and retention."""
