"""Public URLs of this app, mounted under the language prefix (/fr/, /en/) by portal.urls."""

urlpatterns = []
