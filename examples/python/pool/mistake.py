"""A pool never shut down, and tasks whose errors nobody sees."""
from concurrent.futures import ThreadPoolExecutor
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return len(response.read())


def main(urls):
    pool = ThreadPoolExecutor(max_workers=4)
    for url in urls:
        pool.submit(fetch, url)


main(["https://example.com", "not a url"])
