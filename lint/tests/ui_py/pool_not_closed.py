from concurrent.futures import ThreadPoolExecutor
import multiprocessing


def square(n):
    return n * n


def leaky():
    pool = ThreadPoolExecutor(max_workers=4)  #~ pool_not_closed
    futures = [pool.submit(square, n) for n in range(10)]
    return [f.result() for f in futures]


def leaky_processes():
    workers = multiprocessing.Pool(4)  #~ pool_not_closed
    print(workers.map(square, range(10)))


def closed():
    pool = ThreadPoolExecutor(max_workers=4)
    futures = [pool.submit(square, n) for n in range(10)]
    pool.shutdown()
    return [f.result() for f in futures]


def managed():
    with ThreadPoolExecutor() as pool:
        return list(pool.map(square, range(10)))


def handed_over():
    pool = ThreadPoolExecutor()
    return pool
