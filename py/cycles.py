# cycles: build reference cycles and let the collector find them, printing counts; `cycles.py [COUNT]`.
# The console's `run cycles`: COUNT self-referencing lists, each garbage as soon as it is made. With the
# collector enabled the automatic collections (generation 0 every 700 net allocations) reclaim them as
# the program runs; gc.get_stats() says how many collections of each generation ran and what they found.
import gc
import sys

DEFAULT_COUNT = 20000


def make_garbage(count):
    for i in range(count):
        lst = [i]
        lst.append(lst)              # lst refers to itself: its count never drops to zero


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].isdigit()):
        print("usage: cycles.py [COUNT] (default %d); got %r" % (DEFAULT_COUNT, sys.argv[1:]), file=sys.stderr)
        sys.exit(2)
    count = int(sys.argv[1]) if len(sys.argv) == 2 else DEFAULT_COUNT
    gc.collect()
    before = gc.get_stats()
    make_garbage(count)
    after = gc.get_stats()
    automatic = sum(a["collected"] - b["collected"] for a, b in zip(after, before))
    runs = [a["collections"] - b["collections"] for a, b in zip(after, before)]
    left = gc.collect()
    print("cycles: made %d self-referencing lists" % count)
    print("cycles: automatic collections per generation %s found %d of them" % (runs, automatic))
    print("cycles: the final gc.collect() found the other %d" % left)
    print("cycles: all accounted for: %s" % (automatic + left == count))

    gc.disable()
    make_garbage(count)
    print("cycles: with gc disabled nothing is freed until gc.collect(), which found %d" % gc.collect())
    gc.enable()


main()
