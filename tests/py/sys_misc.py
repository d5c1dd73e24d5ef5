# sys: switch interval, intern, version_info, implementation, maxsize, and stdout.write returning the length.
import sys

print(sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(sys.getswitchinterval())
sys.setswitchinterval(0.005)
try:
    sys.setswitchinterval(0)
except ValueError as e:
    print("ValueError:", e)
a = "".join(["inter", "ned"])
b = "".join(["in", "terned"])
print(a == b, a is b, sys.intern(a) is sys.intern(b))
print(sys.version_info[:2], sys.version_info.major, sys.version_info.minor, sys.version_info >= (3, 11))
print(isinstance(sys.implementation.name, str), sys.implementation.name in ("cpython", "pymm"))
print(sys.maxsize == 2 ** 63 - 1)
n = sys.stdout.write("written by sys.stdout.write\n")
print(n)
sys.stdout.flush()
