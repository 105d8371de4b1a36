"""Every history test runs against SQLite, and against PostgreSQL when PCXL_TEST_DATABASE_URL is
set (``.ci/run`` starts a server and sets it, so CI runs both)."""

import os

import pytest
import sqlalchemy as sa

from pcxl.history import store

POSTGRES = os.environ.get("PCXL_TEST_DATABASE_URL")


def _clean(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in ("pcxl_problems", "pcxl_records", "pcxl_returns", "pcxl_periods",
                      "pcxl_meta"):
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {table} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'history.sqlite'}"
        return
    if not POSTGRES:
        pytest.skip("PCXL_TEST_DATABASE_URL is not set")
    _clean(POSTGRES)
    yield POSTGRES
    _clean(POSTGRES)


@pytest.fixture
def engine(db_url):
    engine = store.open_store(db_url)
    yield engine
    engine.dispose()
