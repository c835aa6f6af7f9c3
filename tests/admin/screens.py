"""The admin screens the press office uses, and the setup data every portal has (Wagtail's groups,
collection, root page and workflow, the translator groups, both home pages, two topics): walked by
tests/admin/test_admin_in_french.py through Django's test client and by
tests/e2e/test_admin_languages_journey.py in a browser."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Locale, Page, Task, Workflow, WorkflowPage

from news.models import Topic
from translators.groups import ensure_translator_groups

# Content staff wrote (not the admin's words): allowed in either language's admin.
TOPICS = {"Éducation": "education", "Santé": "sante"}


def make_setup_data():
    """What Wagtail's migrations make (a database emptied by a browser test has lost it), the
    translator groups and two French topics; the home pages come from `home_pages`."""
    Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    if not Workflow.objects.exists():
        workflow = Workflow.objects.create(name="Moderators approval")
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([moderators])
        workflow.workflow_tasks.create(task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())
    ensure_translator_groups(apps)
    french = Locale.objects.get(language_code="fr")
    for name, slug in TOPICS.items():
        Topic.objects.get_or_create(name=name, slug=slug, locale=french)


def make_staff(django_user_model, language, password):
    """A superuser whose admin is in `language`."""
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser(
        email=f"staff-{language}@example.org", password=password
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def content_titles(language):
    """Titles staff wrote in `language`: content, not the admin's own words."""
    return set(Page.objects.filter(locale__language_code=language).values_list("title", flat=True))


def screens():
    """Every screen of the admin the press office uses, as (name, URL)."""
    group = {name: pk for pk, name in Group.objects.values_list("pk", "name")}
    home = Page.objects.get(depth=2, locale__language_code="fr")
    english_home = Page.objects.get(depth=2, locale__language_code="en")
    return [
        ("home", reverse("wagtailadmin_home")),
        ("pages: root", reverse("wagtailadmin_explore_root")),
        ("pages: home", reverse("wagtailadmin_explore", args=[home.pk])),
        ("page editor", reverse("wagtailadmin_pages:edit", args=[home.pk])),
        ("translation editor", reverse("wagtailadmin_pages:edit", args=[english_home.pk])),
        ("page chooser", reverse("wagtailadmin_choose_page")),
        ("page search", reverse("wagtailadmin_pages:search") + "?q=portail"),
        ("page search in a section", reverse("wagtailadmin_explore", args=[home.pk]) + "?q=a"),
        ("videos", reverse("wagtailsnippets_media_library_videoasset:list")),
        ("new video", reverse("wagtailsnippets_media_library_videoasset:add")),
        ("video chooser", reverse("wagtailsnippetchoosers_media_library_videoasset:choose")),
        ("topics", reverse("wagtailsnippets_news_topic:list")),
        ("new topic", reverse("wagtailsnippets_news_topic:add")),
        ("topic chooser", reverse("wagtailsnippetchoosers_news_topic:choose")),
        ("newsletter issues", reverse("wagtailsnippets_subscriptions_newsletterissue:list")),
        ("new newsletter issue", reverse("wagtailsnippets_subscriptions_newsletterissue:add")),
        ("subscribers", reverse("wagtailsnippets_subscriptions_subscriber:list")),
        ("subscriber import", reverse("newsletter_sending:import")),
        ("users", reverse("wagtailusers_users:index")),
        ("new user", reverse("wagtailusers_users:add")),
        ("groups", reverse("wagtailusers_groups:index")),
        ("new group", reverse("wagtailusers_groups:add")),
        *[
            (f"group {name}", reverse("wagtailusers_groups:edit", args=[pk]))
            for name, pk in group.items()
        ],
        ("collections", reverse("wagtailadmin_collections:index")),
        ("new collection", reverse("wagtailadmin_collections:add")),
        ("workflows", reverse("wagtailadmin_workflows:index")),
        ("workflow", reverse("wagtailadmin_workflows:edit", args=[Workflow.objects.first().pk])),
        ("tasks", reverse("wagtailadmin_workflows:task_index")),
        ("task", reverse("wagtailadmin_workflows:edit_task", args=[Task.objects.first().pk])),
        ("task chooser", reverse("wagtailadmin_workflows:task_chooser")),
        ("background jobs", reverse("portal_background_jobs")),
        ("report: workflows", reverse("wagtailadmin_reports:workflow")),
        ("report: workflow tasks", reverse("wagtailadmin_reports:workflow_tasks")),
        ("report: site history", reverse("wagtailadmin_reports:site_history")),
        ("report: locked pages", reverse("wagtailadmin_reports:locked_pages")),
        ("report: downloads", reverse("media_library_download_report")),
        ("report: translations", reverse("wagtail_localize:translations_report")),
        ("settings: portal", reverse("wagtailsettings:edit", args=["home", "portalsettings"])),
        (
            "settings: newsletter",
            reverse("wagtailsettings:edit", args=["subscriptions", "newslettersettings"]),
        ),
        ("download presets", reverse("download_presets:index")),
        ("new download preset", reverse("download_presets:add")),
        ("locales", reverse("wagtaillocales:index")),
        ("sites", reverse("wagtailsites:index")),
        ("account", reverse("wagtailadmin_account")),
    ]
