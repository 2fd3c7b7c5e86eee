import threading
import time

log = []


def save(data):
    time.sleep(0.1)
    with open("out.txt", "w") as f:
        f.write(data)


def note(text):
    log.append(text)


def tick():
    while True:
        time.sleep(1)


kept = threading.Thread(target=save, args=("kept",))
kept.start()
kept.join()

t = threading.Thread(target=save, args=("hello",)).start()  #~ detached_thread

threading.Thread(target=tick, daemon=True).start()

threading.Thread(target=note, args=("bye",), daemon=True).start()  #~ detached_thread
