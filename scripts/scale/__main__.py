"""make scale: the shape of scripts/scale/shape.py started on this machine; Ctrl-C stops it.

.venv/bin/python -m scripts.scale --model MODEL [--port 8000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.settings import REPO_ROOT
from scripts.processes import Interrupted, on_sigterm, port_is_free, tail
from scripts.scale.shape import DEFAULT_DATABASE, DEFAULT_REDIS, Shape


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--port", type=int, default=int(os.environ.get("SALESBOT_SCALE_PORT", "8000")))
    args = parser.parse_args()
    shape = Shape(
        model=args.model,
        work=REPO_ROOT / ".run" / "scale",
        database_url=os.environ.get("SALESBOT_DATABASE_URL", DEFAULT_DATABASE),
        redis_url=os.environ.get("SALESBOT_REDIS_URL", DEFAULT_REDIS),
        public_port=args.port,
        rasa_ports=[5005, 5006],
        actions_port=5054,
        action_ports=[5055, 5056],
    )
    for port in (shape.public_port, shape.actions_port, *shape.rasa_ports, *shape.action_ports):
        if not port_is_free(port):
            print(f"port {port} is taken; stop what uses it first", file=sys.stderr)
            return 1
    if not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()):
        print("HAProxy is not installed: apt-get install haproxy (Debian's package)", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        print("starting two action servers, HAProxy and two Rasa servers (a few minutes) ...", flush=True)
        shape.start()
        print(f"\n  REST:      http://127.0.0.1:{shape.public_port}/webhooks/rest/webhook  (either Rasa server)")
        print(f"  database:  {shape.database_url}   lock store: {shape.redis_url}   logs: {shape.work}/")
        print("\nCtrl-C stops everything.", flush=True)
        while (stopped := shape.stopped()) is None:
            time.sleep(0.5)
        print(f"{stopped.stem} stopped; last log lines:\n{tail(stopped)}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Interrupted):
        print("\nstopping ...", flush=True)
        return 0
    except (RuntimeError, TimeoutError, OSError, subprocess.SubprocessError) as error:
        print(f"could not start: {error}", file=sys.stderr)
        return 1
    finally:
        shape.stop()


if __name__ == "__main__":
    sys.exit(main())
