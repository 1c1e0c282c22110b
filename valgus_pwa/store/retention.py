"""Retention job: delete every assessment whose link has expired.

Run `python -m valgus_pwa.store.retention` periodically (docs/OPERATIONS.md shows a cron line
and a systemd timer). Expired links already answer 404 before the job runs; the job removes
the data itself. It prints one JSON line, for the logs.
"""

from __future__ import annotations

import json
import sys

from valgus_pwa.store import StoreUnavailable, get_store


def main() -> int:
    try:
        deleted = get_store().delete_expired()
    except StoreUnavailable as error:
        print(
            json.dumps({"event": "retention_failed", "error": str(error).splitlines()[0]}),
            file=sys.stderr,
        )
        return 1
    print(json.dumps({"event": "retention_done", "deleted": deleted}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
