"""Measurement: data in, numbers out (survey analysis, compliance of operational data)."""
