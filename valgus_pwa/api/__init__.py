"""HTTP API v1 (FastAPI), mounted into the Reflex app and runnable alone under uvicorn."""
