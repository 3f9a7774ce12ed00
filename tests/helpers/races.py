"""Two requests at the same instant: each call in a thread of its own, all started, then all awaited."""
import threading


def at_once(*calls) -> None:
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
