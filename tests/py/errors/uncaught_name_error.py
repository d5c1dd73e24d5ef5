# Using a name that was never defined: NameError at the line that used it.
def area(width, height):
    return width * heigth_typo


print("computing")
print(area(2, 3))
