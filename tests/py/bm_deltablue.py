# deltablue-like: an incremental one-way constraint solver (strengths, plans, many small objects), the shape of pyperformance's deltablue.
# Our own smaller solver: each constraint picks which of its variables it computes, stronger constraints
# override weaker ones, and a plan (the satisfied constraints in dependency order) recomputes the outputs.


class OrderedCollection(list):
    """A list subclass, as the real benchmark uses one."""

    def remove_all(self, item):
        while item in self:
            self.remove(item)


class Strength:
    def __init__(self, level, name):
        self.level = level          # smaller is stronger
        self.name = name

    @classmethod
    def stronger(cls, a, b):
        return a.level < b.level

    @classmethod
    def weakest_of(cls, a, b):
        return a if a.level > b.level else b

    def __repr__(self):
        return self.name


REQUIRED = Strength(0, "required")
STRONG = Strength(1, "strong")
PREFERRED = Strength(2, "preferred")
NORMAL = Strength(3, "normal")
WEAK = Strength(4, "weak")
WEAKEST = Strength(5, "weakest")


class Variable:
    def __init__(self, name, value=0):
        self.name = name
        self.value = value
        self.constraints = OrderedCollection()
        self.determined_by = None
        self.walk_strength = WEAKEST
        self.stay = True
        self.mark = 0

    def consumers(self):
        return [c for c in self.constraints if c.is_satisfied() and c.output() is not self]


class Constraint:
    def __init__(self, strength):
        self.strength = strength

    def add_to_graph(self):
        for v in self.variables():
            v.constraints.append(self)


class UnaryConstraint(Constraint):
    def __init__(self, var, strength):
        super().__init__(strength)
        self.var = var
        self.satisfied = False

    def variables(self):
        return [self.var]

    def choose_method(self, mark):
        self.satisfied = self.var.mark != mark and Strength.stronger(self.strength, self.var.walk_strength)

    def is_satisfied(self):
        return self.satisfied

    def output(self):
        return self.var if self.satisfied else None

    def inputs(self):
        return []

    def mark_unsatisfied(self):
        self.satisfied = False

    def recalculate(self):
        self.var.walk_strength = self.strength
        self.var.stay = not self.is_input()
        if self.var.stay:
            self.execute()


class StayConstraint(UnaryConstraint):
    def is_input(self):
        return False

    def execute(self):
        pass                        # a stay keeps the value the variable has


class EditConstraint(UnaryConstraint):
    def is_input(self):
        return True                 # the program sets the value from outside

    def execute(self):
        pass


class BinaryConstraint(Constraint):
    NONE, FORWARD, BACKWARD = 0, 1, 2

    def __init__(self, v1, v2, strength):
        super().__init__(strength)
        self.v1, self.v2 = v1, v2
        self.direction = self.NONE

    def variables(self):
        return [self.v1, self.v2]

    def choose_method(self, mark):
        v1, v2, s = self.v1, self.v2, self.strength
        if v1.mark == mark:
            ok = v2.mark != mark and Strength.stronger(s, v2.walk_strength)
            self.direction = self.FORWARD if ok else self.NONE
        elif v2.mark == mark:
            ok = v1.mark != mark and Strength.stronger(s, v1.walk_strength)
            self.direction = self.BACKWARD if ok else self.NONE
        elif Strength.stronger(v2.walk_strength, v1.walk_strength):
            self.direction = self.BACKWARD if Strength.stronger(s, v1.walk_strength) else self.NONE
        else:
            self.direction = self.FORWARD if Strength.stronger(s, v2.walk_strength) else self.NONE

    def is_satisfied(self):
        return self.direction != self.NONE

    def output(self):
        return {self.FORWARD: self.v2, self.BACKWARD: self.v1}.get(self.direction)

    def inputs(self):
        return [self.v1 if self.direction == self.FORWARD else self.v2]

    def mark_unsatisfied(self):
        self.direction = self.NONE

    def recalculate(self):
        source, out = self.inputs()[0], self.output()
        out.walk_strength = Strength.weakest_of(self.strength, source.walk_strength)
        out.stay = source.stay
        if out.stay:
            self.execute()


class EqualityConstraint(BinaryConstraint):
    def execute(self):
        if self.direction == self.FORWARD:
            self.v2.value = self.v1.value
        else:
            self.v1.value = self.v2.value


class ScaleConstraint(BinaryConstraint):
    """v2 = v1 * scale + offset, either way round."""

    def __init__(self, v1, scale, offset, v2, strength):
        super().__init__(v1, v2, strength)
        self.scale, self.offset = scale, offset

    def execute(self):
        if self.direction == self.FORWARD:
            self.v2.value = self.v1.value * self.scale + self.offset
        else:
            self.v1.value = (self.v2.value - self.offset) // self.scale


class Planner:
    def __init__(self):
        self.current_mark = 0
        self.constraints = OrderedCollection()

    def new_mark(self):
        self.current_mark += 1
        return self.current_mark

    def add(self, constraint):
        constraint.add_to_graph()
        self.constraints.append(constraint)
        mark = self.new_mark()
        overridden = self.satisfy(constraint, mark)
        while overridden is not None:
            overridden = self.satisfy(overridden, mark)
        return constraint

    def satisfy(self, c, mark):
        c.choose_method(mark)
        if not c.is_satisfied():
            if c.strength is REQUIRED:
                raise RuntimeError("could not satisfy a required constraint")
            return None
        out = c.output()
        overridden = out.determined_by
        if overridden is not None:
            overridden.mark_unsatisfied()
        out.determined_by = c
        self.propagate_from(c, mark)
        out.mark = mark
        return overridden

    def propagate_from(self, c, mark):
        todo = [c]
        while todo:
            d = todo.pop()
            d.recalculate()
            todo.extend(d.output().consumers())

    def plan_for(self, sources):
        mark = self.new_mark()
        plan, todo = [], list(sources)
        while todo:
            c = todo.pop(0)
            if not c.is_satisfied():
                continue
            out = c.output()
            if out.mark != mark and all(v.mark == mark for v in c.inputs()):
                plan.append(c)
                out.mark = mark
                todo.extend(out.consumers())
        return plan

    def run(self, plan):
        for c in plan:
            c.execute()


def chain_test(n):
    planner = Planner()
    chain = [Variable("v%d" % i) for i in range(n + 1)]
    for a, b in zip(chain, chain[1:]):
        planner.add(EqualityConstraint(a, b, REQUIRED))
    planner.add(StayConstraint(chain[-1], WEAK))
    edit = planner.add(EditConstraint(chain[0], PREFERRED))
    plan = planner.plan_for([edit])
    failures = 0
    for value in range(50):
        chain[0].value = value
        planner.run(plan)
        failures += chain[-1].value != value
    return len(plan), failures, chain[-1].walk_strength


def projection_test(n):
    planner = Planner()
    scale, offset = Variable("scale", 10), Variable("offset", 1000)
    sources, dests = [], []
    for i in range(n):
        src, dst = Variable("src%d" % i, i), Variable("dst%d" % i, i)
        sources.append(src)
        dests.append(dst)
        planner.add(StayConstraint(src, NORMAL))
        planner.add(ScaleConstraint(src, scale.value, offset.value, dst, REQUIRED))
    first_dst = dests[0].value
    edit = planner.add(EditConstraint(sources[0], PREFERRED))
    plan = planner.plan_for([edit])
    sources[0].value = 17
    planner.run(plan)
    forward = dests[0].value
    edit_dst = planner.add(EditConstraint(dests[-1], STRONG))
    plan = planner.plan_for([edit_dst])
    dests[-1].value = 5000
    planner.run(plan)
    return first_dst, forward, sources[-1].value, [d.value for d in dests[:4]]


for n in (5, 50, 200):
    print("chain", n, chain_test(n))
for n in (3, 30):
    print("projection", n, projection_test(n))
