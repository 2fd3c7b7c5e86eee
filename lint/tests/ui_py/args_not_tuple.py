import threading


def square(n):
    print(n * n)


def hello(name):
    print("hello", name)


for i in range(4):
    threading.Thread(target=square, args=(i)).start()  #~ args_not_tuple

t = threading.Thread(target=square, args=(5))  #~ args_not_tuple
t.start()
t.join()

t = threading.Thread(target=hello, args=("ann"))  #~ args_not_tuple
t.start()
t.join()

t = threading.Thread(target=square, args=5)  #~ args_not_tuple
t.start()
t.join()

# Near misses: real tuples and lists, and a name that may hold one.
point = (1,)
for args in [(1,), (2,)]:
    threading.Thread(target=square, args=args).start()
threading.Thread(target=square, args=(5,)).start()
threading.Thread(target=square, args=[6]).start()
threading.Thread(target=square, args=point).start()
