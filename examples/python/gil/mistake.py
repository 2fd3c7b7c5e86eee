"""Counting primes in four threads is no faster than in one: the GIL."""
from concurrent.futures import ThreadPoolExecutor


def count_primes(bounds):
    lo, hi = bounds
    found = 0
    for n in range(lo, hi):
        if n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1)):
            found += 1
    return found


if __name__ == "__main__":
    chunks = [(i * 50_000, (i + 1) * 50_000) for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        print(sum(pool.map(count_primes, chunks)))
