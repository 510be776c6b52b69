"""Fixtures and builders shared by the test suite."""
