"""Shared fixtures of the inquiry tests (load with pytest_plugins = ["tests.inquiry_fixtures"])."""
