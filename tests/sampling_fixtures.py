"""Shared fixtures of the sampling tests (load with pytest_plugins = ["tests.sampling_fixtures"])."""
