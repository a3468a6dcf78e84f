"""The program and its cycles. Views, the REST API, commands and other apps call these.

The work is done in the modules named for it: `definition_loading` (the YAML file into the
database), `loaded_program` (the program and its parts as pages read them), `cycles` (finding
cycles), `cycle_editing` (admins create, edit and hold cycles), `targets` (a cycle's "X"),
`cycle_windows`, `announcement_date` and `timeline`; this module is their public face.
"""

from __future__ import annotations

from .announcement_date import bring_announcement_forward
from .cycle_editing import (
    CYCLE_FIELDS,
    create_cycle,
    hold_phase,
    lock_final_list,
    override_phase,
    update_cycle,
)
from .cycle_windows import next_opening, open_cycles, overlap_warnings, overlapping_cycles
from .cycles import (
    CycleNotFound,
    current_cycle,
    cycles,
    cycles_with_targets,
    describe_dates,
    every_cycle,
    get_cycle,
    lock_cycle,
    programs,
)
from .definition import DefinitionError
from .definition_loading import check_program_file, load_program, load_program_file
from .definition_texts import in_language
from .enums import Aggregate, Phase, Subject, TargetMeasure
from .loaded_program import (
    contribution_kind_codes,
    contribution_kinds,
    get_program,
    get_track,
    key_areas_of,
    key_result_groups_of,
    key_result_window_months,
    key_results_of,
    panel_groups_of,
    program_settings,
    tracks_of,
)
from .targets import all_targets, program_targets_of, set_targets, targets_of
from .timeline import human

__all__ = [
    "CYCLE_FIELDS",
    "Aggregate",
    "CycleNotFound",
    "DefinitionError",
    "Phase",
    "Subject",
    "TargetMeasure",
    "all_targets",
    "bring_announcement_forward",
    "check_program_file",
    "contribution_kind_codes",
    "contribution_kinds",
    "create_cycle",
    "current_cycle",
    "cycles",
    "cycles_with_targets",
    "describe_dates",
    "every_cycle",
    "get_cycle",
    "get_program",
    "get_track",
    "hold_phase",
    "human",
    "in_language",
    "key_areas_of",
    "key_result_groups_of",
    "key_result_window_months",
    "key_results_of",
    "load_program",
    "load_program_file",
    "lock_cycle",
    "lock_final_list",
    "next_opening",
    "open_cycles",
    "overlap_warnings",
    "overlapping_cycles",
    "override_phase",
    "panel_groups_of",
    "program_settings",
    "program_targets_of",
    "programs",
    "set_targets",
    "targets_of",
    "tracks_of",
    "update_cycle",
]
