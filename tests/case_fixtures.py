"""Shared fixtures of the case tests (load with pytest_plugins = ["tests.case_fixtures"])."""
