"""Persistence of assessments: SQLite by default, any SQLAlchemy URL via VALGUS_DATABASE_URL."""

from valgus_pwa.store.assessments import (
    AssessmentRecord,
    AssessmentStore,
    DeleteOutcome,
    StoreUnavailable,
    database_url,
    get_store,
)

__all__ = ["AssessmentRecord", "AssessmentStore", "DeleteOutcome", "StoreUnavailable", "database_url", "get_store"]
