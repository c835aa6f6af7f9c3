"""Public accounts, built on django-allauth's code-based flows.

Who may download is not decided here: media_library.downloads.rules.can_download is the one
rule, used by the download views and by the account page alike.
"""
