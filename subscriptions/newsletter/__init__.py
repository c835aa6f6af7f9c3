"""The newsletter: subscriptions with double opt-in (service.py), signed links (tokens.py),
e-mails (emails.py), batch sending by the `mail` queue (sending.py, jobs.py), ESP tracking
webhooks (webhooks.py), public views and forms, and the editors' admin (admin.py)."""
