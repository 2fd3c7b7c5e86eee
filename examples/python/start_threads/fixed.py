"""Pass the function and a tuple of arguments; start() launches the thread."""
import threading
import time


def download(name):
    time.sleep(0.2)
    print("downloaded", name)


first = threading.Thread(target=download, args=("a.html",))
first.start()

second = threading.Thread(target=download, args=("b.html",))
second.start()

third = threading.Thread(target=download, args=("c.html",))
third.start()

first.join()
second.join()
third.join()
