# sys.exit(0) and raise SystemExit from nested calls end the program normally with status 0; except Exception does not catch it.
import sys


def deep(n):
    if n == 0:
        try:
            sys.exit(0)
        except Exception:
            print("never: SystemExit is not an Exception")
    deep(n - 1)


print("start")
try:
    deep(3)
finally:
    print("finally on the way out")
print("never printed")
