"""Language versions of translatable objects, looked up in bulk."""


def in_locale(objects, queryset, locale_id):
    """Each object's version in the locale (itself when it has none there), in one query."""
    keys = [obj.translation_key for obj in objects if obj.locale_id != locale_id]
    if not keys:
        return objects
    found = {
        obj.translation_key: obj
        for obj in queryset.filter(translation_key__in=keys, locale_id=locale_id)
    }
    return [found.get(obj.translation_key, obj) for obj in objects]
