"""Public downloads: who may download and the terms (rules.py), the request form (forms.py),
the flows of requesting a clip and opening a download (flows.py), thin views (views.py), and the
e-mails sent when a clip is ready (notifications.py)."""
