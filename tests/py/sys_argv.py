# sys.argv: the program's extra arguments arrive as strings after the program name.
# argv: first 2 "with space" --flag
import sys

print(len(sys.argv))
print(sys.argv[1:])
print(isinstance(sys.argv[0], str))
print(sys.argv[0].endswith("sys_argv.py"))
