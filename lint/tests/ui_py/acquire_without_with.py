import threading

balance = 0
lock = threading.Lock()


def deposit(amount):
    global balance
    lock.acquire()  #~ acquire_without_with
    balance += amount
    lock.release()


def withdraw(amount):
    global balance
    lock.acquire()
    try:
        balance -= amount
    finally:
        lock.release()


def transfer(amount):
    global balance
    try:
        lock.acquire()
        balance += amount
    finally:
        lock.release()


def check():
    if lock.acquire(blocking=False):
        print("free")
        lock.release()


ts = [threading.Thread(target=f, args=(10,)) for f in (deposit, withdraw, transfer)]
for t in ts:
    t.start()
for t in ts:
    t.join()
