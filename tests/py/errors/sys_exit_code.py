# sys.exit(n) ends the program with exit status n, after finally blocks ran.
import sys

try:
    print("exiting with 3")
    sys.exit(3)
finally:
    print("finally runs first")
print("never printed")
