"""The optional approval step before sending, on Wagtail's workflows.

The press office turns it on by assigning a workflow to newsletter issues (Settings →
Workflows). From then on an issue is sent only when its published version is the one a completed
workflow approved (and published): publishing other changes afterwards needs a new approval.
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
    task = state.current_task_state if state is not None else None
    if task is None or task.finished_at is None or issue.live_revision is None:
        return None
    # The approval publishes the latest revision of that moment (with any change the approver
    # made while approving); a revision published later was not approved.
    if issue.live_revision.created_at > task.finished_at:
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
