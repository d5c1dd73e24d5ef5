# import of a .py file beside the program: its top level runs once, names come through import and from-import.
import _helper_shapes
from _helper_shapes import perimeter, Circle
import _helper_shapes as again

print(perimeter("square", 5), Circle(2).area())
print(_helper_shapes.SIDES, again is _helper_shapes, _helper_shapes.__name__)
