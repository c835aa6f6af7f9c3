"""Pages as translators may touch them: Wagtail's page permission tester, narrowed by
`translators.rules` for people who are translators and nothing more."""

from wagtail.models import PagePermissionTester

from translators import rules


class TranslatorPagePermissionTester(PagePermissionTester):
    """Translators keep "edit" and "publish" (which includes unpublishing) on the translations
    in their languages; on every other page, and for adding, deleting, moving, copying, locking
    or reordering anywhere, they have nothing."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.translator_only = rules.is_translator_only(user)
        if self.translator_only:
            allowed = {"change", "publish"} if rules.may_work_on(user, page) else set()
            self.permissions &= allowed

    def _unless_translator(self, allowed):
        return not self.translator_only and allowed

    def can_add_subpage(self):
        return self._unless_translator(super().can_add_subpage())

    def can_publish_subpage(self):
        return self._unless_translator(super().can_publish_subpage())

    def can_delete(self, ignore_bulk=False):
        return self._unless_translator(super().can_delete(ignore_bulk))

    def can_copy(self):
        return self._unless_translator(super().can_copy())

    def can_reorder_children(self):
        return self._unless_translator(super().can_reorder_children())

    def can_lock(self):
        return self._unless_translator(super().can_lock())

    def can_set_view_restrictions(self):
        return self._unless_translator(super().can_set_view_restrictions())


class TranslatorPermissionsMixin:
    """For every page model of the portal: Wagtail asks the page for its permission tester."""

    def permissions_for_user(self, user):
        return TranslatorPagePermissionTester(user, self)
