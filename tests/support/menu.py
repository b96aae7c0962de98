"""The main menu as the server sends it, read from a page's HTML."""

import re


def menu_titles(client, path: str = "/") -> list[str]:
    """The main menu's items as a visitor sees them, in the order the server sends them."""
    html = client.get(path).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL).group(0)
    return [re.sub(r"\s+", " ", title).strip() for title in re.findall(r">([^<>]+)</a>", nav)]
