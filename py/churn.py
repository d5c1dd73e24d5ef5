# churn: allocate object graphs and drop them again, the console's `run churn`; `churn.py [ROUNDS]`.
# Each round builds a small tree of lists, dicts, tuples, strings and instances of varying size and lets it go:
# reference counting frees all of it at once (no cycles), so the heap's malloc/free paths do the work
# and the collector has nothing to find.
import gc
import sys

DEFAULT_ROUNDS = 20000


class Record:
    def __init__(self, key, payload):
        self.key = key
        self.payload = payload


def build(seed):
    """A graph of about 10 to 40 objects whose shape depends on seed."""
    width = 2 + seed % 7
    rows = []
    for i in range(width):
        fields = {"id": seed + i, "name": "item-%d" % i, "tags": [i, i * 2, str(i)]}
        rows.append(Record((seed, i), fields))
    return {"rows": rows, "size": width, "sum": tuple(range(width))}


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].isdigit()):
        print("usage: churn.py [ROUNDS] (default %d); got %r" % (DEFAULT_ROUNDS, sys.argv[1:]), file=sys.stderr)
        sys.exit(2)
    rounds = int(sys.argv[1]) if len(sys.argv) == 2 else DEFAULT_ROUNDS
    gc.collect()
    built = 0
    seed = 12345
    for _ in range(rounds):
        seed = (seed * 1103515245 + 12345) % 2147483648
        graph = build(seed)
        built += graph["size"]
        del graph                    # the whole graph is freed here, by reference counting
    print("churn: %d rounds built and dropped %d records; the collector then found %d objects"
          % (rounds, built, gc.collect()))


main()
