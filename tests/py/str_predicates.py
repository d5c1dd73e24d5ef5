# str predicates: isdigit, isalpha, isalnum, isspace, isupper, islower, isidentifier, isdecimal, istitle.
for s in ["123", "abc", "abc123", "   ", "ABC", "abc", "Abc Def", "", "x_1", "1x", "²", "é"]:
    print(repr(s), s.isdigit(), s.isalpha(), s.isalnum(), s.isspace(), s.isupper(), s.islower(),
          s.isidentifier(), s.isdecimal(), s.istitle())
