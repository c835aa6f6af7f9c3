"""A stock Wagtail site to measure the portal against (issue 15), as `wagtail start` makes one
plus what bakerydemo's blog has: a home page with the latest articles, a paginated article index
and article pages with a StreamField body. Not part of the portal: bench/news_bench.py --stock
builds it (build.py) and serves it with gunicorn beside the portal."""
