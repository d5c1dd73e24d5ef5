# @staticmethod: no self, callable on the class and on instances, and the staticmethod object in __dict__.
class Maths:
    @staticmethod
    def add(a, b):
        return a + b

    def uses_static(self):
        return self.add(2, 3)


print(Maths.add(1, 2), Maths().add(3, 4), Maths().uses_static())
print(type(Maths.__dict__["add"]).__name__)
print(type(Maths.add).__name__)
