import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor


def count_primes(lo, hi):
    total = 0
    for n in range(lo, hi):
        if is_prime(n):
            total += 1
    print(total)


def is_prime(n):
    if n < 2:
        return False
    for d in range(2, int(n ** 0.5) + 1):
        if n % d == 0:
            return False
    return True


def digest(blocks):
    h = hashlib.sha256()
    for b in range(blocks):
        h.update(bytes(b))
    return h.hexdigest()


def sum_squares(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


threads = [threading.Thread(target=count_primes, args=(i * 1000, (i + 1) * 1000)) for i in range(4)]  #~ cpu_bound_threads
for t in threads:
    t.start()
for t in threads:
    t.join()

with ThreadPoolExecutor() as pool:
    print(list(pool.map(sum_squares, [10_000, 20_000])))  #~ cpu_bound_threads
    print(list(pool.map(digest, [100, 200])))
