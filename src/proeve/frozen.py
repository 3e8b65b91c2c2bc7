"""Annotated classes -> light immutable records: a dataclass's manners at a fraction of its cost.

Why not dataclasses: `@dataclass(frozen=True)` writes and compiles its methods
when the class is created, about 0.75 ms a class on our machines; forty of them
were most of proeve's own start-up. A `Frozen` subclass gets the same behaviour
(positional and keyword init, defaults, equality, hash, repr, no assignment,
`replace`) from methods shared by every record, and type checkers read it as a
dataclass (PEP 681). Instances are built a little slower, which does not matter
at the few hundred records a build makes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[type], type]:
        return lambda cls: cls


__all__ = ["Field", "Frozen", "FrozenError", "field", "fields", "replace"]

T = TypeVar("T", bound="Frozen")
_MISSING: Any = object()


class FrozenError(AttributeError):
    """Raised on an attempt to assign to a field of a record."""


class Field:
    """One field of a record: its name, default, and what it says about itself (`metadata`)."""

    __slots__ = ("compare", "default", "factory", "metadata", "name", "repr")

    def __init__(
        self,
        default: Any = _MISSING,
        factory: Callable[[], Any] | None = None,
        compare: bool = True,
        repr: bool = True,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = ""
        self.default = default
        self.factory = factory
        self.compare = compare
        self.repr = repr
        self.metadata: Mapping[str, Any] = metadata or {}

    @property
    def required(self) -> bool:
        return self.default is _MISSING and self.factory is None


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    compare: bool = True,
    repr: bool = True,
    metadata: Mapping[str, Any] | None = None,
) -> Any:
    """Describe a field, as dataclasses.field does (the options proeve uses)."""
    return Field(default, default_factory, compare, repr, metadata)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Frozen:
    """Base of immutable records: annotate fields in the class body, as for a dataclass."""

    __slots__ = ()
    _fields: ClassVar[tuple[Field, ...]] = ()
    _names: ClassVar[tuple[str, ...]] = ()
    _known: ClassVar[frozenset[str]] = frozenset()
    _defaults: ClassVar[dict[str, Any]] = {}
    _factories: ClassVar[tuple[tuple[str, Callable[[], Any]], ...]] = ()

    def __init_subclass__(cls, order: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        inherited = {f.name: f for base in reversed(cls.__mro__[1:]) for f in base.__dict__.get(
            "_fields", ())}  # fmt: skip
        # This class's own annotations, as strings (PEP 563); inspect would cost an import.
        own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
        for name, annotation in own.items():
            if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                continue
            value = cls.__dict__.get(name, _MISSING)
            spec = value if isinstance(value, Field) else Field(default=value)
            spec.name = name
            inherited[name] = spec
            if value is not _MISSING:
                delattr(cls, name)  # instances always hold their own value
        cls._fields = tuple(inherited.values())
        cls._names = tuple(inherited)
        cls._known = frozenset(inherited)
        cls._defaults = {f.name: f.default for f in cls._fields if f.default is not _MISSING}
        cls._factories = tuple((f.name, f.factory) for f in cls._fields if f.factory is not None)
        optional = False
        for spec in cls._fields:
            if spec.required and optional:
                raise TypeError(f"{cls.__name__}.{spec.name}: a field without a default "
                                "follows one with a default")  # fmt: skip
            optional = optional or not spec.required
        if order:
            setattr(cls, "__lt__", _lt)  # noqa: B010 (mypy cannot see a method assigned here)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self._names
        if args:
            if len(args) > len(names):
                raise TypeError(f"{type(self).__name__} takes at most {len(names)} arguments")
            for name, value in zip(names, args, strict=False):
                if name in kwargs:
                    raise TypeError(f"{type(self).__name__} got {name!r} twice")
                kwargs[name] = value
        values = {**self._defaults, **kwargs}
        for name, factory in self._factories:
            if name not in values:
                values[name] = factory()
        if len(values) != len(names) or not values.keys() <= self._known:
            unknown = sorted(values.keys() - self._known)
            if unknown:
                raise TypeError(f"{type(self).__name__} has no field {unknown[0]!r}")
            missing = next(n for n in names if n not in values)
            raise TypeError(f"{type(self).__name__} needs {missing!r}")
        # One dict update instead of a setattr per field: __setattr__ refuses on purpose.
        self.__dict__.update(values)

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in self._fields if f.compare)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Frozen) or type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self._fields if f.repr)
        return f"{type(self).__name__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenError(f"{type(self).__name__} is immutable; make a new one with replace()")

    def __delattr__(self, name: str) -> None:
        raise FrozenError(f"{type(self).__name__} is immutable")


def _lt(self: Frozen, other: object) -> bool:
    if not isinstance(other, Frozen) or type(other) is not type(self):
        return NotImplemented  # type: ignore[no-any-return]
    return bool(self._key() < other._key())


def fields(record: Frozen | type[Frozen]) -> tuple[Field, ...]:
    """The fields of a record or record class, in declaration order (inherited first)."""
    return record._fields


def replace(record: T, **changes: Any) -> T:
    """A copy of `record` with some fields changed."""
    values = {name: getattr(record, name) for name in record._names}
    return type(record)(**{**values, **changes})
