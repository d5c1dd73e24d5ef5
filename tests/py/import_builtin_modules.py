# import of the built-in modules: import, import as, from-import, and module attributes.
import gc
import sys
import math as m
from math import sqrt, pi
from time import perf_counter
import weakref
import random
import time

print(type(gc).__name__, gc.__name__, sys.__name__, m.__name__)
print(sqrt(16), round(pi, 5), m.floor(2.7))
print(callable(perf_counter), callable(time.monotonic), callable(weakref.ref), callable(random.random))
import math
print(math is m)
try:
    from math import no_such_function
except ImportError as e:
    print(type(e).__name__)
