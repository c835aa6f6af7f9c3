"""Admin permission rules of the newsletter, registered with Wagtail's policy registry."""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from subscriptions.models import NewsletterIssue, Sending, Subscriber


class SubscriberPolicy(ModelPermissionPolicy):
    """Subscribers come only through double opt-in: nobody adds one by hand."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class IssuePolicy(ModelPermissionPolicy):
    """An issue that has been sent (or is being sent, or is scheduled) is kept: it is the
    record of what subscribers received."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and Sending.objects.filter(issue=instance).exists():
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )


register_permission_policy(Subscriber, SubscriberPolicy(Subscriber), exact_class=True)
register_permission_policy(NewsletterIssue, IssuePolicy(NewsletterIssue), exact_class=True)
