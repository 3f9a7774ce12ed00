"""Register the `settings` marker that tests/conftest.py's app fixture reads (pyproject's strict markers lack it)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "settings(**config): override the app's configuration for one test")
