# repr of strings: quote choice, escapes of control characters, backslashes and non-printable code points.
for s in ["plain", "it's", 'say "hi"', "both ' and \"", "tab\there", "new\nline", "back\\slash",
          "\x00\x07\x1b", "\x7f", "é", "\u200b", "\r", ""]:
    print(repr(s))
print(str("it's"), repr(["a'b", 'c"d']))
