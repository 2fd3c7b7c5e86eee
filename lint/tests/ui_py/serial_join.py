import threading
import time


def download(url):
    time.sleep(0.1)
    print("got", url)


urls = ["a", "b", "c"]
for url in urls:
    t = threading.Thread(target=download, args=(url,))
    t.start()
    t.join()  #~ serial_join

threads = []
for url in urls:
    t = threading.Thread(target=download, args=(url,))
    t.start()
    threads.append(t)
for t in threads:
    t.join()

for url in urls:
    t = threading.Thread(target=download, args=(url,))
    t.start()
    t.join(timeout=0.01)
