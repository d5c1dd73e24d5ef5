# Set comprehensions over small ints (their order is the ints' order), and generator expressions into set().
print({x % 5 for x in range(20)})
print({x * x for x in range(-3, 4)})
print(sorted({w[0] for w in ["ab", "ac", "bd", "ce"]}))
print(set(n // 2 for n in range(9)))
print(len({(i, i) for i in range(10)}))
