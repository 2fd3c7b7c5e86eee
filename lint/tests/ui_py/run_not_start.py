import threading


def count(n):
    for i in range(n):
        print(i)


t = threading.Thread(target=count, args=(3,))
t.run()  #~ run_not_start
t.join()

threads = [threading.Thread(target=count, args=(i,)) for i in range(3)]
for th in threads:
    th.run()  #~ run_not_start

threading.Thread(target=count, args=(2,)).run()  #~ run_not_start


class Worker(threading.Thread):
    def run(self):
        print("working")
        super().run()


w = Worker()
w.start()
w.join()
