"""A bank account: one lock that protects nothing, one that can stay locked."""
import threading

balance = 100
audit_lock = threading.Lock()


def deposit(amount):
    global balance
    with threading.Lock():
        balance += amount


def audit():
    audit_lock.acquire()
    if balance < 0:
        raise ValueError("overdrawn")
    audit_lock.release()


threads = [threading.Thread(target=deposit, args=(10,)) for _ in range(5)]
threads.append(threading.Thread(target=audit))
for t in threads:
    t.start()
for t in threads:
    t.join()
print(balance)
