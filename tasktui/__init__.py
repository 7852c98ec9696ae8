"""tasktui: turn meeting speeches into tracked directives (督办事项)."""

__version__ = "0.1.0"
