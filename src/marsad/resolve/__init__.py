"""Resolve: geocoding, normalisation of actors and sources, dates against publication."""
