"""Public pages of the newsletter: thin views over service.py, reached by signed links."""

import json
from dataclasses import dataclass
from functools import wraps

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from subscriptions.models import Consent

from . import service, tokens
from .forms import PreferencesForm, SubscribeForm

SUBSCRIBE_ATTEMPTS_PER_HOUR = 20  # per client address
FORM_SOURCES = {Consent.Source.FOOTER, Consent.Source.PAGE}


def client_ip(request):
    """The visitor's address as allauth sees it (its trusted proxy settings apply)."""
    try:
        return get_account_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR", "")


def too_many_attempts(request):
    key = f"newsletter:subscribe-attempts:{client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) > SUBSCRIBE_ATTEMPTS_PER_HOUR


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None, language=get_language())
    status = 200
    if request.method == "POST":
        if too_many_attempts(request):
            form.add_error(None, _("Too many attempts from your connection. Try again in an hour."))
            status = 429
        elif form.is_valid():
            source = form.cleaned_data["source"]
            service.subscribe(
                form.cleaned_data["email"],
                form.cleaned_data["language"],
                topics=form.cleaned_data.get("topics") or (),
                source=source if source in FORM_SOURCES else Consent.Source.PAGE,
            )
            return redirect("newsletter:subscribe_done")
        else:
            status = 400
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


def subscribe_done(request):
    return render(request, "newsletter/subscribe_done.html")


def invalid_link(request):
    return render(request, "newsletter/invalid_link.html", status=400)


def signed_link(purpose):
    """The view is reached by a signed link: it gets (request, link) or the visitor gets the
    "this link does not work" page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, token):
            try:
                subscriber, delivery_id = service.subscriber_from_link(token, purpose)
            except tokens.InvalidToken:
                return invalid_link(request)
            return view(request, Link(token, subscriber, delivery_id))

        return wrapper

    return decorator


@dataclass
class Link:
    token: str
    subscriber: object
    delivery_id: int | None


@require_http_methods(["GET", "POST"])
@signed_link(tokens.CONFIRM)
def confirm(request, link):
    subscriber = link.subscriber
    if request.method == "POST":
        service.confirm(subscriber)
        return redirect("newsletter:preferences", token=tokens.make(subscriber, tokens.MANAGE))
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@require_http_methods(["GET", "POST"])
@signed_link(tokens.MANAGE)
def preferences(request, link):
    subscriber = link.subscriber
    form = PreferencesForm(
        request.POST or None, subscriber=subscriber, page_language=get_language()
    )
    if request.method == "POST" and form.is_valid():
        service.change_preferences(
            subscriber, form.cleaned_data["language"], form.cleaned_data.get("topics") or ()
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect(request.path)
    return render(
        request,
        "newsletter/preferences.html",
        {"form": form, "subscriber": subscriber, "token": link.token},
        status=400 if form.errors else 200,
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookie or token
@require_http_methods(["GET", "POST"])
@signed_link(tokens.MANAGE)
def unsubscribe(request, link):
    subscriber = link.subscriber
    if request.method == "GET":  # link checkers open links: a GET only asks
        return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    source = Consent.Source.ONE_CLICK if one_click else Consent.Source.PREFERENCES
    service.unsubscribe(subscriber, source, delivery=link.delivery_id)
    return render(
        request,
        "newsletter/unsubscribed.html",
        {"subscriber": subscriber, "token": link.token},
    )


@signed_link(tokens.MANAGE)
def export(request, link):
    subscriber = link.subscriber
    response = HttpResponse(
        json.dumps(service.export(subscriber), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="newsletter-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@signed_link(tokens.MANAGE)
def delete(request, link):
    subscriber = link.subscriber
    service.erase(subscriber)
    return render(
        request, "newsletter/deleted.html", {"subscribe_url": reverse("newsletter:subscribe")}
    )
