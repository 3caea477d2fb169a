"""Helpers for the optional compiled build (docs/performance.md, "Compiled build (optional)").

``mypyc_attr(native_class=False)`` marks a class mypyc keeps as a regular Python class (with an instance
``__dict__``); mypyc recognizes it by its name, ``mypy_extensions.mypyc_attr``. ``mypy_extensions`` ships with mypy
and is not a dependency of the package: without it the decorator does nothing.

``cached_property`` is ``functools.cached_property``. mypy, and so mypyc, would see that one as a plain property
(mypyc then recomputes the value on every access); under this name the type checker sees a generic descriptor, so
mypyc applies the decorator as written and the value is cached in the instance ``__dict__``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

T = TypeVar("T")

if TYPE_CHECKING:
    from mypy_extensions import mypyc_attr

    class cached_property(Generic[T]):  # noqa: N801  (functools' name)
        def __init__(self, func: Callable[[Any], T]) -> None: ...

        @overload
        def __get__(self, instance: None, owner: type[Any] | None = None) -> cached_property[T]: ...

        @overload
        def __get__(self, instance: object, owner: type[Any] | None = None) -> T: ...

        def __get__(self, instance: object, owner: type[Any] | None = None) -> Any: ...

        def __set_name__(self, owner: type[Any], name: str) -> None: ...

else:
    from functools import cached_property

    try:
        from mypy_extensions import mypyc_attr
    except ImportError:  # the pure-Python install: nothing to mark

        def mypyc_attr(*_args: Any, **_kwargs: Any) -> Any:
            return lambda cls: cls


__all__ = ["cached_property", "mypyc_attr"]
