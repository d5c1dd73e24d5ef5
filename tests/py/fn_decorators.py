# Decorators: functions wrapping functions, decorators with arguments, stacking order, and class decorators.
calls = []


def logged(fn):
    def wrapper(*args, **kwargs):
        calls.append(fn.__name__)
        return fn(*args, **kwargs)
    wrapper.__name__ = fn.__name__
    return wrapper


def times(n):
    def decorate(fn):
        def wrapper(x):
            for _ in range(n):
                x = fn(x)
            return x
        return wrapper
    return decorate


@logged
def double(x):
    return 2 * x


@times(3)
def inc(x):
    return x + 1


def tag(label):
    def decorate(fn):
        def wrapper():
            return label + "(" + fn() + ")"
        return wrapper
    return decorate


@tag("outer")
@tag("inner")
def text():
    return "t"


print(double(4), double(5), calls, double.__name__)
print(inc(0))
print(text())


def register(cls):
    cls.registered = True
    return cls


@register
class Plugin:
    pass


print(Plugin.registered)
