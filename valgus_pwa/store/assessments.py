"""The assessments table: keypoints and report of each assessment, never video or images."""

from __future__ import annotations

import datetime as dt
import contextlib
import enum
import functools
import gzip
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from valgus_pwa.schemas import AssessmentIn, Report

DATABASE_URL_ENV = "VALGUS_DATABASE_URL"
DEFAULT_SQLITE_PATH = Path(__file__).resolve().parents[2] / "data" / "valgus.db"

_metadata = sa.MetaData()
assessments_table = sa.Table(
    "assessments",
    _metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("owner_key_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("subject", sa.JSON, nullable=True),
    sa.Column("report", sa.JSON, nullable=False),
    # Keypoints are bulky and read only for exports, so they are stored compressed.
    sa.Column("trials_gz", sa.LargeBinary, nullable=False),
)


class StoreUnavailable(RuntimeError):
    """The database cannot be reached; callers answer 503 and the client retries."""


class DeleteOutcome(enum.Enum):
    DELETED = "deleted"
    NOT_FOUND = "not_found"
    WRONG_KEY = "wrong_key"


@dataclass(frozen=True)
class AssessmentRecord:
    id: str
    created_at: dt.datetime
    subject: dict[str, Any] | None
    report: dict[str, Any]


def database_url() -> str:
    """The configured database URL, or a SQLite file under data/."""
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def new_assessment_id() -> str:
    """A URL-safe share token carrying 128 random bits."""
    return secrets.token_urlsafe(16)


def new_owner_key() -> str:
    return secrets.token_urlsafe(32)


def hash_owner_key(owner_key: str) -> str:
    # The key holds 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(owner_key.encode()).hexdigest()


def _create_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _enable_wal(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


class AssessmentStore:
    """Creates, reads and deletes assessments in one SQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine = _create_engine(url)
        self._schema_ready = False

    def _ensure_schema(self) -> None:
        if not self._schema_ready:
            _metadata.create_all(self._engine)
            self._schema_ready = True

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sa.Connection]:
        try:
            self._ensure_schema()
            with self._engine.begin() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise StoreUnavailable(str(error)) from error

    def create(self, assessment: AssessmentIn, report: Report) -> tuple[str, str]:
        """Store an assessment and its report; return (share id, owner key)."""
        assessment_id, owner_key = new_assessment_id(), new_owner_key()
        trials_json = json.dumps(
            [trial.model_dump(mode="json") for trial in assessment.trials], separators=(",", ":")
        )
        row = {
            "id": assessment_id,
            "owner_key_hash": hash_owner_key(owner_key),
            "created_at": dt.datetime.now(dt.timezone.utc),
            "subject": assessment.subject.model_dump(mode="json") if assessment.subject else None,
            "report": report.model_dump(mode="json"),
            "trials_gz": gzip.compress(trials_json.encode(), compresslevel=5, mtime=0),
        }
        with self._transaction() as connection:
            connection.execute(assessments_table.insert().values(**row))
        return assessment_id, owner_key

    def get(self, assessment_id: str) -> AssessmentRecord | None:
        columns = [assessments_table.c[name] for name in ("id", "created_at", "subject", "report")]
        with self._transaction() as connection:
            row = connection.execute(
                sa.select(*columns).where(assessments_table.c.id == assessment_id)
            ).first()
        if row is None:
            return None
        created_at = row.created_at
        if created_at.tzinfo is None:  # SQLite drops the zone; values are stored in UTC.
            created_at = created_at.replace(tzinfo=dt.timezone.utc)
        return AssessmentRecord(row.id, created_at, row.subject, row.report)

    def get_trials(self, assessment_id: str) -> list[dict[str, Any]] | None:
        """The stored keypoints of each trial, for exports."""
        with self._transaction() as connection:
            blob = connection.execute(
                sa.select(assessments_table.c.trials_gz).where(
                    assessments_table.c.id == assessment_id
                )
            ).scalar()
        return None if blob is None else json.loads(gzip.decompress(blob))

    def delete(self, assessment_id: str, owner_key: str) -> DeleteOutcome:
        with self._transaction() as connection:
            stored_hash = connection.execute(
                sa.select(assessments_table.c.owner_key_hash).where(
                    assessments_table.c.id == assessment_id
                )
            ).scalar()
            if stored_hash is None:
                return DeleteOutcome.NOT_FOUND
            if not hmac.compare_digest(stored_hash, hash_owner_key(owner_key)):
                return DeleteOutcome.WRONG_KEY
            connection.execute(
                assessments_table.delete().where(assessments_table.c.id == assessment_id)
            )
        return DeleteOutcome.DELETED

    def count(self) -> int:
        with self._transaction() as connection:
            return connection.execute(
                sa.select(sa.func.count()).select_from(assessments_table)
            ).scalar_one()


@functools.cache
def _store_for(url: str) -> AssessmentStore:
    return AssessmentStore(url)


def get_store() -> AssessmentStore:
    """The process-wide store for the configured database URL."""
    return _store_for(database_url())
