# An uncaught user-defined exception with a custom __str__: the last line is "ModuleLevel: str".
class InvalidMove(Exception):
    def __init__(self, square):
        super().__init__(square)
        self.square = square

    def __str__(self):
        return "square %d is taken" % self.square


board = [None] * 9
board[4] = "x"
for square in (0, 4):
    if board[square] is not None:
        raise InvalidMove(square)
    board[square] = "o"
    print("placed at", square)
