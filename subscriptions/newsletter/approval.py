"""The optional approval step before sending, on Wagtail's workflows.

The press office turns it on by assigning a workflow to newsletter issues (Settings →
Workflows). From then on an issue is sent only when its published version is the revision that
a completed workflow approved: publishing other changes afterwards needs a new approval.
"""

from wagtail.models import WorkflowState


def required(issue):
    return issue.get_workflow() is not None


def approved_state(issue):
    """The last workflow that approved the issue, if it approved what is published now."""
    state = (
        issue.workflow_states.filter(status=WorkflowState.STATUS_APPROVED)
        .select_related("current_task_state")
        .order_by("-created_at")
        .first()
    )
    if state is None or state.current_task_state is None:
        return None
    if state.current_task_state.revision_id != issue.live_revision_id:
        return None
    return state


def is_satisfied(issue):
    return not required(issue) or approved_state(issue) is not None


def submit(issue, user):
    """Start the issue's workflow on its latest revision (also for translations, whose editor
    has no "submit" action). Returns the workflow state, or None when one is running."""
    if issue.workflow_in_progress:
        return None
    return issue.get_workflow().start(issue, user)
