"""Shared fixtures of the review tests (load with pytest_plugins = ["tests.review_fixtures"])."""
