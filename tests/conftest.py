from tests.checkpointer_fixtures import saver, saver_url  # noqa: F401
