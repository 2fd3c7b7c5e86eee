import threading

cache = {}
cache_lock = threading.Lock()


def fetch(url):
    return len(url)


def visit(url):
    if url not in cache:
        cache[url] = fetch(url)  #~ check_then_act


def visit_locked(url):
    with cache_lock:
        if url not in cache:
            cache[url] = fetch(url)


urls = ["a", "b", "a"]
threads = [threading.Thread(target=visit, args=(u,)) for u in urls]
threads += [threading.Thread(target=visit_locked, args=(u,)) for u in urls]
for t in threads:
    t.start()
for t in threads:
    t.join()
