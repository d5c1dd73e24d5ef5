# __name__ is "__main__" for the program and the module's own name when imported; the if __name__ guard that real programs use.
import _helper_shapes

print(__name__, _helper_shapes.__name__)


def main():
    print("main() ran because this file is the program")


if __name__ == "__main__":
    main()
