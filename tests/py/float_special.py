# inf and nan: arithmetic with them, comparisons (nan equals nothing), and their repr and conversions.
import math

inf, nan = float("inf"), float("nan")
print(inf, -inf, nan, float("-inf"), float("Infinity"), float("NaN"))
print(inf + 1, inf * -1, inf - inf, inf * 0, 1 / inf, -1 / inf)
print(nan == nan, nan != nan, nan < 1, nan > 1, inf > 1e308, -inf < -1e308)
print(math.isnan(nan), math.isinf(-inf), math.isfinite(1.0), math.isfinite(inf))
print(max(1.0, inf), min(-inf, 0))
print(inf == float("inf"), [nan] == [nan], nan in [nan])
