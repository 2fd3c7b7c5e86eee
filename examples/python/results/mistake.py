"""The squares are printed before the threads have finished writing them."""
import threading
import time

squares = []


def square(n):
    time.sleep(0.01 * n)
    squares.append(n * n)


threads = [threading.Thread(target=square, args=(n,)) for n in range(10)]
for t in threads:
    t.start()
time.sleep(0.05)  # "long enough"?
print(sorted(squares))
