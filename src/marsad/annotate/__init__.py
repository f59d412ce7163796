"""Annotate: sentences and mentions recognised in cleaned text."""
