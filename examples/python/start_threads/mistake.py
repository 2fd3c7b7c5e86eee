"""Three ways to start a thread that never runs anything on its own."""
import threading
import time


def download(name):
    time.sleep(0.2)
    print("downloaded", name)


first = threading.Thread(target=download("a.html"))
first.start()

second = threading.Thread(target=download, args=("b.html"))
second.start()

third = threading.Thread(target=download, args=("c.html",))
third.run()

first.join()
second.join()
