"""Deleting an image in Wagtail's admin deletes its file too.

Wagtail 8 removes the file in a task after the commit, with the storage's constructor
arguments: a `Path` there (MEDIA_ROOT as the file storage's location) made the task refuse its
arguments (`TypeError: Unsupported type: PosixPath`), so the row went and the file stayed."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model


def png():
    data = io.BytesIO()
    PILImage.new("RGB", (8, 8), "navy").save(data, "PNG")
    return ImageFile(data, name="square.png")


@pytest.mark.django_db
def test_deleting_an_image_in_the_admin_deletes_its_file(
    admin_client, django_capture_on_commit_callbacks, settings
):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    image = get_image_model().objects.create(title="Square", file=png())
    path = image.file.path
    with open(path, "rb"):
        pass  # the file is on disk
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/images/{image.pk}/delete/")
    assert response.status_code == 302
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    with pytest.raises(FileNotFoundError):
        open(path, "rb")  # noqa: SIM115
