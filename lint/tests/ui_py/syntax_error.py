import threading

results = []


def work(n):
    results.append(n)


t = threading.Thread(target=work(1))  #~ target_called
t.start()
print(results
t.join()  #~ parse_error
