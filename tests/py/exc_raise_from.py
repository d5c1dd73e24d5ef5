# raise ... from: __cause__ is set and __suppress_context__ true; raise from None hides the context.
class ConfigError(Exception):
    pass


def load(text):
    try:
        return int(text)
    except ValueError as e:
        raise ConfigError("bad number " + repr(text)) from e


try:
    load("x1")
except ConfigError as e:
    print(repr(e))
    print(type(e.__cause__).__name__, e.__cause__)
    print(e.__suppress_context__, e.__context__ is e.__cause__)
try:
    try:
        {}["missing"]
    except KeyError:
        raise ConfigError("no key") from None
except ConfigError as e:
    print(e.__cause__, e.__suppress_context__, type(e.__context__).__name__)
