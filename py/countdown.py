# countdown: David Beazley's CPU-bound loop `while n > 0: n -= 1`, the console's `run countdown`; `countdown.py [N]`.
# Nothing but the eval loop and small-int arithmetic: with threads (next issue) it shows that the GIL
# lets only one thread count at a time.
import sys

DEFAULT_STEPS = 400000


def count(n):
    while n > 0:
        n -= 1


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].isdigit()):
        print("usage: countdown.py [N] (steps, default %d); got %r" % (DEFAULT_STEPS, sys.argv[1:]),
              file=sys.stderr)
        sys.exit(2)
    steps = int(sys.argv[1]) if len(sys.argv) == 2 else DEFAULT_STEPS
    count(steps)
    print("countdown: counted down from %d" % steps)


main()
