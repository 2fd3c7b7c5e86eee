"""Four threads add to one counter; a lock lets one thread at a time in."""
import threading

INCREMENTS = 100_000
counter = 0
lock = threading.Lock()


def work():
    global counter
    for _ in range(INCREMENTS):
        with lock:
            counter += 1


threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"expected {4 * INCREMENTS}, got {counter}")
