"""Container healthcheck for beat: exit 0 when beat's loop touched its heartbeat file within the last minute.

The file is written by procuracy.beat.HeartbeatScheduler at every tick (every few seconds) under the
application's state directory, which the beat container mounts.
"""

import os
import sys
import time
from pathlib import Path

MAX_AGE_SECONDS = 60


def main() -> int:
    var_dir = Path(os.environ.get("PROCURACY_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    heartbeat = var_dir / "beat-heartbeat"
    try:
        age = time.time() - heartbeat.stat().st_mtime
    except OSError:
        print(f"beat: no heartbeat at {heartbeat}", file=sys.stderr)
        return 1
    if age > MAX_AGE_SECONDS:
        print(f"beat: last tick {age:.0f} s ago", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
