# finally and control flow: return, break and continue pass through finally; a return in finally wins.
def ret():
    try:
        return "from try"
    finally:
        print("finally after return")


def override():
    try:
        return "from try"
    finally:
        return "from finally"


def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "finally swallowed the exception"


print(ret())
print(override())
print(swallow())
for i in range(3):
    try:
        if i == 0:
            continue
        if i == 2:
            break
        print("body", i)
    finally:
        print("finally", i)


def nested():
    try:
        try:
            raise KeyError("inner")
        finally:
            print("inner finally")
    except KeyError:
        print("outer except")
    finally:
        print("outer finally")


nested()
