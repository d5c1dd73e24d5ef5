# Single inheritance: overriding, calling the base method explicitly, inherited attributes, isinstance and issubclass.
class Animal:
    sound = "..."

    def __init__(self, name):
        self.name = name

    def speak(self):
        return self.name + " says " + self.sound

    def kind(self):
        return "animal"


class Dog(Animal):
    sound = "woof"

    def kind(self):
        return "dog, an " + Animal.kind(self)


class Puppy(Dog):
    def speak(self):
        return Dog.speak(self) + " (squeaky)"


for a in (Animal("it"), Dog("rex"), Puppy("bit")):
    print(a.speak(), "|", a.kind())
print(issubclass(Puppy, Animal), issubclass(Animal, Dog), isinstance(Puppy("p"), Dog))
print([c.__name__ for c in Puppy.__mro__])
print(Puppy.__bases__[0].__name__, Animal.__bases__[0].__name__)
