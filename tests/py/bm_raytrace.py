# raytrace-like: a small ray tracer (vector objects, spheres and a plane, shadows, reflections), the shape of pyperformance's raytrace.
# Our own version; only + - * / and math.sqrt, which IEEE arithmetic rounds exactly, so every Python gets the same pixels.
from math import sqrt

EPSILON = 1e-7


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def length(self):
        return sqrt(self.dot(self))

    def normalized(self):
        return self.scale(1.0 / self.length())

    def reflect_about(self, normal):
        return self - normal.scale(2 * self.dot(normal))


class Ray:
    def __init__(self, origin, direction):
        self.origin, self.direction = origin, direction.normalized()

    def at(self, t):
        return self.origin + self.direction.scale(t)


class Sphere:
    def __init__(self, centre, radius, colour, shine):
        self.centre, self.radius, self.colour, self.shine = centre, radius, colour, shine

    def hit(self, ray):
        oc = ray.origin - self.centre
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        t = -b - sqrt(disc)
        return t if t > EPSILON else None

    def normal_at(self, p):
        return (p - self.centre).normalized()


class Plane:
    def __init__(self, point, normal, colour, shine):
        self.point, self.normal, self.colour, self.shine = point, normal.normalized(), colour, shine

    def hit(self, ray):
        denom = ray.direction.dot(self.normal)
        if abs(denom) < EPSILON:
            return None
        t = (self.point - ray.origin).dot(self.normal) / denom
        return t if t > EPSILON else None

    def normal_at(self, p):
        return self.normal


class Scene:
    def __init__(self, objects, light):
        self.objects, self.light = objects, light

    def nearest(self, ray):
        best, best_t = None, None
        for obj in self.objects:
            t = obj.hit(ray)
            if t is not None and (best_t is None or t < best_t):
                best, best_t = obj, t
        return best, best_t

    def trace(self, ray, depth=0):
        obj, t = self.nearest(ray)
        if obj is None:
            return 0.1
        p = ray.at(t)
        n = obj.normal_at(p)
        to_light = (self.light - p).normalized()
        shadowed = self.nearest(Ray(p, to_light))[0] is not None
        diffuse = 0.0 if shadowed else max(0.0, n.dot(to_light))
        value = obj.colour * (0.2 + 0.8 * diffuse)
        if depth < 2 and obj.shine > 0:
            value = value * (1 - obj.shine) + obj.shine * self.trace(Ray(p, ray.direction.reflect_about(n)), depth + 1)
        return value


def render(scene, width, height):
    eye = Vec(0.0, 1.0, -4.0)
    rows = []
    for j in range(height):
        row = []
        for i in range(width):
            x = (i + 0.5) / width * 2 - 1
            y = 1 - (j + 0.5) / height * 2
            row.append(scene.trace(Ray(eye, Vec(x, y * 0.6 - 0.1, 1.5))))
        rows.append(row)
    return rows


scene = Scene([
    Sphere(Vec(0.0, 1.0, 2.0), 1.0, 0.9, 0.3),
    Sphere(Vec(-1.6, 0.6, 3.0), 0.6, 0.6, 0.0),
    Sphere(Vec(1.5, 0.5, 1.2), 0.5, 1.0, 0.5),
    Plane(Vec(0.0, 0.0, 0.0), Vec(0.0, 1.0, 0.0), 0.5, 0.2),
], Vec(-3.0, 5.0, -2.0))
image = render(scene, 40, 20)
for row in image:
    print("".join(" .:-=+*#%@"[min(9, int(v * 10))] for v in row))
print(sum(int(v * 1000) for row in image for v in row))
