# try/except: matching by class and base class, tuples of classes, the as name, and that it is cleared after.
def classify(action):
    try:
        action()
    except ZeroDivisionError:
        return "ZeroDivisionError"
    except (KeyError, IndexError) as e:
        return "lookup " + type(e).__name__
    except ArithmeticError as e:
        return "arithmetic " + type(e).__name__
    except Exception as e:
        return "other " + type(e).__name__
    return "no error"


print(classify(lambda: 1 / 0))
print(classify(lambda: {}["k"]))
print(classify(lambda: [][1]))
print(classify(lambda: 2.0 ** 10000))
print(classify(lambda: int("x")))
print(classify(lambda: None))
try:
    raise ValueError("v")
except ValueError as err:
    pass
try:
    err
except NameError:
    print("the as name is deleted after the handler")
