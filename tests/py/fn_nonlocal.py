# nonlocal rebinds a variable of an enclosing function, several levels out; global rebinds a module variable.
level = "module"


def outer():
    level = "outer"

    def middle():
        def inner():
            nonlocal level
            level = "changed by inner"
        inner()
        return level
    print(middle())
    print(level)


outer()
print(level)


def set_global():
    global level
    level = "changed by set_global"


set_global()
print(level)


def shadow():
    level = "local only"
    return level


print(shadow(), level)


def unbound():
    try:
        print(x)
    except UnboundLocalError as e:
        print(type(e).__name__, isinstance(e, NameError))
    x = 1


unbound()
