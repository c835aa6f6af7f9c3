"""A hostile upload cannot make ffmpeg read anything but the uploaded file (issue 11, finding 3).

Playlists (HLS, ffconcat, plain concat lists) under every extension an editor might use, aimed
at a video elsewhere on the server's disk and at a web server on 127.0.0.1 that counts what it
is asked: refused at upload with a clear message in the editor's language, nothing stored,
nothing fetched. And a playlist put in place of an accepted file afterwards is never rendered:
every ffmpeg run forces the container the probe found.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from media_library.encoding import pictures, probe, runner, smartcut, transcode
from media_library.models import VideoAsset, VideoFile

from .videos import make_video

PORT = 8121
EXTENSIONS = ["m3u8", "m3u", "mp4", "mov", "mkv", "ts", "mxf", "avi", "txt"]


@pytest.fixture(scope="module")
def secret(tmp_path_factory):
    """A video elsewhere on the server's disk that an upload must never expose."""
    return make_video(tmp_path_factory.mktemp("elsewhere") / "secret.mp4", seconds=2)


@pytest.fixture(scope="module")
def web_server(secret):
    """A web server on 127.0.0.1 serving the secret video; `.requests` lists what it was asked."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            requests.append(self.path)
            body = secret.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.requests = requests
    yield server
    server.shutdown()
    server.server_close()


def playlists(secret):
    """name -> (text, the refusal expected): the kinds of lists ffmpeg can follow."""
    local, remote = str(secret), f"http://127.0.0.1:{PORT}/secret.mp4"
    hls = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:2,\n{}\n#EXT-X-ENDLIST\n"
    return {
        "hls-local": (hls.format(local), "not_accepted"),
        "hls-file-url": (hls.format("file:" + local), "not_accepted"),
        "hls-remote": (hls.format(remote), "not_accepted"),
        "ffconcat-local": (f"ffconcat version 1.0\nfile '{local}'\n", "not_accepted"),
        "ffconcat-remote": (f"ffconcat version 1.0\nfile '{remote}'\n", "not_accepted"),
        "concat-local": (f"file '{local}'\n", "not_video"),  # no header: not even recognised
    }


@pytest.mark.parametrize("kind", list(playlists("/x")))
def test_a_playlist_is_refused_by_the_probe_whatever_its_extension(
    secret, web_server, tmp_path, kind
):
    text, code = playlists(secret)[kind]
    for extension in EXTENSIONS:
        upload = tmp_path / f"playlist.{extension}"
        upload.write_text(text)

        with pytest.raises(probe.InvalidVideo) as refused:
            probe.probe(upload)

        assert refused.value.code == code, extension
    assert web_server.requests == []


MESSAGES = {
    "fr": "Ce type de fichier n’est pas accepté",
    "en": "This kind of file is not accepted",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_uploaded_playlist_is_a_translated_form_error_and_nothing_is_kept(
    upload, editor, secret, web_server, media_root, tmp_path, language
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    for kind, extension in [
        ("hls-local", "m3u8"),
        ("hls-remote", "mp4"),
        ("ffconcat-local", "mov"),
    ]:
        path = tmp_path / f"{kind}.{extension}"
        path.write_text(playlists(secret)[kind][0])

        response = upload(path, title="Harbour")

        assert response.status_code == 200
        assert MESSAGES[language] in response.content.decode()
    assert not VideoAsset.objects.exists() and not VideoFile.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []
    assert web_server.requests == []


@pytest.mark.django_db
def test_a_playlist_swapped_in_after_the_probe_is_never_rendered(
    secret, web_server, tmp_path, presets
):
    """The stored original replaced by a playlist (same name, same size or not): the poster,
    the strip, a transcode and a smart cut all force the probed container and fail, having
    read nothing else."""
    accepted = make_video(tmp_path / "upload.mp4", seconds=2)
    video = VideoFile(**probe.probe(accepted).as_fields())
    video.file.name = accepted.name
    for kind in ("hls-local", "hls-remote", "ffconcat-local"):
        accepted.write_text(playlists(secret)[kind][0])
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        with pytest.raises(runner.FFmpegError):
            pictures.extract_poster(accepted, video.format_name, out / "poster.jpg", 2)
        with pytest.raises(runner.FFmpegError):
            transcode.transcode(accepted, out / "clip.mp4", presets["mp4-360p-web"], video, out)
        with pytest.raises(smartcut.SmartCutError):
            smartcut.cut(accepted, out / "cut.mp4", 0.5, 1.5, container=video.format_name)
        assert not any(path.suffix in {".jpg", ".mp4"} for path in out.rglob("*"))
    assert web_server.requests == []


def test_demuxers_outside_the_list_are_never_forced():
    for name in ("hls", "concat", "image2", "applehttp", "ffconcat", "png_pipe"):
        with pytest.raises(runner.FFmpegError):
            runner.demuxer_of(name)
    assert runner.demuxer_of("mov,mp4,m4a,3gp,3g2,mj2") == "mov"
    assert runner.demuxer_of("matroska,webm") == "matroska"
