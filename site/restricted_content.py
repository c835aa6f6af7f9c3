"""Pages and documents an editor protected with a shared password (Wagtail's "Privacy" option).

Wagtail's password forms try any number of passwords. The same forms are answered here, at the
same addresses, after ACCOUNT_RATE_LIMITS["content_password"] (allauth's rate limits, the ones
every log-in and code form uses): past the limit the visitor gets the 429 page in their
language and the password is not even compared. Showing the form (GET) is never counted.
"""

from allauth.core import ratelimit
from wagtail.documents.views import serve as document_views
from wagtail.views import authenticate_with_password as wagtail_page_password

ACTION = "content_password"


def _throttled(request, restriction_id):
    return ratelimit.consume_or_429(request, action=ACTION, key=f"restriction-{restriction_id}")


def page_password(request, page_view_restriction_id, page_id):
    refused = _throttled(request, page_view_restriction_id)
    return refused or wagtail_page_password(request, page_view_restriction_id, page_id)


def document_password(request, restriction_id):
    refused = _throttled(request, restriction_id)
    return refused or document_views.authenticate_with_password(request, restriction_id)
