"""Whole labels for a viewset's "add" button and "new" screen, in place of Wagtail's generic
"Add %(model_name)s" and "New: %(model_name)s", which French cannot fill in without knowing the
word's gender ("Ajouter un(e) vidéo", "Nouvel(le) : Vidéo"): the viewset says "Ajouter une vidéo"
and "Nouvelle vidéo" itself. Screens without such labels get the catalogue's neutral wording.
"""

from functools import cached_property

from django.utils.translation import gettext_lazy as _


class NewItemLabelMixin:
    """A create view whose title and last breadcrumb are `new_item_label` when it has one."""

    new_item_label = None

    def get_page_title(self):
        return self.new_item_label or super().get_page_title()

    def get_page_subtitle(self):
        return "" if self.new_item_label else super().get_page_subtitle()

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.new_item_label:
            items[-1] = {**items[-1], "label": self.new_item_label}
        return items


class ItemLabelsMixin:
    """For a ModelViewSet or SnippetViewSet: `add_item_label` ("Add a video") on the listing's
    button, `new_item_label` ("New video") on the create screen."""

    add_item_label = None
    new_item_label = None

    @cached_property
    def add_view_class(self):
        base = super().add_view_class
        return type(base.__name__, (NewItemLabelMixin, base), {})

    def get_index_view_kwargs(self, **kwargs):
        kwargs = super().get_index_view_kwargs(**kwargs)
        if self.add_item_label:
            kwargs["add_item_label"] = self.add_item_label
        return kwargs

    def get_add_view_kwargs(self, **kwargs):
        return {**super().get_add_view_kwargs(**kwargs), "new_item_label": self.new_item_label}


class LanguageFilterLabelMixin:
    """For a chooser view: Wagtail gives its locale filter no label, so Django shows "Locale",
    in English; here it reads "Language" in the staff member's language."""

    def get_filter_form(self):
        form = super().get_filter_form()
        if "locale" in form.fields:
            form.fields["locale"].label = _("Language")
        return form
