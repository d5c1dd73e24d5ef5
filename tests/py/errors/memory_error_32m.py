# Running out of memory raises MemoryError, which a program can catch and carry on after (meant for a 32 MiB guest).
# Under CPython on a large host the loop stops at its cap instead; either way the program prints the same lines.
CHUNK_ITEMS = 128 * 1024            # one list of 128 Ki slots is 1 MiB of pointers
CAP_CHUNKS = 64                     # 64 MiB: twice what a 32 MiB guest has

print("allocating")
chunks = []
try:
    while len(chunks) < CAP_CHUNKS:
        chunks.append([None] * CHUNK_ITEMS)
except MemoryError:
    pass
chunks = None
print("allocation stopped; memory is usable again:", sum([len(str(i)) for i in range(1000)]))
try:
    huge = [0] * (1 << 60)           # no machine has this: MemoryError at once, everywhere
except MemoryError:
    print("MemoryError for [0] * 2**60")
print("still running")
