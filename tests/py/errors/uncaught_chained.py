# An uncaught exception raised from another: both tracebacks print, the last line names the outer one, status 1.
class ParseError(Exception):
    pass


def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise ParseError("cannot parse " + repr(text)) from e


print(parse("12"))
print(parse("twelve"))
