# A failing assert at module level: AssertionError with its message, status 1.
total = sum(range(10))
print("total", total)
assert total == 45, "sum is right"
assert total % 2 == 0, "total must be even, got %d" % total
