# sys.getrecursionlimit/setrecursionlimit: the default limit, RecursionError before the limit is passed, and recovery.
import sys

print(sys.getrecursionlimit())


def down(n):
    return down(n + 1)


depth = 0


def measure(n):
    global depth
    depth = n
    measure(n + 1)


for limit in (100, 250):
    sys.setrecursionlimit(limit)
    try:
        measure(1)
    except RecursionError as e:
        print(limit, "RecursionError:", e, "| depth close to the limit:", limit - 10 <= depth < limit)
sys.setrecursionlimit(1000)
try:
    down(0)
except RecursionError:
    print("caught, and the stack is usable again:", sum(range(10)))
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print("ValueError:", e)
print(sys.getrecursionlimit())
