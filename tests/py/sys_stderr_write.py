# sys.stderr.write and print(file=sys.stderr): the runner compares stderr too.
# Written last, after stdout is flushed, so that the kernel console (one stream) shows the same order.
import sys

print("stdout first")
sys.stdout.flush()
print(sys.stderr.write("to stderr\n"), file=sys.stderr)
print("printed to stderr", 42, file=sys.stderr, flush=True)
