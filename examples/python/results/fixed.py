"""join() waits for every thread: then the results are all there."""
import threading
import time

squares = []


def square(n):
    time.sleep(0.01 * n)
    squares.append(n * n)


threads = [threading.Thread(target=square, args=(n,)) for n in range(10)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(squares))
