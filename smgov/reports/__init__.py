"""PDF forms and reports: plain functions from data to bytes (reportlab; never Qt)."""
