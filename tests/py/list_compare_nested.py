# Lists compare element by element; nested lists are shared references; a list can contain itself.
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 99], [] == [], [1, [2]] == [1, [2]])
row = [0] * 3
grid = [row] * 3
grid[0][0] = 1
print(grid)
grid = [[0] * 3 for _ in range(3)]
grid[0][0] = 1
print(grid)
me = [1, 2]
me.append(me)
print(me, me[2] is me, len(me))
print([[1, 2], [3]] + [[4]], [x for sub in [[1], [2, 3]] for x in sub])
print(1 in [1, 2], [1] in [[1], 2], "a" not in ["b"])
