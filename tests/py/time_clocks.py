# time.perf_counter, time.monotonic and time.sleep: float clocks that never go back and a sleep that waits at least as asked.
import time

t0, m0 = time.perf_counter(), time.monotonic()
print(type(t0).__name__, type(m0).__name__)
time.sleep(0.02)
t1, m1 = time.perf_counter(), time.monotonic()
print(t1 - t0 >= 0.019, m1 - m0 >= 0.015, t1 >= t0, m1 >= m0)
last = time.monotonic()
ok = True
for _ in range(1000):
    now = time.monotonic()
    ok = ok and now >= last
    last = now
print("monotonic never decreased:", ok)
time.sleep(0)
try:
    time.sleep(-1)
except ValueError as e:
    print("ValueError:", e)
