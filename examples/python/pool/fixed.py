"""`with` shuts the pool down; result() raises a task's error here."""
from concurrent.futures import ThreadPoolExecutor, as_completed
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return len(response.read())


def main(urls):
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {pool.submit(fetch, url): url for url in urls}
        for future in as_completed(futures):
            try:
                print(futures[future], future.result())
            except Exception as error:
                print(futures[future], "failed:", error)


main(["https://example.com", "not a url"])
