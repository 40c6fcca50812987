import os
import uuid
import warnings
from pathlib import Path

import pytest
import sanic  # noqa: F401
from sqlalchemy import create_engine, text

from bot.settings import REPO_ROOT, Settings
from bot.store import LeadStore, upgrade_schema

# Sanic (the web server under rasa-sdk) puts "show every DeprecationWarning once" in front of all
# warning filters when it is imported, which would override pyproject.toml's filterwarnings for
# everything imported after it (TensorFlow, Keras, pyparsing). Imported above, it is taken out here.
warnings.filters[:] = [f for f in warnings.filters if f[:3] != ("once", None, DeprecationWarning)]

POSTGRES_ADMIN_URL = os.environ.get(
    "SALESBOT_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'leads.db'}", playbook_dir=REPO_ROOT / "playbook", max_answer_chars=1000
    )


@pytest.fixture
def sqlite_store(settings: Settings) -> LeadStore:
    upgrade_schema(settings.database_url)
    store = LeadStore.from_url(settings.database_url)
    yield store
    store.engine.dispose()


@pytest.fixture
def postgresql_store():
    """A uniquely named PostgreSQL database, migrated, dropped afterwards. Required in CI;
    elsewhere skipped when no server answers."""
    admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    name = f"salesbot_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any connection failure means no server
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable: {error}")
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade_schema(url)
    store = LeadStore.from_url(url)
    yield store
    store.engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    return request.getfixturevalue(f"{request.param}_store")
