"""Everything the portal asks of ffmpeg and ffprobe. Knows no Django model: callers pass plain
values and objects with the fields it reads (a preset, a video's metadata)."""
