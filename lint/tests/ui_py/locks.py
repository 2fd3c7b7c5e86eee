import threading
import time

lock = threading.Lock()
rlock = threading.RLock()
lock_a = threading.Lock()
lock_b = threading.Lock()
balance = 0


def log_balance():
    with lock:
        print(balance)


def deposit(amount):
    global balance
    with lock:
        balance += amount
        log_balance()  #~ double_lock


def nested():
    with lock:
        with lock:  #~ double_lock
            print("never")


def reentrant():
    with rlock:
        with rlock:
            print("fine")


def transfer_ab():
    with lock_a:
        with lock_b:
            print("a to b")


def transfer_ba():
    with lock_b:
        with lock_a:  #~ lock_order
            print("b to a")


def slow_update():
    global balance
    with lock:
        balance += 1
        time.sleep(0.1)  #~ guard_across_blocking


def fast_update():
    global balance
    with lock:
        balance += 1
    time.sleep(0.1)


def needs_lock():
    with lock:
        print("worker has the lock")


def join_while_holding():
    t = threading.Thread(target=needs_lock)
    with lock:
        t.start()
        t.join()  #~ join_deadlock


threads = []
for target in range(2):
    threads.append(threading.Thread(target=deposit, args=(5,)))
    threads.append(threading.Thread(target=nested))
    threads.append(threading.Thread(target=reentrant))
    threads.append(threading.Thread(target=transfer_ab))
    threads.append(threading.Thread(target=transfer_ba))
    threads.append(threading.Thread(target=slow_update))
    threads.append(threading.Thread(target=fast_update))
for t in threads:
    t.start()
for t in threads:
    t.join()


def philosopher(left, right):
    for _ in range(100):
        with left:
            with right:  #~ lock_order
                print("eating")


def careful_philosopher(first, second):
    with first:
        with second:
            print("eating")


forks = [threading.Lock() for _ in range(5)]
diners = [threading.Thread(target=philosopher, args=(forks[i], forks[(i + 1) % 5])) for i in range(5)]
careful = [
    threading.Thread(target=careful_philosopher, args=(forks[min(i, (i + 1) % 5)], forks[max(i, (i + 1) % 5)]))
    for i in range(5)
]
for d in diners + careful:
    d.start()
for d in diners + careful:
    d.join()
