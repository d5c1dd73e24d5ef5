# Unicode strings: non-ASCII source text, len counts code points, ord/chr, escapes, and encoding to UTF-8.
s = "héllo wörld ✓ 日本語 🐍"
print(s)
print(len(s), s[1], s[-1], s.upper())
print(ord("é"), ord("✓"), ord("🐍"), chr(233), chr(0x65e5), chr(128013))
print("\u00e9" == "é", "\N{GREEK SMALL LETTER ALPHA}", "\x41\t|", repr("\n\t\\"))
print(s.encode("utf-8"))
print(len(s.encode("utf-8")), b"\xc3\xa9".decode("utf-8"))
print("日本" + "語", "ß".upper(), "Ω".lower(), "ÉCOLE".lower())
print(sorted(["é", "e", "z", "a", "ä"]))
print(repr("é✓🐍"), repr("\u00e9\t"))
print("straße".find("ß"), "🐍🐍".count("🐍"), list("añ"))
