# list.sort and sorted: stability, key=, reverse=, errors and "list modified during sort"
seed = 12345
def rand(n):
    global seed
    seed = seed * 48271 % 2147483647
    return seed % n
data = [(i % 7, i) for i in range(60)]
for i in range(len(data) - 1, 0, -1):
    j = rand(i + 1)
    data[i], data[j] = data[j], data[i]
s = sorted(data, key=lambda t: t[0])
print(s[:12])
print(all(s[i][0] < s[i + 1][0] or (s[i][0] == s[i + 1][0] and data.index(s[i]) < data.index(s[i + 1])) for i in range(len(s) - 1)))
r = sorted(data, key=lambda t: t[0], reverse=True)
print(r[:12])
words = ['pear', 'Apple', 'fig', 'banana', 'kiwi', 'Cherry', 'date', 'elder', 'grape']
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=len, reverse=True))
nums = [rand(101) - 50 for _ in range(200)]
a = nums[:]; a.sort(); print(a == sorted(nums), a[:10], a[-5:])
a.sort(reverse=True); print(a[:10])
print(sorted([3.5, 1, 2.25, -1, 0]), sorted([]), sorted([1]), sorted('hello'))
print(sorted([[2, 1], [1, 2], [1, 1, 0]]), sorted([(1, 'b'), (1, 'a'), (0, 'z')]))
class K:
    def __init__(self, v, tag): self.v, self.tag = v, tag
    def __lt__(self, other): return self.v < other.v
    def __repr__(self): return f'K({self.v},{self.tag})'
print(sorted([K(2, 'a'), K(1, 'b'), K(2, 'c'), K(1, 'd'), K(0, 'e')]))
print(sorted([K(2, 'a'), K(1, 'b'), K(2, 'c'), K(1, 'd')], reverse=True))
try:
    sorted([1, 'a', 2])
except TypeError as e:
    print('TypeError', e)
l = [3, 2, 1]
try:
    l.sort(key=lambda x: l.append(x) or x)
except ValueError as e:
    print('ValueError', e, l)
l = [5, 4, 3]
try:
    l.sort(key=lambda x: 1 / (x - 4))
except ZeroDivisionError as e:
    print('ZeroDivisionError', e, l)
big = list(range(1000, 0, -1)); big.sort(); print(big[:3], big[-3:], len(big))
stab = [(x // 10, x) for x in range(300, 0, -1)]; stab.sort(key=lambda p: p[0]); print(stab[:5], stab[-5:])
try:
    [].sort(1)
except TypeError as e:
    print('TypeError', e)
