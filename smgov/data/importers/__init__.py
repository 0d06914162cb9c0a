"""Importers for files other programs export (MIS staff lists, password managers). Each previews, then imports."""
