"""Who may do what with the program's messages, as named predicates (django-rules).

Program admins edit the messages' texts. The role is named by the people app's rules, as a
permission, since this app sits below that one.
"""

import rules

PROGRAM_ADMIN = "distinguished.admin"


@rules.predicate
def is_program_admin(user) -> bool:
    return user is not None and user.is_authenticated and user.has_perm(PROGRAM_ADMIN)


may_edit_messages = is_program_admin

rules.add_perm("notifications.edit_messages", may_edit_messages)
