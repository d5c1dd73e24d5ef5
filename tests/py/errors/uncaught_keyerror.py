# An uncaught KeyError from a nested call: the last line shows the key's repr.
def lookup(table, key):
    return table[key]


def main():
    prices = {"apple": 3}
    print("apple costs", lookup(prices, "apple"))
    print("pear costs", lookup(prices, "pear"))


main()
