"""One shared lock, taken with `with`, which releases it however the block ends."""
import threading

balance = 100
balance_lock = threading.Lock()


def deposit(amount):
    global balance
    with balance_lock:
        balance += amount


def audit():
    with balance_lock:
        if balance < 0:
            raise ValueError("overdrawn")


threads = [threading.Thread(target=deposit, args=(10,)) for _ in range(5)]
threads.append(threading.Thread(target=audit))
for t in threads:
    t.start()
for t in threads:
    t.join()
print(balance)
