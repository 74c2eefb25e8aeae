"""The home page stays under 100 KB transferred, with every asset it loads, compressed."""

import gzip
import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024
ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')


def test_home_page_with_its_assets_is_under_100_kb_compressed(client, settings):
    call_command("demo", stdout=io.StringIO())  # the home page as a visitor first sees it
    settings.STATIC_URL = "/static/"
    html = client.get("/ru/").content
    assets = sorted(set(ASSET.findall(html.decode())))
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    sizes = {"/ru/": len(gzip.compress(html))}
    for url in assets:
        path = finders.find(url.removeprefix("/static/"))
        assert path, f"{url} is not a static file"
        with open(path, "rb") as f:
            sizes[url] = len(gzip.compress(f.read()))
    total = sum(sizes.values())
    print(f"home page with assets, gzip: {total:,} bytes {sizes}")
    assert total < BUDGET, f"{total:,} bytes: {sizes}"
