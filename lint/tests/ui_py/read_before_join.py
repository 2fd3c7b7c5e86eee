import queue
import threading
import time

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
