"""A shot list for a test video: `add_shots(asset, [("0", "3.5"), ("3.5", "7.3")])`."""


def add_shots(asset, spans, description="Shot"):
    from media_library.models import ShotListItem

    for order, (start, end) in enumerate(spans):
        ShotListItem.objects.create(
            asset=asset,
            locale=asset.locale,
            sort_order=order,
            start=start,
            end=end,
            description=f"{description} {order + 1}",
        )
    return asset
