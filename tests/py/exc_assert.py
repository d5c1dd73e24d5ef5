# assert: passes silently when true, raises AssertionError with the optional message when false.
assert True
assert 1 + 1 == 2, "never shown"
try:
    assert 1 > 2
except AssertionError as e:
    print("AssertionError", e.args)
try:
    x = 5
    assert x < 0, "x must be negative, got %d" % x
except AssertionError as e:
    print("AssertionError:", e)
