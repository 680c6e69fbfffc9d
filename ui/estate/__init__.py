"""The estate's pages: residents and units, the unit's account, the registry dialogs, the workbook import."""
