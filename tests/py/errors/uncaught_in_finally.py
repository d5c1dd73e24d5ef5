# An exception inside a finally block replaces the one in flight: the last line names the finally's exception.
def cleanup():
    try:
        raise ValueError("the first problem")
    finally:
        print("cleaning up")
        raise RuntimeError("cleanup failed")


cleanup()
