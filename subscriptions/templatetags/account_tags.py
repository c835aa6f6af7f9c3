"""Template helpers of the account pages."""

from allauth.account.adapter import get_adapter
from allauth.account.utils import get_next_redirect_url, passthrough_next_redirect_url
from allauth.core.internal.httpkit import add_query_params
from django import template
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse
from django.utils.html import format_html

from media_library.downloads.rules import can_download

register = template.Library()


@register.simple_tag(takes_context=True)
def url_with_next(context, name, next_url=None):
    """The URL named `name`, carrying a `next` destination when it is a path on this site.

    Without `next_url`, the page's own `next` travels on; with it (e.g. the current page, for a
    "Log in" link), that destination."""
    url = reverse(name)
    request = context["request"]
    if next_url is None:
        return passthrough_next_redirect_url(request, url, REDIRECT_FIELD_NAME)
    if get_adapter(request).is_safe_url(next_url):
        return add_query_params(url, {REDIRECT_FIELD_NAME: next_url})
    return url


@register.filter
def may_download(user):
    """`{% if user|may_download %}`: the rule of the download views (can_download)."""
    return can_download(user)


@register.simple_tag(takes_context=True)
def next_field(context):
    """The hidden `next` input of a form, only when it is a path on this site."""
    next_url = get_next_redirect_url(context["request"], REDIRECT_FIELD_NAME)
    if not next_url:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', REDIRECT_FIELD_NAME, next_url)
