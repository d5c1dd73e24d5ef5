# try/except/else/finally: else runs only without an exception, finally always, in that order.
def run(fail):
    try:
        print("  try")
        if fail:
            raise RuntimeError("fail")
    except RuntimeError:
        print("  except")
    else:
        print("  else")
    finally:
        print("  finally")


print("no failure:")
run(False)
print("failure:")
run(True)
