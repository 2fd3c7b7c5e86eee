import threading
import urllib.request


def download(url, pages):
    with urllib.request.urlopen(url) as response:
        pages.append(response.read())


def square(n, results):
    results[n] = n * n


# An early `return` between the starts and the joins.
def fetch_all(urls, online):
    pages = []
    threads = []
    for url in urls:
        t = threading.Thread(target=download, args=(url, pages))
        t.start()
        threads.append(t)
    if not online:
        print("offline")
        return []  #~ unjoined_handle
    for t in threads:
        t.join()
    return pages


# An exception caught after the starts: the handler returns without the joins.
def squares(numbers):
    results = {}
    threads = []
    try:
        for n in numbers:
            t = threading.Thread(target=square, args=(int(n), results))
            threads.append(t)
            t.start()
    except ValueError:
        print("not a number")
        return None  #~ unjoined_handle
    for t in threads:
        t.join()
    return results


# A `raise` between the start and the join of one thread.
def one_page(url, pages):
    worker = threading.Thread(target=download, args=(url, pages))
    worker.start()
    if not url.startswith("http"):
        raise ValueError("not a web address")  #~ unjoined_handle
    worker.join()
    return pages[0]


# Returning what the threads write before the joins: `read_before_join` tells that lesson.
def first_page(urls):
    pages = []
    threads = [threading.Thread(target=download, args=(u, pages)) for u in urls]
    for t in threads:
        t.start()
    if len(urls) == 1:
        return pages[0]  #~ read_before_join
    for t in threads:
        t.join()
    return pages[0]


# Near misses: silent.


def checked_before_starting(urls, online):
    pages = []
    if not online:
        return pages
    threads = [threading.Thread(target=download, args=(u, pages)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return pages


def joined_in_finally(urls, online):
    pages = []
    threads = [threading.Thread(target=download, args=(u, pages)) for u in urls]
    for t in threads:
        t.start()
    try:
        if not online:
            return []
    finally:
        for t in threads:
            t.join()
    return pages


def joined_in_finally_after_except(urls):
    pages = []
    threads = [threading.Thread(target=download, args=(u, pages)) for u in urls]
    for t in threads:
        t.start()
    try:
        check_urls(urls)
    except ValueError:
        return None
    finally:
        for t in threads:
            t.join()
    return pages


def check_urls(urls):
    if not all(u.startswith("http") for u in urls):
        raise ValueError("not a web address")


def handles_returned(urls, pages):
    threads = [threading.Thread(target=download, args=(u, pages)) for u in urls]
    for t in threads:
        t.start()
    if len(threads) > 10:
        return threads
    for t in threads:
        t.join()
    return []


def started_in_one_arm_only(numbers, parallel):
    results = {}
    threads = []
    if parallel:
        for n in numbers:
            t = threading.Thread(target=square, args=(n, results))
            threads.append(t)
            t.start()
    else:
        return {n: n * n for n in numbers}
    for t in threads:
        t.join()
    return results


def raise_caught_right_there(numbers):
    results = {}
    threads = [threading.Thread(target=square, args=(n, results)) for n in numbers]
    for t in threads:
        t.start()
    try:
        if not numbers:
            raise ValueError("no numbers")
    except ValueError:
        print("nothing to do")
    for t in threads:
        t.join()
    return results


def joined_before_returning(urls, online):
    pages = []
    threads = [threading.Thread(target=download, args=(u, pages)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not online:
        return pages
    return pages
