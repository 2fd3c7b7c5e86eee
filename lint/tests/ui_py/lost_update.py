import threading
import time

counter = 0
stats = {"hits": 0}
lock = threading.Lock()


class Counter:
    def __init__(self):
        self.value = 0


def work():
    global counter
    for _ in range(100_000):
        counter += 1  #~ lost_update


def record():
    stats["hits"] += 1  #~ lost_update


def slow_increment():
    global counter
    value = counter
    time.sleep(0.001)
    counter = value + 1  #~ lost_update


def add_to(c, n):
    for _ in range(n):
        c.value += 1  #~ lost_update


def safe():
    global counter
    with lock:
        counter += 1


def local_only():
    total = 0
    for i in range(10):
        total += i
    return total


def unbound():
    counter += 1


shared = Counter()
threads = []
for i in range(4):
    threads.append(threading.Thread(target=work))
    threads.append(threading.Thread(target=record))
    threads.append(threading.Thread(target=slow_increment))
    threads.append(threading.Thread(target=add_to, args=(shared, 1000)))
    threads.append(threading.Thread(target=add_to, args=(Counter(), 1000)))
    threads.append(threading.Thread(target=safe))
    threads.append(threading.Thread(target=local_only))
    threads.append(threading.Thread(target=unbound))
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter, stats, shared.value)


def closure():
    count = 0

    def bump():
        nonlocal count
        count += 1  #~ lost_update

    ts = [threading.Thread(target=bump) for _ in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return count
