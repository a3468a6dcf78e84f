"""The generated permission matrix (issue 11): a world built once, the table of who may call what,
and the walker that finds every URL pattern and API operation. The test is
tests/test_permission_matrix.py."""
