"""Exceptions raised by the metrics package.

Every error shares the base class :class:`MetricsError`, so a page can catch
one type and show its message with ``st.error``. Each message is built from
the facts: which file, which column, which row, what was expected and what
was found.
"""

from __future__ import annotations

from dataclasses import dataclass


class MetricsError(Exception):
    """Base class for every error the metrics package raises on purpose."""


class SettingsError(MetricsError):
    """config.toml is missing, malformed, or has a value out of range."""

    def __init__(self, *, path: str, key: str, problem: str, hint: str = "") -> None:
        self.path, self.key, self.problem = path, key, problem
        message = f"{path}: setting `{key}` {problem}."
        if hint:
            message += f" {hint}"
        super().__init__(message)


class UnknownIndicatorError(MetricsError):
    """An indicator id that is not in the registry."""

    def __init__(self, *, indicator_id: str) -> None:
        self.indicator_id = indicator_id
        super().__init__(f"Indicator `{indicator_id}` is not in the indicator registry.")


class UnknownAreaError(MetricsError):
    """An area code that is not in the areas table."""

    def __init__(self, *, area_code: str) -> None:
        self.area_code = area_code
        super().__init__(f"Area `{area_code}` is not in the areas table.")


class PeriodParseError(MetricsError):
    """A period label that none of the known forms matches."""

    def __init__(self, *, label: str) -> None:
        self.label = label
        super().__init__(
            f"Period `{label}` could not be read. Expected one of: "
            "'2022/23' (financial year), '2023/24 Q1' (quarter), 'Jun 2023' or "
            "'2023-06' (month), '30/06/2023' or '2023-06-30' (snapshot date), '2022/23 Q1-Q3' (part year)."
        )


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or one column) of an input table."""

    column: str
    row: int | None  # the line (CSV) or row (spreadsheet) as a person finds it in the file; None: the whole column
    expected: str
    found: str
    location: str = ""  # how a person finds the cell: "line 14, column `value`", "Sheet1!D14 (column `value`)"

    def describe(self) -> str:
        where = self.location or (
            f"row {self.row}, column `{self.column}`" if self.row is not None else f"column `{self.column}`"
        )
        return f"{where}: expected {self.expected}, found {self.found}"


class TableValidationError(MetricsError):
    """A table broke its contract. Carries every problem found, not just the first."""

    MAX_LISTED = 20

    def __init__(self, *, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        lines = [p.describe() for p in problems[: self.MAX_LISTED]]
        more = len(problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        super().__init__(f"{file} was rejected ({len(problems)} problem(s)):\n  - " + "\n  - ".join(lines))


class MissingTableError(MetricsError):
    """A published table the app needs is not in the data folder."""

    def __init__(self, *, file: str, what: str) -> None:
        self.file = file
        super().__init__(
            f"{file} is missing: the {what} cannot be shown. Run `python -m metrics.seed` to rebuild the bundled data."
        )


class DataFileError(MetricsError):
    """Published data that could not be read although its files were served."""

    def __init__(self, *, problem: str) -> None:
        super().__init__(f"The published data could not be read: {problem}.")


class PublishError(MetricsError):
    """Publishing or restoring a dataset could not be done."""


class AgendaError(MetricsError):
    """An agenda (from a link or a preset) that cannot be used."""

    def __init__(self, *, problem: str) -> None:
        self.problem = problem
        super().__init__(f"The agenda {problem}.")


class CommentaryError(MetricsError):
    """A key message that cannot be saved or read."""

    def __init__(self, *, store: str, problem: str) -> None:
        self.store, self.problem = store, problem
        super().__init__(f"{store}: {problem}.")


class NoFunnelError(MetricsError):
    """A funnel plot that cannot be drawn for an indicator and period; the reason is said in words."""

    def __init__(self, *, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class PackError(MetricsError):
    """A meeting pack that cannot be built."""
