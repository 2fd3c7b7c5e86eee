import threading

counter = 0
lock = threading.Lock()


def add_fresh():
    global counter
    for _ in range(1000):
        with threading.Lock():  #~ fresh_lock
            counter += 1  #~ lost_update


def add_own_lock():
    global counter
    my_lock = threading.Lock()
    for _ in range(1000):
        with my_lock:  #~ fresh_lock
            counter += 1


def add_shared():
    global counter
    for _ in range(1000):
        with lock:
            counter += 1


threads = []
for f in range(2):
    threads.append(threading.Thread(target=add_fresh))
    threads.append(threading.Thread(target=add_own_lock))
    threads.append(threading.Thread(target=add_shared))
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
