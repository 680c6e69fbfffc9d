"""Complaints (投訴): valid and communicative, each along its procedure, closed by a callback."""
