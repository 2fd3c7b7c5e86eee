from concurrent.futures import ThreadPoolExecutor, as_completed


def fetch(url):
    if not url:
        raise ValueError("empty url")
    return len(url)


def crawl(urls):
    with ThreadPoolExecutor(max_workers=4) as pool:
        for url in urls:
            pool.submit(fetch, url)  #~ swallowed_exception
        pool.map(fetch, urls)  #~ swallowed_exception


def crawl_and_forget(urls):
    with ThreadPoolExecutor() as pool:
        first = pool.submit(fetch, urls[0])  #~ swallowed_exception
        sizes = pool.map(fetch, urls)  #~ swallowed_exception


def crawl_checked(urls):
    with ThreadPoolExecutor() as pool:
        futures = [pool.submit(fetch, url) for url in urls]
        for future in as_completed(futures):
            print(future.result())
        for size in pool.map(fetch, urls):
            print(size)


with ThreadPoolExecutor() as module_pool:
    lengths = module_pool.map(fetch, ["a", "b"])  #~ swallowed_exception
    checked = module_pool.map(fetch, ["c"])
print(list(checked))
