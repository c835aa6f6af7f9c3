"""The press office's optional approval: a one-step workflow assigned to newsletter issues."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

from subscriptions.models import NewsletterIssue

MODERATOR_PERMISSIONS = ["access_admin", "change_newsletterissue", "publish_newsletterissue"]


def approval_workflow(name="Validation de la lettre"):
    """Turn approval on; returns the group of the moderators who approve."""
    moderators = Group.objects.create(name="Relecture de la lettre")
    moderators.permissions.add(*Permission.objects.filter(codename__in=MODERATOR_PERMISSIONS))
    task = GroupApprovalTask.objects.create(name="Relecture")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name=name)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.create(
        content_type=ContentType.objects.get_for_model(NewsletterIssue), workflow=workflow
    )
    return moderators
