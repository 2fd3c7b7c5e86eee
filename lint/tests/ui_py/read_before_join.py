import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

results = []
totals = {}


def square(n):
    results.append(n * n)


def total(name, n):
    totals[name] = n


threads = []
for i in range(5):
    t = threading.Thread(target=square, args=(i,))
    threads.append(t)
    t.start()

print("results:", results)  #~ read_before_join
for t in threads:
    t.join()
print("results:", results)

t = threading.Thread(target=total, args=("a", 3))
t.start()
time.sleep(0.5)  #~ sleep_sync
print(totals)  #~ read_before_join
t.join()


def collect(items):
    found = []

    def worker(x):
        found.append(x)

    ts = [threading.Thread(target=worker, args=(x,)) for x in items]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sorted(found)


def through_a_queue(items):
    q = queue.Queue()

    def worker(x):
        q.put(x * 2)

    for x in items:
        threading.Thread(target=worker, args=(x,)).start()
    return [q.get() for _ in items]


# A `return` computes its value, then `finally:` runs, then the caller gets the value: the
# list itself is complete by the time the caller looks at it.
def download_all(urls):
    pages = []

    def fetch(url):
        pages.append(url.upper())

    threads = []
    try:
        for url in urls:
            t = threading.Thread(target=fetch, args=(url,))
            threads.append(t)
            t.start()
        return pages
    finally:
        for t in threads:
            t.join()


# ...but a value computed from it is taken before the joins.
def count_words(lines):
    counts = []

    def count(line):
        counts.append(len(line.split()))

    threads = []
    try:
        for line in lines:
            t = threading.Thread(target=count, args=(line,))
            threads.append(t)
            t.start()
        return sum(counts)  #~ read_before_join
    finally:
        for t in threads:
            t.join()


def split_results(jobs):
    done, failed = [], []

    def run(job):
        try:
            done.append(job())
        except ValueError as e:
            failed.append(e)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    try:
        if not jobs:
            raise ValueError("no jobs")
        return done, failed
    except ValueError:
        return failed
    finally:
        for t in threads:
            t.join()


# A name the thread binds anew: `return` takes its value now, before the join.
def largest_of(numbers):
    largest = None

    def scan():
        nonlocal largest
        largest = max(numbers)

    t = threading.Thread(target=scan)
    t.start()
    try:
        return largest  #~ read_before_join
    finally:
        t.join()


# A slice is a copy taken now.
def snapshot(urls):
    seen = []

    def visit(url):
        seen.append(url)

    threads = [threading.Thread(target=visit, args=(u,)) for u in urls]
    for t in threads:
        t.start()
    try:
        return seen[:]  #~ read_before_join
    finally:
        for t in threads:
            t.join()


# The same with a pool: the `with` block ends (and waits for the tasks) after `return`
# has computed its value.
def resize_all(images):
    sizes = {}

    def resize(name):
        sizes[name] = len(name)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(resize, images))
        return sizes


def total_size(images):
    sizes = []

    def measure(name):
        sizes.append(len(name))

    with ThreadPoolExecutor(max_workers=4) as pool:
        for name in images:
            pool.submit(measure, name)  #~ swallowed_exception
        return len(sizes)  #~ read_before_join
