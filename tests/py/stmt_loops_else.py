# Loops: while and for with else (runs when no break), break, continue, and nested loops.
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, "is prime")
i = 0
while i < 10:
    i += 1
    if i % 2:
        continue
    if i > 6:
        break
    print("even", i)
else:
    print("never: the loop broke")
while False:
    pass
else:
    print("while-else ran")
for x in []:
    print("no")
else:
    print("empty for-else ran")
