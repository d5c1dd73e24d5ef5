# nbody benchmark: a gravitational simulation of five bodies; `python3.11 py/bench/nbody.py [ITERATIONS]`.
# Prints one check line on stdout and the timing (median of a plain time.perf_counter loop) on stderr.
# The workload's code is tests/py/bm_nbody.py's (keep the two the same); only the sizes and this main differ.
# Our own system of five made-up bodies; the energy is printed before and after (it is nearly conserved).
# Square roots come from math.sqrt, which IEEE arithmetic rounds exactly, so every Python agrees to the last bit.
import sys
import time
from math import sqrt

def make_system():
    # name, position, velocity, mass
    return [
        ["star", [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], 40.0],
        ["inner", [1.0, 0.0, 0.0], [0.0, 6.2, 0.1], 0.01],
        ["middle", [0.0, 2.5, 0.1], [-3.9, 0.0, 0.0], 0.05],
        ["outer", [-4.0, 0.5, -0.2], [0.3, -3.1, 0.0], 0.2],
        ["comet", [6.0, -6.0, 1.0], [0.5, 0.8, -0.1], 0.001],
    ]


def pairs_of(bodies):
    return [(bodies[i], bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies))]


def advance(bodies, pairs, dt, steps):
    for _ in range(steps):
        for (_, p1, v1, m1), (_, p2, v2, m2) in pairs:
            dx = p1[0] - p2[0]
            dy = p1[1] - p2[1]
            dz = p1[2] - p2[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * sqrt(d2))
            b1 = m1 * mag
            b2 = m2 * mag
            v1[0] -= dx * b2
            v1[1] -= dy * b2
            v1[2] -= dz * b2
            v2[0] += dx * b1
            v2[1] += dy * b1
            v2[2] += dz * b1
        for _, p, v, _ in bodies:
            p[0] += dt * v[0]
            p[1] += dt * v[1]
            p[2] += dt * v[2]


def energy(bodies, pairs):
    e = 0.0
    for (_, p1, _, m1), (_, p2, _, m2) in pairs:
        dx, dy, dz = p1[0] - p2[0], p1[1] - p2[1], p1[2] - p2[2]
        e -= m1 * m2 / sqrt(dx * dx + dy * dy + dz * dz)
    for _, _, (vx, vy, vz), m in bodies:
        e += m * (vx * vx + vy * vy + vz * vz) / 2.0
    return e


def centre_momentum(bodies):
    px = py = pz = 0.0
    for _, _, (vx, vy, vz), m in bodies:
        px += vx * m
        py += vy * m
        pz += vz * m
    _, _, v, m = bodies[0]
    v[0], v[1], v[2] = -px / m, -py / m, -pz / m

DEFAULT_ITERATIONS = 10


def run():
    bodies = make_system()
    pairs = pairs_of(bodies)
    centre_momentum(bodies)
    advance(bodies, pairs, 0.001, 20000)
    return "%.9f" % energy(bodies, pairs)


def main():
    name = "nbody"
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].isdigit()) or sys.argv[1:] == ["0"]:
        print("usage: %s.py [ITERATIONS] (a positive integer, default %d); got %r"
              % (name, DEFAULT_ITERATIONS, sys.argv[1:]), file=sys.stderr)
        sys.exit(2)
    iterations = int(sys.argv[1]) if len(sys.argv) == 2 else DEFAULT_ITERATIONS
    times = []
    check = None
    for _ in range(iterations):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
        if check is not None and result != check:
            print("%s: iteration %d gave %r, the first gave %r" % (name, len(times), result, check),
                  file=sys.stderr)
            sys.exit(1)
        check = result
    times.sort()
    print("%s: energy after 20000 steps: %r" % (name, check))
    print("%s: %d iterations, median %.6f s, min %.6f s, max %.6f s"
          % (name, iterations, times[len(times) // 2], times[0], times[-1]), file=sys.stderr)


main()
