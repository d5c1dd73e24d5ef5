# io: a loop that "does I/O" by sleeping and printing between bits of work, the console's `run io`; `io.py [ROUNDS]`.
# While a thread sleeps it holds no GIL, so with threads (next issue) io-bound programs overlap where
# CPU-bound ones cannot.
import sys
import time

DEFAULT_ROUNDS = 50
SLEEP_S = 0.002                      # the "I/O wait" of one round
WORK_PER_ROUND = 2000


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].isdigit()):
        print("usage: io.py [ROUNDS] (default %d); got %r" % (DEFAULT_ROUNDS, sys.argv[1:]), file=sys.stderr)
        sys.exit(2)
    rounds = int(sys.argv[1]) if len(sys.argv) == 2 else DEFAULT_ROUNDS
    t0 = time.monotonic()
    checksum = 0
    for r in range(rounds):
        for i in range(WORK_PER_ROUND):
            checksum = (checksum + i * r) % 1000003
        time.sleep(SLEEP_S)
        if r % 10 == 0:
            print("io: round %d" % r)
    waited = time.monotonic() - t0
    print("io: %d rounds, checksum %d, slept at least %.3f s: %s"
          % (rounds, checksum, rounds * SLEEP_S, waited >= rounds * SLEEP_S))


main()
