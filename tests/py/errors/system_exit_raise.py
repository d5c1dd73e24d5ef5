# raise SystemExit(7) ends with status 7; an outer except SystemExit can see the code first.
try:
    raise SystemExit(5)
except SystemExit as e:
    print("caught SystemExit with code", e.code)
print("raising again")
raise SystemExit(7)
