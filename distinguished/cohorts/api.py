"""Approval of a cycle's final list by Axim and its announcement: the cohort."""
