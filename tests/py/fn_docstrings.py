# Docstrings: a function's, a class's and a method's __doc__, a function without one has None.
"""A module docstring."""


def documented():
    """Say what it does."""


def undocumented():
    pass


class Widget:
    """A widget."""

    def spin(self):
        """Spin the widget."""


print(repr(documented.__doc__), repr(undocumented.__doc__), Widget.__doc__, Widget.spin.__doc__)
print(__doc__)
