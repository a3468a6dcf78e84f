"""The matrix's table: for every URL pattern (pages with GET and POST, the API with each method its
view answers) who gets through, by role and nomination state (rules.py), and the minimal body an
unsafe call sends so that the permission check, not the input check, decides. A new URL pattern
or API operation fails tests/test_permission_matrix.py until it has a row in pages.py or
operations.py.

Bodies are functions of the values the world fills paths with (`World.values`)."""

from .operations import OPERATIONS
from .pages import PAGES

ROWS = [*PAGES, *OPERATIONS]
TABLE = {row.key: row for row in ROWS}
assert len(TABLE) == len(ROWS), "a (method, route) is in the table twice"
