import threading
from concurrent.futures import ThreadPoolExecutor


def download(url):
    print("downloading", url)


def make_worker(name):
    def work():
        print("working for", name)
    return work


def greet():
    print("hello")


t = threading.Thread(target=download("a.html"))  #~ target_called
t.start()
t.join()

t = threading.Thread(target=greet())  #~ target_called
t.start()
t.join()

with ThreadPoolExecutor() as pool:
    future = pool.submit(download("b.html"))  #~ target_called
    future.result()

# Near misses: the function is passed, or a factory returns the function to run.
t = threading.Thread(target=download, args=("c.html",))
t.start()
t.join()
t = threading.Thread(target=make_worker("ann"))
t.start()
t.join()
