# User-defined exceptions: subclasses with extra attributes, args, str and repr, and catching by base.
class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, name, where):
        super().__init__(name, where)
        self.name, self.where = name, where

    def __str__(self):
        return "%s not found in %s" % (self.name, self.where)


try:
    raise NotFound("cfg", "/etc")
except AppError as e:
    print(type(e).__name__, e.args, e.name, str(e))
    print(repr(e))
print(repr(AppError()), str(AppError()), repr(AppError("a", 1)), str(AppError("a", 1)))
print(str(AppError("single")), repr(AppError("single")))
