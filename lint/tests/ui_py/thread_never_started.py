import threading


def work(n):
    print("working on", n)


def main():
    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]  #~ thread_never_started
    for t in threads:
        t.join()

    lone = threading.Thread(target=work, args=(9,))  #~ thread_never_started
    lone.join()


def started_in_a_helper():
    t = threading.Thread(target=work, args=(1,))
    launch(t)


def launch(t):
    t.start()
    t.join()


def started_later():
    t = threading.Thread(target=work, args=(2,))
    t.daemon = True
    t.start()
    t.join()


main()
