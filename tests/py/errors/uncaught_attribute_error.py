# AttributeError on an instance: the last line names the class and the attribute.
class Account:
    def __init__(self, owner):
        self.owner = owner


acct = Account("ann")
print(acct.owner)
print(acct.balance)
