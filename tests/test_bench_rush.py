"""The deadline rush benchmark (bench/rush.py) runs elsewhere; here only what it relies on: its
`--help`, and the time zone it makes so that a window closes at a chosen second."""

import datetime as dt
import importlib.util
import subprocess
import sys
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_rush", ROOT / "bench" / "rush.py")
rush = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rush)


def test_help_names_the_options():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "rush.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for option in ("--count", "--concurrency", "--workers", "--lead"):
        assert option in result.stdout


def test_the_deadline_is_local_midnight_in_the_zone_made_for_it(tmp_path):
    for deadline in (
        dt.datetime(2026, 12, 4, 21, 46, 40, tzinfo=dt.UTC),  # east of UTC
        dt.datetime(2026, 12, 4, 3, 7, 5, tzinfo=dt.UTC),  # west of UTC
    ):
        offset, close = rush.zone_for(deadline)
        rush.write_zone(tmp_path, offset)
        with (tmp_path / rush.ZONE).open("rb") as file:
            zone = zoneinfo.ZoneInfo.from_file(file)
        before = (deadline - dt.timedelta(seconds=1)).astimezone(zone)
        at = deadline.astimezone(zone)
        assert (before.date(), before.time()) == (close, dt.time(23, 59, 59))
        assert (at.date(), at.time()) == (close + dt.timedelta(days=1), dt.time(0))
