# Augmented assignment: on ints, strings, lists (in place), tuples (new object), items and attributes.
n = 10
n += 5; n -= 3; n *= 2; n //= 5; n **= 3; n %= 7; n <<= 2; n >>= 1; n |= 8; n &= 12; n ^= 5
print(n)
f = 1.0
f /= 4
print(f)
s = "ab"
s += "cd"
s *= 2
print(s)
lst = [1]
alias = lst
lst += [2, 3]
print(lst, alias, lst is alias)
t = (1,)
alias_t = t
t += (2,)
print(t, alias_t, t is alias_t)
d = {"k": 1}
d["k"] += 10
print(d)


class C:
    v = 1


c = C()
c.v += 1
print(c.v, C.v)
