"""Test helpers: fakes and fixtures shared by the suites."""
