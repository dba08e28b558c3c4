"""Fixtures of the whole-site tests; the fixtures they share with the apps' tests (site
tree, demo accounts, a small programme) are in the root conftest.py."""

import pytest


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A French browser, as the communications staff use."""
    return {**browser_context_args, "locale": "fr-FR"}
