# f-strings: expressions, method calls, nested quotes, conversions !r !s, and = for debugging.
name, n = "world", 3
print(f"hello {name}")
print(f"{n} squared is {n * n}, {name.upper()!r}, {name!s}")
print(f"{'quoted'} {[1, 2][0]} {{braces}}")
items = {"a": 1}
print(f"{items['a']} {len(items)}")
print(f"{n=} {name=!r} {n * 2 = }")
print(f"{'multi'}" f"{'part'}")
x = 3.14159
print(f"{x:.2f} {x:10.3f}| {x:<8.1f}| {n:03d} {n:>4} {name:^11}|")
width, prec = 10, 3
print(f"{x:{width}.{prec}f}|")
print(f"{255:#x} {255:b} {1234567:,} {0.5:%}")
print(f"{None} {True} {1e100} {-0.0}")
