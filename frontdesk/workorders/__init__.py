"""Engineering work orders (工程出單) and internal coordination slips (內部協調單)."""
