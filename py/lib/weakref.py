"""weakref for pymm: the parts of CPython 3.11's weakref module that programs use, on the
interpreter's builtin _weakref (ref, getweakrefcount, getweakrefs).

finalize keeps its live instances in a registry, as CPython does, so a finalizer lives until it
runs or is detached; those still alive when the program ends run then, newest first (CPython's
atexit hook; pymm's interpreter calls _run_exit_finalizers). WeakValueDictionary and
WeakKeyDictionary drop an entry when its weakly held object dies, through a weakref callback.
"""

from _weakref import ref, getweakrefcount, getweakrefs, ReferenceType

__all__ = ["ref", "ReferenceType", "getweakrefcount", "getweakrefs", "finalize",
           "WeakValueDictionary", "WeakKeyDictionary", "WeakSet"]


class finalize:
    """Call func(*args, **kwargs) when obj is collected, or when called, at most once."""

    _registry = {}
    _index = 0

    class _Info:
        __slots__ = ("weakref", "func", "args", "kwargs", "atexit", "index")

    def __init__(self, obj, func, /, *args, **kwargs):
        info = self._Info()
        info.weakref = ref(obj, self)
        info.func = func
        info.args = args
        info.kwargs = kwargs or None
        info.atexit = True
        finalize._index += 1
        info.index = finalize._index
        self._registry[self] = info

    def __call__(self, _=None):
        """Run the callback now if it is still alive; its result, else None."""
        info = self._registry.pop(self, None)
        if info is not None:
            return info.func(*info.args, **(info.kwargs or {}))

    def detach(self):
        """Forget the callback: (obj, func, args, kwargs) if alive, else None."""
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None and self._registry.pop(self, None):
            return (obj, info.func, info.args, info.kwargs or {})

    def peek(self):
        """(obj, func, args, kwargs) without detaching, or None once dead."""
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None:
            return (obj, info.func, info.args, info.kwargs or {})

    @property
    def alive(self):
        return self in self._registry

    @property
    def atexit(self):
        info = self._registry.get(self)
        return bool(info) and info.atexit

    @atexit.setter
    def atexit(self, value):
        info = self._registry.get(self)
        if info:
            info.atexit = bool(value)

    def __repr__(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is None:
            return "<%s object at %#x; dead>" % (type(self).__name__, id(self))
        return "<%s object at %#x; for %r at %#x>" % (type(self).__name__, id(self),
                                                       type(obj).__name__, id(obj))


def _run_exit_finalizers():
    """The program is ending: run the alive finalizers that want it, newest first."""
    pending = [(info.index, f) for (f, info) in finalize._registry.items() if info.atexit]
    pending.sort(reverse=True)
    for _, f in pending:
        f()
    finalize._registry.clear()


class WeakValueDictionary:
    """A mapping whose values are held weakly: an entry goes when its value dies."""

    def __init__(self, other=(), /, **kw):
        self.data = {}

        def remove(wr, selfref=ref(self)):
            self = selfref()
            if self is not None:
                key = wr.key
                if self.data.get(key) is wr:
                    del self.data[key]
        self._remove = remove
        self.update(other, **kw)

    def __getitem__(self, key):
        o = self.data[key]()
        if o is None:
            raise KeyError(key)
        return o

    def __setitem__(self, key, value):
        self.data[key] = _keyed(value, key, self._remove)

    def __delitem__(self, key):
        del self.data[key]

    def __contains__(self, key):
        try:
            o = self.data[key]()
        except KeyError:
            return False
        return o is not None

    def __len__(self):
        return sum(1 for wr in list(self.data.values()) if wr() is not None)

    def get(self, key, default=None):
        try:
            wr = self.data[key]
        except KeyError:
            return default
        o = wr()
        return default if o is None else o

    def pop(self, key, *default):
        try:
            o = self.data.pop(key)()
        except KeyError:
            if default:
                return default[0]
            raise
        if o is None:
            if default:
                return default[0]
            raise KeyError(key)
        return o

    def setdefault(self, key, default=None):
        o = self.get(key)
        if o is None:
            self[key] = default
            return default
        return o

    def update(self, other=(), /, **kw):
        if hasattr(other, "keys"):
            other = [(k, other[k]) for k in other.keys()]
        for k, v in other:
            self[k] = v
        for k, v in kw.items():
            self[k] = v

    def keys(self):
        return [k for k, wr in list(self.data.items()) if wr() is not None]

    def __iter__(self):
        return iter(self.keys())

    def values(self):
        return [o for o in (wr() for wr in list(self.data.values())) if o is not None]

    def items(self):
        out = []
        for k, wr in list(self.data.items()):
            o = wr()
            if o is not None:
                out.append((k, o))
        return out

    def valuerefs(self):
        return list(self.data.values())

    def copy(self):
        return WeakValueDictionary(self.items())

    def __repr__(self):
        return "<%s at %#x>" % (type(self).__name__, id(self))


class _KeyedRefBox:
    """A weakref with the dictionary key it belongs to (CPython's KeyedRef)."""
    __slots__ = ("wr", "key")

    def __call__(self):
        return self.wr()


def _keyed(value, key, remove):
    box = _KeyedRefBox()
    box.key = key

    def callback(wr, box=box, remove=remove):
        remove(box)
    box.wr = ref(value, callback)
    return box



class WeakKeyDictionary:
    """A mapping whose keys are held weakly: an entry goes when its key dies."""

    def __init__(self, dict=None):
        self.data = {}

        def remove(k, selfref=ref(self)):
            self = selfref()
            if self is not None:
                self.data.pop(k, None)
        self._remove = remove
        if dict is not None:
            self.update(dict)

    def __setitem__(self, key, value):
        self.data[ref(key, self._remove)] = value

    def __getitem__(self, key):
        return self.data[ref(key)]

    def __delitem__(self, key):
        del self.data[ref(key)]

    def __contains__(self, key):
        try:
            wr = ref(key)
        except TypeError:
            return False
        return wr in self.data

    def __len__(self):
        return len(self.data)

    def get(self, key, default=None):
        return self.data.get(ref(key), default)

    def keys(self):
        return [k for k in (wr() for wr in list(self.data)) if k is not None]

    def __iter__(self):
        return iter(self.keys())

    def items(self):
        out = []
        for wr, v in list(self.data.items()):
            k = wr()
            if k is not None:
                out.append((k, v))
        return out

    def values(self):
        return [v for _, v in self.items()]

    def pop(self, key, *default):
        return self.data.pop(ref(key), *default)

    def setdefault(self, key, default=None):
        return self.data.setdefault(ref(key, self._remove), default)

    def update(self, dict=None, **kwargs):
        if dict is not None:
            items = dict.items() if hasattr(dict, "items") else dict
            for k, v in items:
                self[k] = v
        for k, v in kwargs.items():
            self[k] = v


class WeakSet:
    """A set of objects held weakly."""

    def __init__(self, data=None):
        self.data = set()

        def remove(item, selfref=ref(self)):
            self = selfref()
            if self is not None:
                self.data.discard(item)
        self._remove = remove
        if data is not None:
            for x in data:
                self.add(x)

    def add(self, item):
        self.data.add(ref(item, self._remove))

    def discard(self, item):
        self.data.discard(ref(item))

    def remove(self, item):
        self.data.remove(ref(item))

    def __contains__(self, item):
        try:
            wr = ref(item)
        except TypeError:
            return False
        return wr in self.data

    def __iter__(self):
        for wr in list(self.data):
            item = wr()
            if item is not None:
                yield item

    def __len__(self):
        return len(self.data)
