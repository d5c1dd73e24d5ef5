# Keyword arguments: any order, mixing with positionals, and the TypeErrors for duplicates and unknown names.
def box(width, height, depth=1):
    return width * height * depth


print(box(2, 3))
print(box(height=4, width=5))
print(box(2, depth=10, height=3))

for call in (lambda: box(1, width=2), lambda: box(1, 2, colour=3), lambda: box(1)):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
