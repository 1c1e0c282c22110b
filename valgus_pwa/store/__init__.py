"""Persistence of assessments: SQLite by default, any SQLAlchemy URL via VALGUS_DATABASE_URL."""

from valgus_pwa.store.assessments import (
    AssessmentRecord,
    AssessmentStore,
    Created,
    DeleteOutcome,
    IdempotencyKeyReused,
    StoreUnavailable,
    Upload,
    database_url,
    get_store,
    link_lifetime,
)

__all__ = [
    "AssessmentRecord",
    "AssessmentStore",
    "Created",
    "DeleteOutcome",
    "IdempotencyKeyReused",
    "StoreUnavailable",
    "Upload",
    "database_url",
    "get_store",
    "link_lifetime",
]
