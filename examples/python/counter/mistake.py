"""Four threads add to one counter: updates can be lost."""
import threading

INCREMENTS = 100_000
counter = 0


def work():
    global counter
    for _ in range(INCREMENTS):
        counter += 1  # read, add, write: another thread can run in between


threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"expected {4 * INCREMENTS}, got {counter}")
