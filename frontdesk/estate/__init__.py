"""The estate registry: estates, buildings, units, residents and their accounts."""
