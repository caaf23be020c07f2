"""Graded exercises: definitions (``core``), chapter banks, live forms, static self-checks, editions
and class grading. In a notebook: ``import exercises`` then ``ex = exercises.start("ch1")``.
"""
from .core import Choice, Code, Exercise, Feedback, FreeText, Matching, Misconception, Numeric, Ordering
from .parsing import AnswerError, parse_quantity
from .session import Session, start

__all__ = ["Choice", "Code", "Exercise", "Feedback", "FreeText", "Matching", "Misconception", "Numeric",
           "Ordering", "AnswerError", "parse_quantity", "Session", "start"]
