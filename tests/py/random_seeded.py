# random: CPython's Mersenne Twister, so a program seeded with an int prints the same numbers on any Python.
import random

random.seed(42)
print([random.random() for _ in range(5)])
print([random.randint(1, 6) for _ in range(10)])
print([random.randrange(100) for _ in range(5)], random.randrange(10, 20, 3), random.getrandbits(64))
deck = list(range(10))
random.shuffle(deck)
print(deck)
print(random.choice("abcdef"), random.sample(range(100), 5), random.uniform(1, 2))
random.seed(12345)
first = [random.random() for _ in range(3)]
random.seed(12345)
print(first == [random.random() for _ in range(3)], first)
random.seed(2 ** 100 + 7)
print(random.random(), random.getrandbits(10))
random.seed(0)
print(random.random(), random.choices([1, 2, 3], k=5))
rng = random.Random(7)
print(rng.random(), rng.randint(0, 10 ** 30))
try:
    random.choice([])
except IndexError as e:
    print("IndexError:", e)
